package com.gaterouter.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.ReserveResult.Refused;
import com.gaterouter.common.spend.Window;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words of a 429: exact money, "would exceed" for a worst case that does not fit, "reached" for spend at the limit. */
class BudgetRefusalTest {

    /** 2026-11-24 09:05:48 UTC: 12 s before the minute ends. */
    private static final Instant NOW = Instant.parse("2026-11-24T09:05:48Z");

    private static Counter counter(BudgetScope scope, String id, Window window) {
        return new Counter("t1", scope, id, window);
    }

    private static final Counter PROJECT_MONTH = counter(BudgetScope.PROJECT, "p1", new Window.Month(YearMonth.of(2026, 11)));
    private static final Counter KEY_DAY = counter(BudgetScope.KEY, "k1", new Window.Day(LocalDate.of(2026, 11, 24)));
    private static final Counter KEY_MINUTE = counter(BudgetScope.KEY, "k1", Window.Minute.containing(NOW));

    private static Reservation worstCase(long usdMicros, long tokens, CounterLimit limit) {
        return new Reservation("req-1", "t1", NOW, usdMicros, tokens, List.of(limit), List.of());
    }

    private static ApiError refusal(long usdMicros, long tokens, CounterLimit limit, long used, long settled) {
        return BudgetRefusal.of(worstCase(usdMicros, tokens, limit), new Refused(limit, used, settled), NOW);
    }

    @Test
    void aWorstCaseThatDoesNotFitBesideSpendAndWhatIsInFlightWouldExceedInExactAmounts() {
        CounterLimit budget = new CounterLimit(PROJECT_MONTH, Measure.USD_MICROS, 1_000_000, "project Chatbot");

        ApiError error = refusal(12_300, 900, budget, 996_000, 995_000);

        assertThat(error.status()).isEqualTo(429);
        assertThat(error.type()).isEqualTo("insufficient_quota");
        assertThat(error.code()).isEqualTo("insufficient_quota");
        assertThat(error.message()).isEqualTo("This request's worst case of $0.0123 would exceed the project Chatbot budget "
                + "of $1.00 per month ($0.995 spent, $0.001 committed).");
        assertThat(error.extraHeaders()).containsEntry("x-should-retry", "false").doesNotContainKey("retry-after");
    }

    @Test
    void subCentAmountsAreShownExactlyNeverAsZeroCents() {
        CounterLimit budget = new CounterLimit(KEY_DAY, Measure.USD_MICROS, 1_000, "key k1");

        assertThat(refusal(308, 40, budget, 950, 900).message()).isEqualTo("This request's worst case of $0.000308 would exceed "
                + "the key k1 budget of $0.001 per day ($0.0009 spent, $0.00005 committed).");
        assertThat(refusal(308, 40, budget, 900, 900).message()).as("nothing in flight")
                .isEqualTo("This request's worst case of $0.000308 would exceed the key k1 budget of $0.001 per day "
                        + "($0.0009 spent, $0.00 committed).");
    }

    @Test
    void spendAtTheLimitHasBeenReachedAndPastItExceededWhateverTheRequestWouldCost() {
        CounterLimit budget = new CounterLimit(PROJECT_MONTH, Measure.USD_MICROS, 500_000_000, "department Marketing");

        assertThat(refusal(0, 10, budget, 500_000_000, 500_000_000).message())
                .isEqualTo("The department Marketing budget of $500.00 per month has been reached ($500.00 spent).");
        assertThat(refusal(12_300, 10, budget, 500_004_000, 500_000_308).message())
                .isEqualTo("The department Marketing budget of $500.00 per month has been exceeded ($500.000308 spent).");
        assertThat(refusal(12_300, 10, budget, 500_000_000, 499_999_000).message()).as("below the limit until in-flight requests settle")
                .startsWith("This request's worst case of $0.0123 would exceed");
    }

    @Test
    void aWorstCaseLargerThanTheWholeLimitSaysSoAndHowToShrinkIt() {
        CounterLimit budget = new CounterLimit(KEY_DAY, Measure.USD_MICROS, 10_000, "key k1");

        assertThat(refusal(25_000, 3_000, budget, 0, 0).message()).isEqualTo("This request's worst case of $0.025 is more than "
                + "the key k1 budget of $0.01 per day allows at all; lower max_tokens or shorten the prompt.");
    }

    @Test
    void tokenQuotasSpeakOfTokensUsed() {
        CounterLimit quota = new CounterLimit(PROJECT_MONTH, Measure.TOKENS, 100_000, "project Chatbot");

        assertThat(refusal(10, 4_097, quota, 99_000, 97_000).message()).isEqualTo("This request's worst case of 4097 tokens "
                + "would exceed the project Chatbot token quota of 100000 tokens per month (97000 tokens used, 2000 tokens committed).");
        assertThat(refusal(10, 1, quota, 100_000, 100_000).message())
                .isEqualTo("The project Chatbot token quota of 100000 tokens per month has been reached (100000 tokens used).");
    }

    @Test
    void rateLimitsSayWhenToRetryAndKeepTheirHeaders() {
        CounterLimit rpm = new CounterLimit(KEY_MINUTE, Measure.REQUESTS, 1, "key k1");
        CounterLimit tpm = new CounterLimit(KEY_MINUTE, Measure.TOKENS, 10_000, "key k1");

        ApiError requests = refusal(10, 500, rpm, 1, 1);
        assertThat(requests.type()).isEqualTo("rate_limit_error");
        assertThat(requests.code()).isEqualTo("rate_limit_exceeded");
        assertThat(requests.message()).isEqualTo("The key k1 rate limit of 1 request per minute has been reached; retry in 12 s.");
        assertThat(requests.extraHeaders()).containsEntry("retry-after", "12").containsEntry("x-ratelimit-limit-requests", "1")
                .containsEntry("x-ratelimit-remaining-requests", "0").containsEntry("x-ratelimit-reset-requests", "12s")
                .doesNotContainKey("x-should-retry");

        assertThat(refusal(10, 4_000, tpm, 7_500, 7_500).message()).isEqualTo("This request's worst case of 4000 tokens would "
                + "exceed the key k1 rate limit of 10000 tokens per minute (7500 tokens used this minute); retry in 12 s.");
        assertThat(refusal(10, 1, tpm, 10_000, 10_000).message())
                .isEqualTo("The key k1 rate limit of 10000 tokens per minute has been reached; retry in 12 s.");

        ApiError never = refusal(10, 12_000, tpm, 0, 0);
        assertThat(never.message()).isEqualTo("This request's worst case of 12000 tokens is more than the key k1 rate limit "
                + "of 10000 tokens per minute allows at all; lower max_tokens or shorten the prompt.");
        assertThat(never.extraHeaders()).containsEntry("x-should-retry", "false");
    }
}
