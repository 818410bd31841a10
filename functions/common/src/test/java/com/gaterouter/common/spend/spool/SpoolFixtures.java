package com.gaterouter.common.spend.spool;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.Instant;
import java.util.List;

/**
 * Settlements for spool tests. Replayed settlements land in DynamoDB Local (usage items and counters
 * with TTLs, swept on the machine's clock), so the request happened in {@link FutureYear}.
 */
public final class SpoolFixtures {

    public static final Principal PRINCIPAL = new Principal("acme", "d1", "p1", "u1", "k1");
    public static final Instant AT = FutureYear.instant("YYYY-11-24T09:05:17.250Z");

    private SpoolFixtures() {
    }

    public static Settlement settlement(String requestId, long costMicros) {
        Counter month = new Counter("acme", BudgetScope.DEPARTMENT, "d1", new Window.Month(FutureYear.month(11)));
        Counter day = new Counter("acme", BudgetScope.KEY, "k1", new Window.Day(FutureYear.date(11, 24)));
        Counter minute = new Counter("acme", BudgetScope.KEY, "k1", Window.Minute.containing(AT));
        Reservation reservation = new Reservation(requestId, "acme", AT, 5_000, 1_200,
                List.of(new CounterLimit(month, Measure.USD_MICROS, 500_000_000, "department Marketing"),
                        new CounterLimit(minute, Measure.REQUESTS, 60, "key k1")),
                List.of(month, day));
        UsageRecord usage = new UsageRecord(requestId, PRINCIPAL, "auto", "openai/gpt-4o-mini", "openai", 2,
                new TokenUsage(1000, 200, 0, 150, 20), costMicros, 812, 95, UsageStatus.SUCCEEDED, 200, true, AT);
        return new Settlement(reservation, usage);
    }
}
