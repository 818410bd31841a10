package com.gaterouter.common.usage;

import static com.gaterouter.common.json.JsonFields.array;
import static com.gaterouter.common.json.JsonFields.number;
import static com.gaterouter.common.json.JsonFields.required;
import static com.gaterouter.common.json.JsonFields.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The JSON form of a {@link UsageRecord}: what a {@link com.gaterouter.common.spend.spool.Settlement} carries (spool,
 * usage journal) and what the local gateway's usage store keeps. Money and tokens as integers, instants as ISO-8601;
 * {@code route}, {@code failedAttempts} and {@code leases} are written only when present, and JSON written before they
 * existed reads as none.
 */
public final class UsageRecordJson {

    private UsageRecordJson() {
    }

    /** One line of JSON. */
    public static String toJson(UsageRecord usage) {
        try {
            return Json.MAPPER.writeValueAsString(toNode(usage));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a usage record always serialises", e);
        }
    }

    /** @throws IllegalArgumentException when {@code json} is not a usage record */
    public static UsageRecord fromJson(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return fromNode(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static ObjectNode toNode(UsageRecord u) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("requestId", u.requestId());
        Principal p = u.principal();
        ObjectNode principal = node.putObject("principal");
        principal.put("tenantId", p.tenantId());
        principal.put("departmentId", p.departmentId());
        principal.put("projectId", p.projectId());
        principal.put("userId", p.userId());
        principal.put("keyId", p.keyId());
        node.put("requestedModel", u.requestedModel());
        node.put("servedModel", u.servedModel());
        node.put("vendor", u.vendor());
        node.put("attempts", u.attempts());
        TokenUsage t = u.tokens();
        ObjectNode tokens = node.putObject("tokens");
        tokens.put("prompt", t.promptTokens());
        tokens.put("cachedPrompt", t.cachedPromptTokens());
        tokens.put("cacheWrite", t.cacheWriteTokens());
        tokens.put("completion", t.completionTokens());
        tokens.put("reasoning", t.reasoningTokens());
        node.put("costMicros", u.costMicros());
        node.put("latencyMillis", u.latencyMillis());
        node.put("ttftMillis", u.ttftMillis());
        node.put("status", u.status().name());
        node.put("httpStatus", u.httpStatus());
        node.put("stream", u.stream());
        node.put("occurredAt", u.occurredAt().toString());
        u.route().ifPresent(route -> {
            ObjectNode r = node.putObject("route");
            r.put("tier", route.tier());
            r.put("score", route.score());
            ArrayNode reasons = r.putArray("reasons");
            route.reasons().forEach(reasons::add);
            r.put("shadow", route.shadow());
            r.put("routedModel", route.routedModel());
            r.put("referenceModel", route.referenceModel());
            r.put("routedCostMicros", route.routedCostMicros());
            r.put("referenceCostMicros", route.referenceCostMicros());
        });
        if (!u.failedAttempts().isEmpty()) {
            ArrayNode failed = node.putArray("failedAttempts");
            for (FailedAttempt f : u.failedAttempts()) {
                ObjectNode a = failed.addObject();
                a.put("attempt", f.attempt());
                a.put("modelId", f.modelId());
                a.put("vendor", f.vendor());
                a.put("kind", f.failureKind());
                f.httpStatus().ifPresent(status -> a.put("httpStatus", status));
                a.put("latencyMillis", f.latencyMillis());
            }
        }
        if (!u.leases().isEmpty()) {
            ArrayNode leases = node.putArray("leases");
            u.leases().forEach(leases::add);
        }
        return node;
    }

    public static UsageRecord fromNode(JsonNode node) {
        JsonNode p = required(node, "principal");
        JsonNode t = required(node, "tokens");
        return new UsageRecord(text(node, "requestId"),
                new Principal(text(p, "tenantId"), text(p, "departmentId"), text(p, "projectId"), text(p, "userId"),
                        text(p, "keyId")),
                text(node, "requestedModel"), text(node, "servedModel"), text(node, "vendor"),
                (int) number(node, "attempts"),
                new TokenUsage(number(t, "prompt"), number(t, "cachedPrompt"), number(t, "cacheWrite"),
                        number(t, "completion"), number(t, "reasoning")),
                number(node, "costMicros"), number(node, "latencyMillis"), number(node, "ttftMillis"),
                UsageStatus.valueOf(text(node, "status")), (int) number(node, "httpStatus"),
                required(node, "stream").asBoolean(), Instant.parse(text(node, "occurredAt")),
                node.hasNonNull("route") ? Optional.of(route(node.get("route"))) : Optional.empty(),
                failedAttempts(node), leases(node));
    }

    /** Absent (JSON from before allowance leases) reads as none. */
    private static List<String> leases(JsonNode usage) {
        List<String> leases = new ArrayList<>();
        if (usage.hasNonNull("leases")) {
            array(usage, "leases").forEach(lease -> leases.add(lease.asText()));
        }
        return leases;
    }

    private static RouteDecision route(JsonNode r) {
        List<String> reasons = new ArrayList<>();
        array(r, "reasons").forEach(reason -> reasons.add(reason.asText()));
        return new RouteDecision(text(r, "tier"), required(r, "score").asDouble(), reasons, required(r, "shadow").asBoolean(),
                text(r, "routedModel"), text(r, "referenceModel"), number(r, "routedCostMicros"), number(r, "referenceCostMicros"));
    }

    /** Absent (JSON from before failed attempts were recorded) reads as none. */
    private static List<FailedAttempt> failedAttempts(JsonNode usage) {
        if (!usage.hasNonNull("failedAttempts")) {
            return List.of();
        }
        List<FailedAttempt> failed = new ArrayList<>();
        for (JsonNode a : array(usage, "failedAttempts")) {
            failed.add(new FailedAttempt((int) number(a, "attempt"), text(a, "modelId"), text(a, "vendor"), text(a, "kind"),
                    a.hasNonNull("httpStatus") ? OptionalInt.of((int) number(a, "httpStatus")) : OptionalInt.empty(),
                    number(a, "latencyMillis")));
        }
        return failed;
    }
}
