package com.gaterouter.rollup.alerts;

import com.gaterouter.common.alerts.AlertLedger;
import com.gaterouter.common.alerts.AlertKey;
import com.gaterouter.common.alerts.AlertTrigger;
import com.gaterouter.common.alerts.AlertPeriod;
import com.gaterouter.common.alerts.SpendForecast;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.ActiveTenants;
import com.gaterouter.common.accounts.Budget;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.events.EventPublisher;
import com.gaterouter.common.events.GatewayEvent;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.SpendLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budget threshold and forecast alerts. For every active tenant and every budget with a USD limit
 * (monthly and/or daily), reads the period's settled spend from the spend counters — the figures
 * the router enforces, in the tenant's time zone — and publishes one event per threshold reached
 * (default 50/80/100 %) and one when the linear forecast exceeds the budget before the period ends.
 *
 * <p><b>Exactly once.</b> Every alert is claimed in the {@link AlertLedger} by a conditional write
 * before it is published; of any number of concurrent or repeated runs only the claimer publishes.
 * If publishing fails, the claim is released (or, if the run died, its lease runs out) and a later
 * run re-publishes the detail stored with the claim, with the same {@code alertId}. So: when the
 * bus accepts the first publish, there is exactly one event; after a failure the event still
 * arrives (at least once) and a duplicate — possible only if a publish succeeded but its run died
 * before recording it, or took longer than the lease — carries the same {@code alertId}.
 *
 * <p><b>Which periods.</b> The current month and day; and for {@value #CLOSING_GRACE_HOURS} hours
 * after a period ends, that period too, so spend settled in its last minutes still alerts
 * (the schedule runs every 15 minutes, so several runs fall in that window in every time zone).
 * Closed periods get threshold alerts only; a forecast is about a period still running.
 */
public final class AlertService {

    static final long CLOSING_GRACE_HOURS = 2;
    /** Far longer than a publish takes (3 PutEvents attempts with backoff: well under a minute). */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
    private static final int PAGE = PageRequest.MAX_LIMIT;

    private final AccountStore accounts;
    private final SpendLedger spend;
    private final AlertLedger ledger;
    private final EventPublisher events;
    private final Clock clock;
    private final Duration lease;

    public AlertService(AccountStore accounts, SpendLedger spend, AlertLedger ledger, EventPublisher events, Clock clock) {
        this(accounts, spend, ledger, events, clock, DEFAULT_LEASE);
    }

    public AlertService(AccountStore accounts, SpendLedger spend, AlertLedger ledger, EventPublisher events, Clock clock,
            Duration lease) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.spend = Objects.requireNonNull(spend, "spend");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lease = Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive");
        }
    }

    /**
     * Every active tenant, until done or {@code deadline} (checked between tenants; a tenant's pass
     * is short: one ledger query, one batch of counter reads, a few writes).
     */
    public AlertRun runAll(Instant deadline) {
        Instant started = clock.instant();
        ActiveTenants.Folded<AlertRun> run = ActiveTenants.fold(accounts, clock, deadline, AlertRun.empty(),
                (total, tenant) -> total.plus(runTenant(tenant)));
        if (!run.complete()) {
            LOG.warn("alert pass reached its deadline {}; the remaining tenants wait for the next run", deadline);
        }
        return finish(run.total(), run.complete(), started);
    }

    /** One tenant's alerts (the admin API's "run now", the local gateway, tests). */
    public AlertRun runTenant(String tenantId) {
        return accounts.findTenant(tenantId).map(this::runTenant).orElseThrow(
                () -> new IllegalArgumentException("no tenant " + tenantId));
    }

    AlertRun runTenant(Tenant tenant) {
        Instant now = clock.instant();
        String tenantId = tenant.tenantId();
        List<Budget> budgets = budgetsWithUsdLimits(tenantId);
        Map<AlertKey, AlertLedger.Entry> entries = new HashMap<>();
        ledger.entries(tenantId).forEach(e -> entries.put(e.key(), e));

        List<Evaluation> evaluations = new ArrayList<>();
        for (Budget budget : budgets) {
            add(evaluations, budget, AlertPeriod.Kind.MONTHLY, budget.limits().monthlyUsdMicros(), tenant, now);
            add(evaluations, budget, AlertPeriod.Kind.DAILY, budget.limits().dailyUsdMicros(), tenant, now);
        }
        Map<Counter, SpendLedger.CounterValues> values = evaluations.isEmpty() ? Map.of()
                : spend.read(evaluations.stream().map(Evaluation::counter).distinct().toList());

        Tally tally = new Tally();
        Set<AlertKey> handled = new HashSet<>();
        ScopeDirectory directory = new ScopeDirectory(accounts, tenant, budgets);
        for (Evaluation evaluation : evaluations) {
            long spent = values.getOrDefault(evaluation.counter(), SpendLedger.CounterValues.ZERO).settledUsdMicros();
            List<Candidate> candidates = candidates(evaluation, spent, now);
            Optional<AlertKey> send = toSend(candidates, entries);
            for (Candidate candidate : candidates) {
                AlertKey key = candidate.key();
                handled.add(key);
                AlertLedger.Entry entry = entries.get(key);
                if (entry != null && entry.state() != AlertLedger.State.CLAIMED) {
                    continue; // published or superseded: never again
                }
                if (entry != null && !entry.abandoned(now)) {
                    tally.held++;
                    continue;
                }
                BudgetAlert alert = new BudgetAlert(key, tenant.name(),
                        directory.name(key.scope(), key.scopeId()), evaluation.period(),
                        BudgetAlert.percentUsed(spent, evaluation.limit()), spent, evaluation.limit(),
                        candidate.forecast(), exhausts(key) ? directory.exhaustedRecipients(evaluation.budget())
                                : directory.recipients(evaluation.budget()), now);
                Instant keepUntil = AlertLedger.retention(evaluation.period());
                if (send.filter(key::equals).isPresent()) {
                    fire(key, BudgetAlertJson.toJson(alert), keepUntil, now, tally);
                } else if (ledger.supersede(key, BudgetAlertJson.toJson(alert), keepUntil, now)) {
                    tally.superseded++;
                    LOG.info("{} superseded by {}", key.alertId(), send.map(AlertKey::alertId).orElse("an alert already out"));
                }
            }
        }
        // claims whose publisher failed or died, for periods or budgets this pass no longer looks at
        for (AlertLedger.Entry entry : entries.values()) {
            if (!handled.contains(entry.key()) && entry.abandoned(now)) {
                fire(entry.key(), entry.detailJson(), now.plus(Duration.ofDays(62)), now, tally);
            }
        }
        if (tally.published + tally.republished + tally.failed + tally.superseded > 0) {
            LOG.info("tenant {}: {} alerts published, {} re-published, {} failed, {} superseded", tenantId, tally.published,
                    tally.republished, tally.failed, tally.superseded);
        }
        return new AlertRun(1, evaluations.size(), tally.published, tally.republished, tally.failed, tally.held,
                tally.superseded, true, Duration.between(now, clock.instant()));
    }

    private void fire(AlertKey key, String detailJson, Instant keepUntil, Instant now, Tally tally) {
        AlertLedger.Claim claim = ledger.claim(key, detailJson, keepUntil, now, lease);
        switch (claim) {
            case AlertLedger.AlreadyPublished done -> {
            }
            case AlertLedger.Held held -> tally.held++;
            case AlertLedger.Won won -> {
                try {
                    events.publish(List.of(new GatewayEvent(key.trigger().detailType(), won.detailJson())));
                } catch (RuntimeException e) {
                    tally.failed++;
                    LOG.warn("publishing alert {} failed (attempt {}); the next run retries it: {}", key.alertId(),
                            won.attempt(), e.toString());
                    ledger.release(key, won.token(), clock.instant(), e.toString());
                    return;
                }
                if (won.attempt() > 1) {
                    tally.republished++;
                } else {
                    tally.published++;
                }
                LOG.info("published {} {}", key.trigger().detailType(), key.alertId());
                // if this write fails the claim stays until its lease ends and the alert is sent again,
                // with the same alertId: consumers deduplicate on it
                ledger.markPublished(key, won.token(), clock.instant());
            }
        }
    }

    /**
     * Which of an evaluation's candidates this pass may publish: one alert per scope, period and
     * pass, so a finance inbox gets one e-mail where a pass finds several thresholds crossed. That is
     * the highest threshold reached unless it is already published or superseded (an abandoned claim
     * of it is re-published); failing that, the forecast. Every other candidate still open is
     * superseded by the caller: recorded, so it never fires later.
     */
    static Optional<AlertKey> toSend(List<Candidate> candidates, Map<AlertKey, AlertLedger.Entry> entries) {
        Optional<AlertKey> highest = candidates.stream().map(Candidate::key)
                .filter(k -> k.trigger() instanceof AlertTrigger.Threshold)
                .max(Comparator.comparingInt(k -> ((AlertTrigger.Threshold) k.trigger()).percent()));
        if (highest.isPresent()) {
            AlertLedger.Entry entry = entries.get(highest.get());
            if (entry == null || entry.state() == AlertLedger.State.CLAIMED) {
                return highest;
            }
        }
        return candidates.stream().map(Candidate::key).filter(k -> k.trigger() instanceof AlertTrigger.Forecast).findFirst();
    }

    /** Whether {@code key} is a Budget Exhausted alert (a threshold of 100 % or more): escalation recipients are told too. */
    private static boolean exhausts(AlertKey key) {
        return key.trigger() instanceof AlertTrigger.Threshold t && t.percent() >= 100;
    }

    /** The alerts an evaluation calls for: every threshold reached, and the forecast when it is over budget. */
    static List<Candidate> candidates(Evaluation e, long spent, Instant now) {
        Optional<SpendForecast> forecast = e.current() ? SpendForecast.project(e.period(), spent, e.limit(), now) : Optional.empty();
        List<Candidate> candidates = new ArrayList<>();
        List<Integer> thresholds = e.budget().thresholdsPercent().isEmpty() ? Budget.DEFAULT_THRESHOLDS
                : e.budget().thresholdsPercent();
        for (int percent : thresholds) {
            if (BudgetAlert.reached(spent, e.limit(), percent)) {
                candidates.add(new Candidate(e.key(new AlertTrigger.Threshold(percent)), forecast));
            }
        }
        boolean overBudgetSoon = forecast.flatMap(SpendForecast::exceedsOn).isPresent();
        if (overBudgetSoon && !BudgetAlert.reached(spent, e.limit(), 100)) {
            candidates.add(new Candidate(e.key(new AlertTrigger.Forecast()), forecast));
        }
        return candidates;
    }

    private static void add(List<Evaluation> evaluations, Budget budget, AlertPeriod.Kind kind, OptionalLong limit,
            Tenant tenant, Instant now) {
        if (limit.isEmpty() || limit.getAsLong() <= 0) {
            return; // no limit, or a zero budget that blocks all spend: nothing to warn about
        }
        AlertPeriod current = AlertPeriod.containing(kind, now, tenant.timeZone());
        evaluations.add(new Evaluation(budget, current, limit.getAsLong(), true));
        if (now.isBefore(current.startsAt().plus(Duration.ofHours(CLOSING_GRACE_HOURS)))) {
            evaluations.add(new Evaluation(budget, current.previous(), limit.getAsLong(), false));
        }
    }

    private List<Budget> budgetsWithUsdLimits(String tenantId) {
        List<Budget> budgets = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<Budget> page = accounts.listBudgets(tenantId, new PageRequest(PAGE, token),
                    b -> b.limits().monthlyUsdMicros().isPresent() || b.limits().dailyUsdMicros().isPresent());
            budgets.addAll(page.items());
            token = page.nextToken();
        } while (token.isPresent());
        return budgets;
    }

    private AlertRun finish(AlertRun total, boolean complete, Instant started) {
        return new AlertRun(total.tenants(), total.evaluations(), total.published(), total.republished(), total.failed(),
                total.held(), total.superseded(), complete, Duration.between(started, clock.instant()));
    }

    /** One budget's limit over one period. */
    record Evaluation(Budget budget, AlertPeriod period, long limit, boolean current) {
        Counter counter() {
            return new Counter(budget.tenantId(), budget.scope(), budget.scopeId(), period.window());
        }

        AlertKey key(AlertTrigger trigger) {
            return new AlertKey(budget.tenantId(), budget.scope(), budget.scopeId(), period.id(), trigger);
        }
    }

    record Candidate(AlertKey key, Optional<SpendForecast> forecast) {
    }

    private static final class Tally {
        int published;
        int republished;
        int failed;
        int held;
        int superseded;
    }
}
