package com.gaterouter.admin.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Caller;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.budgets.BudgetService;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.alerts.AlertLedger;
import com.gaterouter.common.json.Json;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code GET …/{tenantId}/alerts}: the budget alerts that fired for the tenant, newest first, from the
 * alert ledger the scheduled alert pass claims each alert in before it publishes it (so an alert
 * shows here from the moment it is claimed: {@code pending}, then {@code published}). The ledger
 * keeps entries about two months after their period. Who sees what is who sees analytics: tenant
 * admins, finance and platform admins the whole tenant, department admins the alerts of the budget
 * scopes they see (their department and its projects, users and keys), members nothing (403).
 */
public final class AlertsService {

    private static final Logger LOG = LogManager.getLogger(AlertsService.class);

    private final Visibility visibility;
    private final BudgetService budgets;
    private final Optional<AlertLedger> ledger;

    /** @param ledger the alert ledger; empty: the route authorizes the caller, then answers 501 */
    public AlertsService(Visibility visibility, BudgetService budgets, Optional<AlertLedger> ledger) {
        this.visibility = visibility;
        this.budgets = budgets;
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** {@code ?month=YYYY-MM &scope= &scopeId= &limit= &nextToken=}. */
    public Page<FiredAlert> list(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        Caller caller = call.caller();
        if (!Access.seesWholeTenant(caller) && !Access.hasRole(caller, Role.DEPARTMENT_ADMIN)) {
            throw AdminException.forbidden("Your role may not read budget alerts; tenant admins, finance and department admins may.");
        }
        call.allowQuery("limit", "nextToken", "month", "scope", "scopeId");
        Optional<YearMonth> month = call.query("month").map(AlertsService::month);
        Optional<BudgetScope> scope = call.query("scope").map(s -> BudgetScope.fromWire(s)
                .orElseThrow(() -> AdminException.invalid("scope", "'scope' must be tenant, department, project, user or key.")));
        Optional<String> scopeId = call.queryId("scopeId");
        if (scopeId.isPresent() && scope.isEmpty()) {
            throw AdminException.invalid("scopeId", "'scopeId' needs 'scope' (tenant, department, project, user or key).");
        }
        PageRequest page = call.page();
        AlertLedger alerts = ledger.orElseThrow(() -> AdminException.notAvailable(
                "Budget alerts are not available in this deployment (no alert ledger is configured)."));
        BiPredicate<BudgetScope, String> visible = budgets.visibleScopes(caller, tenantId);
        List<FiredAlert> matching = alerts.entries(tenantId).stream()
                .filter(e -> month.map(m -> m.equals(e.key().month())).orElse(true))
                .filter(e -> scope.map(s -> s == e.key().scope()).orElse(true))
                .filter(e -> scopeId.map(id -> id.equals(e.key().scopeId())).orElse(true))
                .filter(e -> visible.test(e.key().scope(), e.key().scopeId()))
                .map(AlertsService::fired)
                .flatMap(Optional::stream)
                .sorted(FiredAlert.NEWEST_FIRST)
                .toList();
        return page(matching, page);
    }

    /**
     * One page of {@code sorted}: the items after the position {@code page} names (the last item of
     * the page before, by {@link FiredAlert#NEWEST_FIRST}), so an alert that fires between two pages
     * neither repeats nor hides one.
     */
    static Page<FiredAlert> page(List<FiredAlert> sorted, PageRequest page) {
        int from = 0;
        if (page.nextToken().isPresent()) {
            Position after = Position.parse(page.nextToken().get());
            while (from < sorted.size() && !after.precedes(sorted.get(from))) {
                from++;
            }
        }
        int to = Math.min(sorted.size(), from + page.limit());
        List<FiredAlert> items = sorted.subList(from, to);
        Optional<String> next = to < sorted.size() ? Optional.of(Position.of(items.getLast()).text()) : Optional.empty();
        return new Page<>(items, next);
    }

    /** Where a page ended: the last alert's {@code occurredAt} and id. */
    record Position(Instant occurredAt, String alertId) {

        static Position of(FiredAlert alert) {
            return new Position(alert.occurredAt(), alert.alertId());
        }

        String text() {
            return occurredAt + "|" + alertId;
        }

        static Position parse(String text) {
            int bar = text.indexOf('|');
            try {
                return new Position(Instant.parse(text.substring(0, Math.max(bar, 0))), text.substring(bar + 1));
            } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
                throw AdminException.invalid("nextToken", "'nextToken' is not a token this list gave out.");
            }
        }

        /** Whether {@code alert} comes after this position in the list. */
        boolean precedes(FiredAlert alert) {
            int byTime = alert.occurredAt().compareTo(occurredAt);
            return byTime < 0 || (byTime == 0 && alert.alertId().compareTo(alertId) > 0);
        }
    }

    private static YearMonth month(String value) {
        return com.gaterouter.admin.support.QueryDates.month(value);
    }

    /** The entry with its stored detail; an entry whose detail cannot be read is left out (and logged), never a 500. */
    private static Optional<FiredAlert> fired(AlertLedger.Entry entry) {
        try {
            JsonNode detail = Json.MAPPER.readTree(entry.detailJson());
            Instant occurredAt = Instant.parse(detail.path("occurredAt").asText());
            if (detail instanceof ObjectNode object) {
                return Optional.of(new FiredAlert(entry, object, occurredAt));
            }
        } catch (IOException | DateTimeException e) {
            // below
        }
        LOG.warn("alert ledger entry {} has no readable detail; not listed", entry.key().alertId());
        return Optional.empty();
    }
}
