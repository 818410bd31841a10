package com.gaterouter.rollup.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.events.GatewayEvent;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Weekly Spend Digest} event's detail (docs/events.md), both ways; money and periods in the
 * alerts' shapes ({@link BudgetAlertJson}).
 */
public final class WeeklyDigestJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WeeklyDigestJson() {
    }

    public static GatewayEvent toEvent(WeeklyDigest digest) {
        return new GatewayEvent(WeeklyDigest.DETAIL_TYPE, toJson(digest));
    }

    public static String toJson(WeeklyDigest digest) {
        ObjectNode d = JSON.createObjectNode();
        d.put("digestId", digest.digestId());
        d.put("tenantId", digest.tenantId());
        d.put("tenantName", digest.tenantName());
        d.put("scope", BudgetScope.DEPARTMENT.wireName());
        d.put("scopeId", digest.departmentId());
        d.put("scopeName", digest.departmentName());
        ObjectNode week = d.putObject("week");
        week.put("id", digest.week().id());
        week.put("start", digest.week().start().toString());
        week.put("end", digest.week().end().toString());
        BudgetAlertJson.money(d, "weekSpend", digest.weekSpendUsdMicros());
        BudgetAlertJson.period(d.putObject("month"), digest.month());
        BudgetAlertJson.money(d, "monthToDate", digest.monthToDateUsdMicros());
        BudgetAlertJson.money(d, "budget", digest.budgetUsdMicros());
        d.put("percentUsed", digest.percentUsed());
        BudgetAlertJson.forecast(d, digest.forecast());
        ArrayNode recipients = d.putArray("recipients");
        digest.recipients().forEach(recipients::add);
        d.put("occurredAt", digest.occurredAt().toString());
        try {
            return JSON.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write digest " + digest.digestId(), e);
        }
    }

    /** @throws IllegalArgumentException when {@code d} is not a digest detail */
    public static WeeklyDigest fromNode(JsonNode d) {
        try {
            JsonNode week = BudgetAlertJson.required(d, "week");
            List<String> recipients = new ArrayList<>();
            d.path("recipients").forEach(r -> recipients.add(r.asText()));
            WeeklyDigest digest = new WeeklyDigest(BudgetAlertJson.text(d, "tenantId"), BudgetAlertJson.text(d, "tenantName"),
                    BudgetAlertJson.text(d, "scopeId"), BudgetAlertJson.text(d, "scopeName"),
                    new WeeklyDigest.Week(BudgetAlertJson.text(week, "id"), LocalDate.parse(BudgetAlertJson.text(week, "start")),
                            LocalDate.parse(BudgetAlertJson.text(week, "end"))),
                    BudgetAlertJson.required(d, "weekSpendUsdMicros").asLong(), BudgetAlertJson.period(BudgetAlertJson.required(d, "month")),
                    BudgetAlertJson.required(d, "monthToDateUsdMicros").asLong(), BudgetAlertJson.required(d, "budgetUsdMicros").asLong(),
                    BudgetAlertJson.text(d, "percentUsed"), BudgetAlertJson.forecast(d), recipients,
                    Instant.parse(BudgetAlertJson.text(d, "occurredAt")));
            if (!digest.digestId().equals(BudgetAlertJson.text(d, "digestId"))) {
                throw new IllegalArgumentException("digestId " + d.path("digestId").asText() + " does not match its fields");
            }
            return digest;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("digest detail has a bad date, time or zone: " + e.getMessage(), e);
        }
    }
}
