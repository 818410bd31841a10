package com.gaterouter.common.spend.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.usage.FailedAttempt;
import com.gaterouter.common.usage.RouteDecision;
import com.gaterouter.common.usage.UsageRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SettlementTest {

    @Test
    void survivesItsJsonFormUnchanged() {
        Settlement settlement = SpoolFixtures.settlement("req-1", 1_234);

        String json = settlement.toJson();

        assertThat(json).doesNotContain("\n");
        assertThat(Settlement.fromJson(json)).isEqualTo(settlement);
    }

    @Test
    void aRecordWithARouteDecisionAndFailedAttemptsRoundTrips() {
        Settlement plain = SpoolFixtures.settlement("req-f", 2_500);
        UsageRecord u = plain.usage();
        UsageRecord withFailures = new UsageRecord(u.requestId(), u.principal(), u.requestedModel(), "deepseek/deepseek-chat",
                "deepseek", 4, u.tokens(), u.costMicros(), u.latencyMillis(), u.ttftMillis(), u.status(), u.httpStatus(),
                u.stream(), u.occurredAt(), Optional.of(new RouteDecision("light", 0.183, List.of("auto", "simple_task"), false,
                        "openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", 2_400, 61_000)), List.of(
                        FailedAttempt.of(1, "openai/gpt-4o-mini", "openai", "SERVER_ERROR", 503, 120),
                        FailedAttempt.of(2, "openai/gpt-4o-mini", "openai", "RATE_LIMITED", 429, 40),
                        FailedAttempt.of(3, "openai/gpt-4o-mini", "openai", "TIMEOUT", 0, 3_000)));
        Settlement settlement = new Settlement(plain.reservation(), withFailures);

        String json = settlement.toJson();

        assertThat(json).doesNotContain("\n").contains("\"tier\":\"light\"").contains("\"reasons\":[\"auto\",\"simple_task\"]").contains("\"kind\":\"TIMEOUT\"");
        Settlement back = Settlement.fromJson(json);
        assertThat(back).isEqualTo(settlement);
        assertThat(back.usage().failedAttempts().get(2).httpStatus()).as("a time-out has no HTTP status").isEqualTo(OptionalInt.empty());
    }

    @Test
    void theLeasesARecordDrewOnRoundTripAndAreAbsentWhenThereAreNone() {
        Settlement plain = SpoolFixtures.settlement("req-l", 900);
        Settlement leased = new Settlement(plain.reservation(), plain.usage().withLeases(List.of("k3f9a.1c", "k3f9a.1d")));

        String json = leased.toJson();

        assertThat(json).contains("\"leases\":[\"k3f9a.1c\",\"k3f9a.1d\"]");
        assertThat(Settlement.fromJson(json)).isEqualTo(leased);
        assertThat(Settlement.fromJson(json).usage().leases()).containsExactly("k3f9a.1c", "k3f9a.1d");
        assertThat(plain.toJson()).doesNotContain("leases");
        assertThat(Settlement.fromJson(plain.toJson()).usage().leases()).isEmpty();
    }

    @Test
    void jsonWrittenBeforeTierAndFailedAttemptsReadsAsNoneOfEither() {
        // a spooled line from before the fields existed: exactly what the previous codec wrote
        String old = "{\"v\":1,\"reservation\":{\"requestId\":\"req-old\",\"tenantId\":\"acme\","
                + "\"at\":\"2026-11-24T09:05:17.250Z\",\"usdMicros\":5000,\"tokens\":1200,\"limits\":[],\"counters\":[]},"
                + "\"usage\":{\"requestId\":\"req-old\",\"principal\":{\"tenantId\":\"acme\",\"departmentId\":\"d1\","
                + "\"projectId\":\"p1\",\"userId\":\"u1\",\"keyId\":\"k1\"},\"requestedModel\":\"auto\","
                + "\"servedModel\":\"openai/gpt-4o-mini\",\"vendor\":\"openai\",\"attempts\":1,"
                + "\"tokens\":{\"prompt\":10,\"cachedPrompt\":0,\"cacheWrite\":0,\"completion\":5,\"reasoning\":0},"
                + "\"costMicros\":7,\"latencyMillis\":300,\"ttftMillis\":80,\"status\":\"SUCCEEDED\",\"httpStatus\":200,"
                + "\"stream\":false,\"occurredAt\":\"2026-11-24T09:05:17.250Z\"}}";

        UsageRecord usage = Settlement.fromJson(old).usage();

        assertThat(usage.tier()).isEmpty();
        assertThat(usage.failedAttempts()).isEmpty();
        assertThat(usage.costMicros()).isEqualTo(7);
        assertThat(SpoolFixtures.settlement("req-n", 1).toJson()).as("none of either: nothing written")
                .doesNotContain("route").doesNotContain("failedAttempts");
    }

    @Test
    void aReservationWithoutLimitsRoundTripsToo() {
        Settlement full = SpoolFixtures.settlement("req-2", 0);
        Reservation none = new Reservation("req-2", "acme", full.reservation().at(), 0, 0, List.of(),
                full.reservation().counters());
        Settlement settlement = new Settlement(none, full.usage());

        assertThat(Settlement.fromJson(settlement.toJson())).isEqualTo(settlement);
    }

    @Test
    void windowsAreReadBackFromTheirCounterKeys() {
        for (Window window : List.of(new Window.Day(LocalDate.of(2026, 2, 28)), new Window.Month(YearMonth.of(2026, 12)),
                Window.Minute.containing(Instant.parse("2026-11-24T09:05:59.999Z")))) {
            assertThat(Settlement.window(window.key())).isEqualTo(window);
        }
    }

    @Test
    void aReservationAndARecordOfDifferentRequestsAreNotASettlement() {
        Settlement a = SpoolFixtures.settlement("req-a", 1);
        Settlement b = SpoolFixtures.settlement("req-b", 1);

        assertThatThrownBy(() -> new Settlement(a.reservation(), b.usage()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatIsNotASettlementIsRefusedWithAReason() {
        assertThatThrownBy(() -> Settlement.fromJson("{\"v\":1,\"reserv")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Settlement.fromJson("[]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Settlement.fromJson("{\"v\":2}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
        String noUsage = SpoolFixtures.settlement("req-3", 1).toJson().replace("\"usage\"", "\"other\"");
        assertThatThrownBy(() -> Settlement.fromJson(noUsage)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("usage");
        String negativeCost = SpoolFixtures.settlement("req-4", 1).toJson().replace("\"costMicros\":1", "\"costMicros\":-1");
        assertThatThrownBy(() -> Settlement.fromJson(negativeCost)).isInstanceOf(IllegalArgumentException.class);
    }
}
