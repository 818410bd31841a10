package com.gaterouter.router.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RefusalRecorderTest {

    private static final Instant MINUTE = Instant.parse("2026-11-24T09:05:00Z");

    private final List<UsageRecord> written = new CopyOnWriteArrayList<>();

    private SpendLedger.Outcome write(com.gaterouter.common.spend.Reservation nothing, UsageRecord record) {
        assertThat(nothing.limits()).isEmpty();
        assertThat(nothing.counters()).isEmpty();
        written.add(record);
        return SpendLedger.Outcome.SETTLED;
    }

    private static UsageRecord refused(String keyId, int n, Instant at) {
        return new UsageRecord("req-" + keyId + "-" + n, new Principal("t1", "d1", "p1", "u1", keyId), "openai/gpt-4o",
                "openai/gpt-4o", "openai", 0, TokenUsage.NONE, 0, 0, 0, UsageStatus.REFUSED, 429, false, at);
    }

    @Test
    void recordsEachRefusalUpToTheKeysBoundPerMinuteThenStopsCountingUntilTheNextMinute() {
        RefusalRecorder recorder = new RefusalRecorder(this::write, Runnable::run, 3, 10);

        List<RefusalRecorder.Fate> fates = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fates.add(recorder.record(refused("k1", i, MINUTE.plusSeconds(i))));
        }
        fates.add(recorder.record(refused("k2", 0, MINUTE.plusSeconds(30))));
        fates.add(recorder.record(refused("k1", 5, MINUTE.plus(Duration.ofSeconds(61)))));

        assertThat(fates).containsExactly(RefusalRecorder.Fate.RECORDING, RefusalRecorder.Fate.RECORDING,
                RefusalRecorder.Fate.RECORDING, RefusalRecorder.Fate.OVER_KEY_LIMIT, RefusalRecorder.Fate.OVER_KEY_LIMIT,
                RefusalRecorder.Fate.RECORDING, RefusalRecorder.Fate.RECORDING);
        assertThat(written).extracting(UsageRecord::requestId)
                .containsExactly("req-k1-0", "req-k1-1", "req-k1-2", "req-k2-0", "req-k1-5");
        assertThat(recorder.unrecorded()).isEqualTo(2);
    }

    @Test
    void writesOffTheCallingThreadAndDropsWhatExceedsThePendingBound() {
        List<Runnable> pending = new ArrayList<>();
        RefusalRecorder recorder = new RefusalRecorder(this::write, pending::add, 100, 2);

        assertThat(recorder.record(refused("k1", 0, MINUTE))).isEqualTo(RefusalRecorder.Fate.RECORDING);
        assertThat(recorder.record(refused("k1", 1, MINUTE))).isEqualTo(RefusalRecorder.Fate.RECORDING);
        assertThat(recorder.record(refused("k1", 2, MINUTE))).isEqualTo(RefusalRecorder.Fate.OVER_IN_FLIGHT_LIMIT);
        assertThat(written).as("nothing written on the caller's thread").isEmpty();

        pending.removeFirst().run();
        assertThat(recorder.record(refused("k1", 3, MINUTE))).as("a finished write frees its place")
                .isEqualTo(RefusalRecorder.Fate.RECORDING);
        pending.forEach(Runnable::run);
        assertThat(written).extracting(UsageRecord::requestId).containsExactly("req-k1-0", "req-k1-1", "req-k1-3");
        assertThat(recorder.unrecorded()).isEqualTo(1);
    }

    @Test
    void aFailingWriteOrExecutorNeverReachesTheCaller() {
        RefusalRecorder failingWriter = new RefusalRecorder((nothing, record) -> {
            throw new IllegalStateException("throttled");
        }, Runnable::run, 10, 10);
        RefusalRecorder rejecting = new RefusalRecorder(this::write, task -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }, 10, 1);

        assertThat(failingWriter.record(refused("k1", 0, MINUTE))).isEqualTo(RefusalRecorder.Fate.RECORDING);
        assertThat(rejecting.record(refused("k1", 0, MINUTE))).isEqualTo(RefusalRecorder.Fate.FAILED);
        assertThat(rejecting.record(refused("k1", 1, MINUTE))).as("the rejected task gave its place back (else: over the limit of 1)")
                .isEqualTo(RefusalRecorder.Fate.FAILED);
        assertThat(rejecting.unrecorded()).isEqualTo(2);
        assertThat(written).isEmpty();
    }

    @Test
    void onlyRefusalsWithoutTokensOrCostAreRecordedAndOnlyTheGatewaysOwnLimitsAndPermissionsCount() {
        RefusalRecorder recorder = new RefusalRecorder(this::write, Runnable::run, 10, 10);
        UsageRecord served = new UsageRecord("req-ok", new Principal("t1", "d1", "p1", "u1", "k1"), "openai/gpt-4o",
                "openai/gpt-4o", "openai", 1, new TokenUsage(10, 0, 0, 5, 0), 42, 100, 100, UsageStatus.SUCCEEDED, 200, false, MINUTE);
        assertThatThrownBy(() -> recorder.record(served)).isInstanceOf(IllegalArgumentException.class);

        assertThat(RefusalRecorder.counts(new ApiError(429, "insufficient_quota", "insufficient_quota", null, "m", Map.of()))).isTrue();
        assertThat(RefusalRecorder.counts(new ApiError(429, "rate_limit_error", "rate_limit_exceeded", null, "m", Map.of()))).isTrue();
        assertThat(RefusalRecorder.counts(ApiError.forbidden("model_not_allowed", "model", "m"))).isTrue();
        assertThat(RefusalRecorder.counts(new ApiError(429, "rate_limit_error", "vendor_rate_limited", null, "m", Map.of())))
                .as("a vendor's rate limit is a vendor failure, metered as such").isFalse();
        assertThat(RefusalRecorder.counts(new ApiError(503, "api_error", "budget_check_unavailable", null, "m", Map.of()))).isFalse();
        assertThat(RefusalRecorder.counts(ApiError.notFound("model_not_found", "model", "m"))).isFalse();
    }
}
