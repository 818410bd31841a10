package com.gaterouter.common.spend.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.Window;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
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
