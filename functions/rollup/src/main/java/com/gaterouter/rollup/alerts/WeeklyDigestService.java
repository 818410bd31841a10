package com.gaterouter.rollup.alerts;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.ActiveTenants;
import com.gaterouter.common.accounts.Budget;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.alerts.AlertPeriod;
import com.gaterouter.common.alerts.DigestLedger;
import com.gaterouter.common.alerts.SpendForecast;
import com.gaterouter.common.events.EventPublisher;
import com.gaterouter.common.rollup.Granularity;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.rollup.RollupRow;
import com.gaterouter.common.rollup.RollupStore;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.SpendLedger;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weekly digest: for each department with a monthly USD budget, one {@code Weekly Spend Digest}
 * event about the last whole ISO week (UTC days, as the roll-ups): the week's spend, the month to date
 * against the budget and the forecast. The notifier turns it into an e-mail to the department's
 * alert recipients, with the week's top users and models. Once per department and week: each is
 * claimed in the {@link DigestLedger} before it is published, so reruns and concurrent runs send
 * nothing more.
 */
public final class WeeklyDigestService {

    private static final Logger LOG = LoggerFactory.getLogger(WeeklyDigestService.class);
    private static final int PAGE = PageRequest.MAX_LIMIT;

    private final AccountStore accounts;
    private final SpendLedger spend;
    private final RollupStore rollups;
    private final DigestLedger ledger;
    private final EventPublisher events;
    private final Clock clock;

    public WeeklyDigestService(AccountStore accounts, SpendLedger spend, RollupStore rollups, DigestLedger ledger,
                               EventPublisher events, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.spend = Objects.requireNonNull(spend, "spend");
        this.rollups = Objects.requireNonNull(rollups, "rollups");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What a digest run did: digests published, already sent before, and whose publish failed (the next run retries). */
    public record DigestRun(int tenants, int sent, int alreadySent, int failed, boolean complete) {
        DigestRun plus(DigestRun o) {
            return new DigestRun(tenants + o.tenants, sent + o.sent, alreadySent + o.alreadySent, failed + o.failed,
                    complete && o.complete);
        }
    }

    /** Every active tenant, until done or {@code deadline} (checked between tenants). */
    public DigestRun runAll(Instant deadline) {
        ActiveTenants.Folded<DigestRun> run = ActiveTenants.fold(accounts, clock, deadline, new DigestRun(0, 0, 0, 0, true),
                (total, tenant) -> total.plus(runTenant(tenant)));
        if (run.complete()) {
            return run.total();
        }
        LOG.warn("digest run reached its deadline {}; the remaining tenants wait for the next run", deadline);
        DigestRun total = run.total();
        return new DigestRun(total.tenants(), total.sent(), total.alreadySent(), total.failed(), false);
    }

    /** One tenant's digests (the local gateway, tests). */
    public DigestRun runTenant(String tenantId) {
        return accounts.findTenant(tenantId).map(this::runTenant)
                .orElseThrow(() -> new IllegalArgumentException("no tenant " + tenantId));
    }

    DigestRun runTenant(Tenant tenant) {
        Instant now = clock.instant();
        WeeklyDigest.Week week = WeeklyDigest.Week.before(LocalDate.ofInstant(now, ZoneOffset.UTC));
        List<Budget> budgets = departmentBudgets(tenant.tenantId());
        if (budgets.isEmpty()) {
            return new DigestRun(1, 0, 0, 0, true);
        }
        AlertPeriod month = AlertPeriod.containing(AlertPeriod.Kind.MONTHLY, now, tenant.timeZone());
        List<Counter> counters = budgets.stream()
                .map(b -> new Counter(tenant.tenantId(), BudgetScope.DEPARTMENT, b.scopeId(), month.window())).toList();
        Map<Counter, SpendLedger.CounterValues> values = spend.read(counters);
        List<RollupRow> weekRows = rollups.query(tenant.tenantId(), RollupDimension.DEPARTMENT, Granularity.DAY,
                week.start().toString(), week.end().toString());
        ScopeDirectory directory = new ScopeDirectory(accounts, tenant, allBudgets(tenant.tenantId()));
        Instant keepUntil = week.end().plusDays(62).atStartOfDay(ZoneOffset.UTC).toInstant();

        int sent = 0;
        int already = 0;
        int failed = 0;
        for (int i = 0; i < budgets.size(); i++) {
            Budget budget = budgets.get(i);
            long limit = budget.limits().monthlyUsdMicros().orElseThrow();
            long monthToDate = values.getOrDefault(counters.get(i), SpendLedger.CounterValues.ZERO).settledUsdMicros();
            long weekSpend = weekRows.stream().filter(r -> r.value().equals(budget.scopeId()))
                    .mapToLong(r -> r.totals().costMicros()).sum();
            WeeklyDigest digest = new WeeklyDigest(tenant.tenantId(), tenant.name(), budget.scopeId(),
                    directory.name(BudgetScope.DEPARTMENT, budget.scopeId()), week, weekSpend, month, monthToDate, limit,
                    BudgetAlert.percentUsed(monthToDate, limit), SpendForecast.project(month, monthToDate, limit, now),
                    directory.recipients(budget), now);
            if (!ledger.claim(tenant.tenantId(), budget.scopeId(), week.id(), keepUntil, now)) {
                already++;
                continue;
            }
            try {
                events.publish(List.of(WeeklyDigestJson.toEvent(digest)));
                sent++;
                LOG.info("published {} {}", WeeklyDigest.DETAIL_TYPE, digest.digestId());
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("publishing digest {} failed; the next run retries it: {}", digest.digestId(), e.toString());
                ledger.release(tenant.tenantId(), budget.scopeId(), week.id());
            }
        }
        return new DigestRun(1, sent, already, failed, true);
    }

    private List<Budget> departmentBudgets(String tenantId) {
        return allBudgets(tenantId).stream()
                .filter(b -> b.scope() == BudgetScope.DEPARTMENT && b.limits().monthlyUsdMicros().orElse(0) > 0).toList();
    }

    private List<Budget> allBudgets(String tenantId) {
        List<Budget> budgets = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<Budget> page = accounts.listBudgets(tenantId, new PageRequest(PAGE, token),
                    b -> b.scope() == BudgetScope.DEPARTMENT || b.scope() == BudgetScope.TENANT);
            budgets.addAll(page.items());
            token = page.nextToken();
        } while (token.isPresent());
        return budgets;
    }
}
