package com.gaterouter.admin.budgets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.Budget;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Limits;
import com.gaterouter.common.alerts.SpendForecast;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Window;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A budget's JSON: USD as exact decimal strings ({@code "monthlyUsd": "500.000000"}) next to
 * integer micro-USD ({@code "monthlyUsdMicros": 500000000}); a missing limit is {@code null}.
 */
public final class BudgetJson {

    public static final String[] FIELDS = {"monthlyUsd", "dailyUsd", "monthlyTokens", "dailyTokens", "rpm", "tpm",
            "thresholds", "alertRecipients", "escalationRecipients"};

    private BudgetJson() {
    }

    /** What a PUT (or a key's {@code limits}) asks for. */
    public record Spec(Limits limits, List<Integer> thresholds, List<String> alertRecipients, List<String> escalationRecipients) {
    }

    /**
     * {@code {monthlyUsd?, dailyUsd?, monthlyTokens?, dailyTokens?, rpm?, tpm?, thresholds?, alertRecipients?, escalationRecipients?}}:
     * USD as numbers or strings, exact to 6 decimals, never negative; thresholds ascending percentages
     * 1..1000 (default 50, 80, 100); alert and escalation recipients (e-mailed in addition once the budget
     * is exhausted) only on tenant and department budgets; rpm and
     * tpm only on key, user and project budgets.
     */
    public static Spec parse(JsonBody body, BudgetScope scope) {
        body.only(FIELDS);
        Limits limits = new Limits(
                usd(body, "monthlyUsd"), usd(body, "dailyUsd"),
                count(body, "monthlyTokens"), count(body, "dailyTokens"),
                count(body, "rpm"), count(body, "tpm"));
        List<Integer> thresholds = body.array("thresholds").map(values -> thresholds(body, values)).orElse(Budget.DEFAULT_THRESHOLDS);
        List<String> recipients = body.array("alertRecipients")
                .map(values -> Check.emails(body.param("alertRecipients"), values)).orElse(List.of());
        List<String> escalation = body.array("escalationRecipients")
                .map(values -> Check.emails(body.param("escalationRecipients"), values)).orElse(List.of());
        boolean rateLimited = limits.requestsPerMinute().isPresent() || limits.tokensPerMinute().isPresent();
        if (rateLimited && !scope.takesRateLimits()) {
            // the router enforces RPM/TPM on keys, users and projects only: accepting them here would be a promise it does not keep
            throw AdminException.invalid(body.param(limits.requestsPerMinute().isPresent() ? "rpm" : "tpm"),
                    "'rpm' and 'tpm' are set on key, user and project budgets only.");
        }
        if (!recipients.isEmpty() && !scope.takesAlertRecipients()) {
            throw AdminException.invalid(body.param("alertRecipients"),
                    "'alertRecipients' are set on tenant and department budgets only.");
        }
        if (!escalation.isEmpty() && !scope.takesAlertRecipients()) {
            throw AdminException.invalid(body.param("escalationRecipients"),
                    "'escalationRecipients' are set on tenant and department budgets only.");
        }
        return new Spec(limits, thresholds, recipients, escalation);
    }

    public static ObjectNode render(Budget budget) {
        ObjectNode node = Views.object();
        node.put("tenantId", budget.tenantId());
        node.put("scope", budget.scope().wireName());
        node.put("scopeId", budget.scopeId());
        Limits limits = budget.limits();
        putUsd(node, "monthlyUsd", limits.monthlyUsdMicros());
        putUsd(node, "dailyUsd", limits.dailyUsdMicros());
        putCount(node, "monthlyTokens", limits.monthlyTokens());
        putCount(node, "dailyTokens", limits.dailyTokens());
        putCount(node, "rpm", limits.requestsPerMinute());
        putCount(node, "tpm", limits.tokensPerMinute());
        ArrayNode thresholds = node.putArray("thresholds");
        budget.thresholdsPercent().forEach(thresholds::add);
        ArrayNode recipients = node.putArray("alertRecipients");
        budget.alertRecipients().forEach(recipients::add);
        ArrayNode escalation = node.putArray("escalationRecipients");
        budget.escalationRecipients().forEach(escalation::add);
        Views.putInstant(node, "createdAt", budget.createdAt());
        Views.putInstant(node, "updatedAt", budget.updatedAt());
        node.put("version", budget.version());
        return node;
    }

