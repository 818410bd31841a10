package com.gaterouter.common.spend.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.spool.Settlement;
import com.gaterouter.common.usage.FailedAttempt;
import com.gaterouter.common.usage.RouteDecision;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageRecordJson;
import com.gaterouter.common.usage.UsageStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The journal's payload: a usage record's JSON; journals of earlier versions (settlement JSON) still read. */
class JournaledSpendLedgerPayloadTest {

    private static final Instant AT = Instant.parse("2031-05-06T07:08:09.123Z");
    private static final UsageRecord RECORD = new UsageRecord("req-1", new Principal("t", "d", "p", "u", "k"), "auto",
            "openai/gpt-4o-mini", "openai", 2, new TokenUsage(10, 1, 0, 5, 2), 1_234, 50, 20, UsageStatus.SUCCEEDED, 200, true, AT,
            Optional.of(new RouteDecision("light", 0.1, List.of("auto"), false, "openai/gpt-4o-mini", "openai/gpt-5", 1, 9)),
            List.of(FailedAttempt.of(1, "openai/gpt-4o-mini", "openai", "TIMEOUT", 0, 30)), List.of("lease-a"));

    @Test
    void aUsageRecordRoundTripsAndTheReservationIsNotWritten() {
        byte[] payload = JournaledSpendLedger.encode(RECORD);
        assertThat(new String(payload, StandardCharsets.UTF_8)).doesNotContain("reservation").contains("\"requestId\":\"req-1\"");
        var decoded = JournaledSpendLedger.decode(payload);
        assertThat(decoded.usage()).isEqualTo(RECORD);
        // the usage store keeps the payload as it is: the same JSON the record writes
        assertThat(decoded.json()).isEqualTo(new String(payload, StandardCharsets.UTF_8)).isEqualTo(UsageRecordJson.toJson(RECORD));
    }

    @Test
    void aSettlementWrittenByAnEarlierVersionReadsAsItsUsageRecord() {
        var reservation = new Reservation("req-1", "t", AT, 5_000, 100, List.of(), List.of());
        byte[] old = new Settlement(reservation, RECORD).toJson().getBytes(StandardCharsets.UTF_8);
        var decoded = JournaledSpendLedger.decode(old);
        assertThat(decoded.usage()).isEqualTo(RECORD);
        assertThat(decoded.json()).isEqualTo(UsageRecordJson.toJson(RECORD));
    }

    @Test
    void anythingElseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> JournaledSpendLedger.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> JournaledSpendLedger.decode("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> JournaledSpendLedger.decode("{\"requestId\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing principal");
    }
}
