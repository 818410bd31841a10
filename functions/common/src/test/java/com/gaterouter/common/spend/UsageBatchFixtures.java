package com.gaterouter.common.spend;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.CounterAggregator.Positioned;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Usage batches for the counter tests: callers of two tenants in different time zones, records around a
 * month's end (so days and months differ between the zones), and the expected counter sums computed
 * record by record, independently of {@link CounterAggregator}.
 */
final class UsageBatchFixtures {

    /** Half an hour before the last day of November ends in UTC: Tokyo is already in December. */
    static final Instant BASE = FutureYear.instant("YYYY-11-30T23:30:00Z");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    final String tenantA;
    final String tenantB;
    final List<Principal> principals = new ArrayList<>();

    /** @param prefix makes the tenants unique per test (counter items outlive a test on one table) */
    UsageBatchFixtures(String prefix) {
        tenantA = prefix + "-utc";
        tenantB = prefix + "-tokyo";
        for (String tenant : List.of(tenantA, tenantB)) {
            for (int d = 0; d < 2; d++) {
                for (int u = 0; u < 3; u++) {
                    principals.add(new Principal(tenant, "dept-" + d, "proj-" + (u % 2), "user-" + u, "key-" + u + "-" + d));
                }
            }
        }
    }

    Function<String, ZoneId> zones() {
        return tenant -> tenant.equals(tenantB) ? TOKYO : ZoneId.of("UTC");
    }

    /** What a record is: which caller, how much, when, whether refused. */
    record Spec(int caller, long costMicros, int promptTokens, int completionTokens, int minutesAfterBase, boolean refused) {
    }

    UsageRecord record(String requestId, Spec spec) {
        Principal principal = principals.get(Math.floorMod(spec.caller(), principals.size()));
        UsageStatus status = spec.refused() ? UsageStatus.REFUSED : UsageStatus.SUCCEEDED;
        TokenUsage tokens = spec.refused() ? TokenUsage.NONE : new TokenUsage(spec.promptTokens(), 0, 0, spec.completionTokens(), 0);
        return new UsageRecord(requestId, principal, "auto", "openai/gpt-4o-mini", "openai", spec.refused() ? 0 : 1,
                tokens, spec.refused() ? 0 : spec.costMicros(), 10, 10, status, spec.refused() ? 429 : 200, false,
                BASE.plus(Duration.ofMinutes(spec.minutesAfterBase())));
    }

    /** Records of one shard, sequence numbers increasing by random gaps from {@code firstSequence}. */
    List<Positioned> shard(String shardId, String requestPrefix, List<Spec> specs, long firstSequence, Random gaps) {
        List<Positioned> records = new ArrayList<>();
        long sequence = firstSequence;
        for (int i = 0; i < specs.size(); i++) {
            sequence += 1 + gaps.nextInt(1000);
            // 21-digit sequence numbers, as DynamoDB Streams hands out: beyond a long, compared as padded strings
            records.add(new Positioned(SourcePosition.streamShard(shardId, "1" + String.format("%020d", sequence)),
                    record(requestPrefix + "-" + i, specs.get(i))));
        }
        return records;
    }

    static List<Spec> randomSpecs(Random random, int count) {
        return randomSpecs(random, count, 24 * 60);
    }

    /** @param minutes the records fall in this many minutes after {@link #BASE} */
    static List<Spec> randomSpecs(Random random, int count, int minutes) {
        List<Spec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(new Spec(random.nextInt(100), random.nextInt(50_000), random.nextInt(4000), random.nextInt(2000),
                    random.nextInt(minutes), random.nextInt(10) == 0));
        }
        return specs;
    }

    /** Expected sums: record by record, the month and day of every scope (and minutes of key, user, project). */
    Map<Counter, CounterSums> expected(List<UsageRecord> records, boolean withMinutes) {
        Map<Counter, CounterSums> sums = new HashMap<>();
        for (UsageRecord r : records) {
            if (r.status() == UsageStatus.REFUSED) {
                continue;
            }
            Principal p = r.principal();
            LocalDate day = LocalDate.ofInstant(r.occurredAt(), zones().apply(p.tenantId()));
            Map<BudgetScope, String> ids = Map.of(BudgetScope.TENANT, p.tenantId(), BudgetScope.DEPARTMENT, p.departmentId(),
                    BudgetScope.PROJECT, p.projectId(), BudgetScope.USER, p.userId(), BudgetScope.KEY, p.keyId());
            CounterSums one = new CounterSums(r.costMicros(), r.tokens().promptTokens() + r.tokens().completionTokens(), 1);
            ids.forEach((scope, id) -> {
                List<Window> windows = new ArrayList<>(List.of(new Window.Day(day), new Window.Month(YearMonth.from(day))));
                if (withMinutes && scope != BudgetScope.TENANT && scope != BudgetScope.DEPARTMENT) {
                    windows.add(Window.Minute.containing(r.occurredAt()));
                }
                windows.forEach(w -> sums.merge(new Counter(p.tenantId(), scope, id, w), one, CounterSums::plus));
            });
        }
        return sums;
    }
}
