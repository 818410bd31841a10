package com.gaterouter.admin.budgets;

import com.gaterouter.common.accounts.Budget;
import com.gaterouter.common.accounts.Limits;
import com.gaterouter.common.alerts.SpendForecast;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.SpendCounters.CounterValues;
import com.gaterouter.common.spend.Window;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What each limit of a budget has used in its current period, as the router counts it: the same
 * spend counters it reserves against and settles into, in the tenant's time zone (days and months)
 * or the current UTC minute (rates).
 *
 * @param asOf     the instant the periods are current at
 * @param timeZone the tenant's time zone, where its days and months begin
 * @param limits   one entry per limit the budget sets, in {@link Limit} order
 */
record BudgetUsage(Instant asOf, ZoneId timeZone, List<LimitUsage> limits) {

    public BudgetUsage {
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(timeZone, "timeZone");
        limits = List.copyOf(limits);
    }

    /** A budget's limits, as its JSON names them. */
    public enum Limit {
        MONTHLY_USD("monthlyUsd", Measure.USD_MICROS, Limits::monthlyUsdMicros),
        DAILY_USD("dailyUsd", Measure.USD_MICROS, Limits::dailyUsdMicros),
        MONTHLY_TOKENS("monthlyTokens", Measure.TOKENS, Limits::monthlyTokens),
        DAILY_TOKENS("dailyTokens", Measure.TOKENS, Limits::dailyTokens),
        RPM("rpm", Measure.REQUESTS, Limits::requestsPerMinute),
        TPM("tpm", Measure.TOKENS, Limits::tokensPerMinute);

        private final String field;
        private final Measure measure;
        private final Function<Limits, OptionalLong> value;

        Limit(String field, Measure measure, Function<Limits, OptionalLong> value) {
            this.field = field;
            this.measure = measure;
            this.value = value;
        }

        public String field() {
            return field;
        }

        public Measure measure() {
            return measure;
        }

        public OptionalLong of(Limits limits) {
            return value.apply(limits);
        }

        /** Per minute: the counters keep what was used, not what of it settled. */
        public boolean rate() {
            return this == RPM || this == TPM;
        }

        /** The window this limit counts in at {@code now}, for a tenant in {@code zone}. */
        Window window(Instant now, ZoneId zone) {
            return switch (this) {
                case MONTHLY_USD, MONTHLY_TOKENS -> Window.Month.containing(now, zone);
                case DAILY_USD, DAILY_TOKENS -> Window.Day.containing(now, zone);
                case RPM, TPM -> Window.Minute.containing(now);
            };
        }
    }

    /**
     * One limit in its current period.
     *
     * @param used     what the counter holds: settled amounts and what requests in flight have reserved (requests admitted, for RPM)
     * @param spent    of {@code used}, what settled requests actually used (quotas; for rates the same as {@code used})
     * @param forecast USD limits: where {@code spent} is heading by the period's end at its average pace so far
     *                 ({@link SpendForecast#project}, the rule of the forecast alert); empty early in the period and for other limits
     */
    public record LimitUsage(Limit limit, Window window, Instant periodStart, Instant periodEnd, long limitValue, long used,
                             long spent, Optional<SpendForecast> forecast) {

        public LimitUsage {
            forecast = Objects.requireNonNullElse(forecast, Optional.empty());
        }

        /** Reserved by requests still in flight (quotas; zero for rates, whose counters keep no such split). */
        public long committed() {
            return Math.max(0, used - spent);
        }

        /** What the limit still has room for; never negative (spend may overshoot by what a request used beyond its reservation). */
        public long remaining() {
            return Math.max(0, limitValue - Math.max(used, spent));
        }
    }

    /** The counters the usage of {@code budgets} at {@code now} needs, each once: one batch read for all of them. */
    public static List<Counter> counters(List<Budget> budgets, Instant now, ZoneId zone) {
        LinkedHashSet<Counter> counters = new LinkedHashSet<>();
        for (Budget budget : budgets) {
            for (Limit limit : Limit.values()) {
                if (limit.of(budget.limits()).isPresent()) {
                    counters.add(counter(budget, limit, now, zone));
                }
            }
        }
        return List.copyOf(counters);
    }

    /** The usage of {@code budget} at {@code now} from counter {@code values} (absent counters count as unused). */
    public static BudgetUsage of(Budget budget, Instant now, ZoneId zone, Map<Counter, CounterValues> values) {
        List<LimitUsage> limits = new ArrayList<>();
        for (Limit limit : Limit.values()) {
            OptionalLong value = limit.of(budget.limits());
            if (value.isEmpty()) {
                continue;
            }
            Counter counter = counter(budget, limit, now, zone);
            CounterValues v = values.getOrDefault(counter, CounterValues.ZERO);
            long used = switch (limit.measure()) {
                case USD_MICROS -> v.committedUsdMicros();
                case TOKENS -> v.committedTokens();
                case REQUESTS -> v.requests();
            };
            long spent = limit.rate() ? used : switch (limit.measure()) {
                case USD_MICROS -> v.settledUsdMicros();
                case TOKENS -> v.settledTokens();
                case REQUESTS -> v.requests();
            };
            Window window = counter.window();
            Instant start = window.startsAt(zone);
            Instant end = window.endsAt(zone);
            // settled spend only: what is in flight may still be released
            Optional<SpendForecast> forecast = limit.measure() == Measure.USD_MICROS
                    ? SpendForecast.project(start, end, zone, spent, value.getAsLong(), now) : Optional.empty();
            limits.add(new LimitUsage(limit, window, start, end, value.getAsLong(), used, spent, forecast));
        }
        return new BudgetUsage(now, zone, limits);
    }

    private static Counter counter(Budget budget, Limit limit, Instant now, ZoneId zone) {
        return new Counter(budget.tenantId(), budget.scope(), budget.scopeId(), limit.window(now, zone));
    }
}
