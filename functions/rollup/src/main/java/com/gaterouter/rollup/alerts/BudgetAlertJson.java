package com.gaterouter.rollup.alerts;

import com.gaterouter.common.alerts.AlertKey;
import com.gaterouter.common.alerts.AlertTrigger;
import com.gaterouter.common.alerts.AlertPeriod;
import com.gaterouter.common.alerts.SpendForecast;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.events.GatewayEvent;
import com.gaterouter.common.money.UsdMicros;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The alert events' detail JSON (the contract in docs/events.md), both ways: the alert pass writes
 * it, the notifier reads it. Money travels twice: integer micro-USD for machines and an exact
 * decimal USD string for people and spreadsheets — never a floating-point number.
 */
public final class BudgetAlertJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BudgetAlertJson() {
    }

    public static GatewayEvent toEvent(BudgetAlert alert) {
        return new GatewayEvent(alert.detailType(), toJson(alert));
    }

    public static String toJson(BudgetAlert alert) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("alertId", alert.alertId());
        detail.put("tenantId", alert.tenantId());
        detail.put("tenantName", alert.tenantName());
        detail.put("scope", alert.scope().wireName());
        detail.put("scopeId", alert.scopeId());
        detail.put("scopeName", alert.scopeName());
        period(detail.putObject("period"), alert.period());
        if (alert.trigger() instanceof AlertTrigger.Threshold threshold) {
            detail.put("thresholdPercent", threshold.percent());
        } else {
            detail.putNull("thresholdPercent");
        }
        detail.put("percentUsed", alert.percentUsed());
        money(detail, "spend", alert.spendUsdMicros());
        money(detail, "budget", alert.budgetUsdMicros());
        forecast(detail, alert.forecast());
        ArrayNode recipients = detail.putArray("recipients");
        alert.recipients().forEach(recipients::add);
        detail.put("occurredAt", alert.occurredAt().toString());
        try {
            return JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write alert " + alert.alertId(), e);
        }
    }

    /**
     * Reads an event's detail back.
     *
     * @throws IllegalArgumentException when it is not an alert detail of {@code detailType}
     */
    public static BudgetAlert fromJson(String detailType, String json) {
        try {
            return fromNode(detailType, JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("alert detail is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static BudgetAlert fromNode(String detailType, JsonNode d) {
        try {
            AlertTrigger trigger = switch (detailType) {
                case AlertTrigger.FORECAST_EXCEEDED -> new AlertTrigger.Forecast();
                case AlertTrigger.THRESHOLD_CROSSED, AlertTrigger.EXHAUSTED ->
                        new AlertTrigger.Threshold(required(d, "thresholdPercent").asInt());
                default -> throw new IllegalArgumentException("not an alert detail-type: " + detailType);
            };
            if (!trigger.detailType().equals(detailType)) {
                throw new IllegalArgumentException(detailType + " with threshold " + trigger.key());
            }
            AlertPeriod period = period(required(d, "period"));
            BudgetScope scope = BudgetScope.fromWire(text(d, "scope"))
                    .orElseThrow(() -> new IllegalArgumentException("unknown scope " + d.path("scope").asText()));
            AlertKey key = new AlertKey(text(d, "tenantId"), scope, text(d, "scopeId"), period.id(), trigger);
            if (!key.alertId().equals(text(d, "alertId"))) {
                throw new IllegalArgumentException("alertId " + text(d, "alertId") + " does not match its fields (" + key.alertId() + ")");
            }
            Optional<SpendForecast> forecast = forecast(d);
            List<String> recipients = new ArrayList<>();
            d.path("recipients").forEach(r -> recipients.add(r.asText()));
            return new BudgetAlert(key, text(d, "tenantName"), text(d, "scopeName"), period, text(d, "percentUsed"),
                    required(d, "spendUsdMicros").asLong(), required(d, "budgetUsdMicros").asLong(), forecast, recipients,
                    Instant.parse(text(d, "occurredAt")));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("alert detail has a bad date, time or zone: " + e.getMessage(), e);
        }
    }

    static void period(ObjectNode node, AlertPeriod period) {
        node.put("kind", period.kind().wireName());
        node.put("id", period.id());
        node.put("start", period.start().toString());
        node.put("end", period.end().toString());
        node.put("timeZone", period.timeZone().getId());
    }

    static AlertPeriod period(JsonNode p) {
        return new AlertPeriod(AlertPeriod.Kind.fromWire(text(p, "kind")), text(p, "id"),
                LocalDate.parse(text(p, "start")), LocalDate.parse(text(p, "end")), ZoneId.of(text(p, "timeZone")));
    }

    static void forecast(ObjectNode detail, Optional<SpendForecast> forecast) {
        if (forecast.isPresent()) {
            ObjectNode f = detail.putObject("forecast");
            money(f, "spend", forecast.get().spendUsdMicros());
            if (forecast.get().exceedsOn().isPresent()) {
                f.put("exceedsOn", forecast.get().exceedsOn().get().toString());
            } else {
                f.putNull("exceedsOn");
            }
        } else {
            detail.putNull("forecast");
        }
    }

    static Optional<SpendForecast> forecast(JsonNode d) {
        JsonNode f = d.path("forecast");
        if (!f.isObject()) {
            return Optional.empty();
        }
        JsonNode exceedsOn = f.path("exceedsOn");
        return Optional.of(new SpendForecast(required(f, "spendUsdMicros").asLong(),
                exceedsOn.isTextual() ? Optional.of(LocalDate.parse(exceedsOn.asText())) : Optional.empty()));
    }

    static void money(ObjectNode node, String name, long micros) {
        node.put(name + "UsdMicros", micros);
        node.put(name + "Usd", UsdMicros.toDecimalString(micros));
    }

    static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("alert detail lacks " + field);
        }
        return value;
    }

    static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }
}
