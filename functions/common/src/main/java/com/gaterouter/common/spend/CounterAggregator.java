package com.gaterouter.common.spend;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Aggregates a batch of usage records into what each distinct counter gains — the one aggregation
 * the AWS counter function (a DynamoDB Stream batch) and the local gateway (a journal batch) share.
 *
 * <p>A record moves the counters settlement moves today: the month and day counters (calendar periods
 * in the tenant's time zone, at the record's {@code occurredAt}) of each of the caller's five scopes,
 * key → user → project → department → tenant, by its cost, its tokens (prompt + completion) and one
 * request. With {@link Windows#WITH_MINUTES} it also moves the minute counter of each scope that takes
 * rate limits (key, user, project), which RPM/TPM enforcement uses. A {@link UsageStatus#REFUSED}
 * record moves nothing (the gateway refused it before any vendor call; today it is written alone).
 *
 * <p>Each allowance lease a record names ({@link UsageRecord#leases()}, each id once per record) gains the
 * record's sums in the batch's {@link CounterBatch#leases() lease tallies}: what a crashed instance's expired
 * lease is reclaimed at.
 */
public final class CounterAggregator {

    /** Which windows a record is counted in. */
    public enum Windows {
        /** Month and day: the budgets and token quotas. */
        MONTH_AND_DAY,
        /** Month and day, and the minute of the rate-limited scopes. */
        WITH_MINUTES
    }

    /** A usage record and its position in the source it was read from. */
    public record Positioned(SourcePosition at, UsageRecord usage) {
        public Positioned {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(usage, "usage");
        }
    }

    private final Function<String, ZoneId> zoneOfTenant;
    private final Windows windows;

    /** @param zoneOfTenant a tenant's time zone, whose calendar days and months its counters count */
    public CounterAggregator(Function<String, ZoneId> zoneOfTenant, Windows windows) {
        this.zoneOfTenant = Objects.requireNonNull(zoneOfTenant, "zoneOfTenant");
        this.windows = Objects.requireNonNull(windows, "windows");
    }

    /**
     * The batch per distinct counter.
     *
     * @param records one source's records in source order (positions strictly increasing)
     * @throws IllegalArgumentException if the records come from several sources or out of order
     */
    public CounterBatch aggregate(List<Positioned> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a batch has at least one record");
        }
        String source = records.getFirst().at().source();
        Map<Counter, List<CounterBatch.Contribution>> byCounter = new LinkedHashMap<>();
        Map<String, List<CounterBatch.Contribution>> byLease = new LinkedHashMap<>();
        Map<String, Instant> leaseFirstSeen = new LinkedHashMap<>();
        SourcePosition previous = null;
        for (Positioned record : records) {
            if (previous != null && previous.compareTo(record.at()) >= 0) {
                throw new IllegalArgumentException("records are in source order: " + record.at().position()
                        + " after " + previous.position());
            }
            previous = record.at();
            UsageRecord usage = record.usage();
            if (usage.status() == UsageStatus.REFUSED) {
                continue;
            }
            CounterSums sums = sumsOf(usage);
            ZoneId zone = Objects.requireNonNull(zoneOfTenant.apply(usage.principal().tenantId()), "zone");
            for (Counter counter : countersOf(usage.principal(), usage.occurredAt(), zone, windows)) {
                byCounter.computeIfAbsent(counter, c -> new ArrayList<>())
                        .add(new CounterBatch.Contribution(record.at().position(), sums));
            }
            for (String leaseId : new LinkedHashSet<>(usage.leases())) {
                byLease.computeIfAbsent(leaseId, id -> new ArrayList<>())
                        .add(new CounterBatch.Contribution(record.at().position(), sums));
                leaseFirstSeen.putIfAbsent(leaseId, usage.occurredAt());
            }
        }
        Map<Counter, CounterBatch.Contributions> counters = new LinkedHashMap<>();
        byCounter.forEach((counter, contributions) -> counters.put(counter, new CounterBatch.Contributions(contributions)));
        Map<String, CounterBatch.LeaseTally> leases = new LinkedHashMap<>();
        byLease.forEach((leaseId, contributions) -> leases.put(leaseId,
                new CounterBatch.LeaseTally(leaseFirstSeen.get(leaseId), new CounterBatch.Contributions(contributions))));
        return new CounterBatch(source, counters, leases);
    }

    /** What one counted record adds to each of its counters. */
    public static CounterSums sumsOf(UsageRecord usage) {
        return new CounterSums(usage.costMicros(), usage.tokens().totalTokens(), 1);
    }

    /** The counters a record at {@code at} moves: per scope from the key outwards, month, day (and minute). */
    public static List<Counter> countersOf(Principal principal, Instant at, ZoneId zone, Windows windows) {
        LocalDate day = LocalDate.ofInstant(at, zone);
        Window.Day dayWindow = new Window.Day(day);
        Window.Month monthWindow = new Window.Month(YearMonth.from(day));
        Window.Minute minute = Window.Minute.containing(at);
        List<Counter> counters = new ArrayList<>();
        for (BudgetScope scope : BudgetScope.fromCallerOutwards()) {
            String scopeId = scope.idOf(principal);
            counters.add(new Counter(principal.tenantId(), scope, scopeId, monthWindow));
            counters.add(new Counter(principal.tenantId(), scope, scopeId, dayWindow));
            if (windows == Windows.WITH_MINUTES && scope.takesRateLimits()) {
                counters.add(new Counter(principal.tenantId(), scope, scopeId, minute));
            }
        }
        return counters;
    }
}