    /**
     * The budget with what each limit has used in its current period ({@code usage}, see
     * {@link BudgetUsage}); {@code usage: null} when this deployment does not read the spend counters.
     */
    public static ObjectNode render(Budget budget, Optional<BudgetUsage> usage) {
        ObjectNode node = render(budget);
        if (usage.isEmpty()) {
            node.putNull("usage");
            return node;
        }
        ObjectNode u = node.putObject("usage");
        Views.putInstant(u, "asOf", usage.get().asOf());
        u.put("timeZone", usage.get().timeZone().getId());
        for (BudgetUsage.Limit limit : BudgetUsage.Limit.values()) {
            u.putNull(limit.field());
        }
        for (BudgetUsage.LimitUsage l : usage.get().limits()) {
            ObjectNode entry = u.putObject(l.limit().field());
            switch (l.window()) {
                case Window.Month month -> entry.put("period", month.month().toString());
                case Window.Day day -> entry.put("period", day.date().toString());
                case Window.Minute minute -> { }
            }
            Views.putInstant(entry, "periodStart", l.periodStart());
            Views.putInstant(entry, "periodEnd", l.periodEnd());
            if (l.limit().measure() == Measure.USD_MICROS) {
                putMoney(entry, "limitUsd", l.limitValue());
                putMoney(entry, "spentUsd", l.spent());
                putMoney(entry, "committedUsd", l.committed());
                putMoney(entry, "remainingUsd", l.remaining());
                if (l.forecast().isPresent()) {
                    putMoney(entry, "forecastUsd", l.forecast().get().spendUsdMicros());
                } else {
                    entry.putNull("forecastUsd");
                    entry.putNull("forecastUsdMicros");
                }
                Views.put(entry, "exceedsOn", l.forecast().flatMap(SpendForecast::exceedsOn).map(LocalDate::toString));
            } else if (l.limit().rate()) {
                entry.put("limit", l.limitValue());
                entry.put("used", l.used());
                entry.put("remaining", l.remaining());
            } else {
                entry.put("limit", l.limitValue());
                entry.put("spent", l.spent());
                entry.put("committed", l.committed());
                entry.put("remaining", l.remaining());
            }
        }
        return node;
    }

    private static void putMoney(ObjectNode node, String field, long micros) {
        node.put(field, UsdMicros.toDecimalString(micros));
        node.put(field + "Micros", micros);
    }

    private static OptionalLong usd(JsonBody body, String field) {
        return body.node(field).map(v -> OptionalLong.of(Check.usdMicros(body.param(field), v))).orElse(OptionalLong.empty());
    }

    private static OptionalLong count(JsonBody body, String field) {
        return body.node(field).map(v -> OptionalLong.of(Check.nonNegativeInteger(body.param(field), v))).orElse(OptionalLong.empty());
    }

    private static List<Integer> thresholds(JsonBody body, List<JsonNode> values) {
        String param = body.param("thresholds");
        List<Integer> thresholds = new ArrayList<>();
        for (JsonNode value : values) {
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1 || value.intValue() > 1000) {
                throw AdminException.invalid(param, "'" + param + "' must hold integer percentages from 1 to 1000.");
            }
            if (!thresholds.isEmpty() && value.intValue() <= thresholds.get(thresholds.size() - 1)) {
                throw AdminException.invalid(param, "'" + param + "' must be strictly ascending, e.g. [50, 80, 100].");
            }
            thresholds.add(value.intValue());
        }
        return thresholds;
    }

    private static void putUsd(ObjectNode node, String field, OptionalLong micros) {
        if (micros.isPresent()) {
            node.put(field, UsdMicros.toDecimalString(micros.getAsLong()));
            node.put(field + "Micros", micros.getAsLong());
        } else {
            node.putNull(field);
            node.putNull(field + "Micros");
        }
    }

    private static void putCount(ObjectNode node, String field, OptionalLong value) {
        if (value.isPresent()) {
            node.put(field, value.getAsLong());
        } else {
            node.putNull(field);
        }
    }
}
