package com.gaterouter.common.usage;

import static com.gaterouter.common.json.JsonFields.array;
import static com.gaterouter.common.json.JsonFields.number;
import static com.gaterouter.common.json.JsonFields.required;
import static com.gaterouter.common.json.JsonFields.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
        return new String(toJsonBytes(usage), StandardCharsets.UTF_8);
    }

    /**
     * One line of JSON in UTF-8, written field by field with a streaming generator (no tree): the local gateway's
     * request path appends it to the usage journal.
     */
    public static byte[] toJsonBytes(UsageRecord u) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("requestId", u.requestId());
            Principal p = u.principal();
            g.writeObjectFieldStart("principal");
            g.writeStringField("tenantId", p.tenantId());
            g.writeStringField("departmentId", p.departmentId());
            g.writeStringField("projectId", p.projectId());
            g.writeStringField("userId", p.userId());
            g.writeStringField("keyId", p.keyId());
            g.writeEndObject();
            g.writeStringField("requestedModel", u.requestedModel());
            g.writeStringField("servedModel", u.servedModel());
            g.writeStringField("vendor", u.vendor());
            g.writeNumberField("attempts", u.attempts());
            TokenUsage t = u.tokens();
            g.writeObjectFieldStart("tokens");
            g.writeNumberField("prompt", t.promptTokens());
            g.writeNumberField("cachedPrompt", t.cachedPromptTokens());
            g.writeNumberField("cacheWrite", t.cacheWriteTokens());
            g.writeNumberField("completion", t.completionTokens());
            g.writeNumberField("reasoning", t.reasoningTokens());
            g.writeEndObject();
            g.writeNumberField("costMicros", u.costMicros());
            if (u.listCostMicros() != u.costMicros() || u.pricingVersion() != 0) {
                g.writeNumberField("listCostMicros", u.listCostMicros());
                g.writeNumberField("pricingVersion", u.pricingVersion());
            }
            g.writeNumberField("latencyMillis", u.latencyMillis());
            g.writeNumberField("ttftMillis", u.ttftMillis());
            g.writeStringField("status", u.status().name());
            g.writeNumberField("httpStatus", u.httpStatus());
            g.writeBooleanField("stream", u.stream());
            g.writeStringField("occurredAt", u.occurredAt().toString());
            if (u.route().isPresent()) {
                RouteDecision route = u.route().get();
                g.writeObjectFieldStart("route");
                g.writeStringField("tier", route.tier());
                g.writeNumberField("score", route.score());
                g.writeArrayFieldStart("reasons");
                for (String reason : route.reasons()) {
                    g.writeString(reason);
                }
                g.writeEndArray();
                g.writeBooleanField("shadow", route.shadow());
                g.writeStringField("routedModel", route.routedModel());
                g.writeStringField("referenceModel", route.referenceModel());
                g.writeNumberField("routedCostMicros", route.routedCostMicros());
                g.writeNumberField("referenceCostMicros", route.referenceCostMicros());
                g.writeEndObject();
            }
            if (!u.failedAttempts().isEmpty()) {
                g.writeArrayFieldStart("failedAttempts");
                for (FailedAttempt f : u.failedAttempts()) {
                    g.writeStartObject();
                    g.writeNumberField("attempt", f.attempt());
                    g.writeStringField("modelId", f.modelId());
                    g.writeStringField("vendor", f.vendor());
                    g.writeStringField("kind", f.failureKind());
                    if (f.httpStatus().isPresent()) {
                        g.writeNumberField("httpStatus", f.httpStatus().getAsInt());
                    }
                    g.writeNumberField("latencyMillis", f.latencyMillis());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (!u.leases().isEmpty()) {
                g.writeArrayFieldStart("leases");
                for (String lease : u.leases()) {
                    g.writeString(lease);
                }
                g.writeEndArray();
            }
            if (!u.api().isEmpty()) {
                g.writeStringField("api", u.api());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a usage record always serialises", e);
        }
        return out.toByteArray();
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

    /** The record as a JSON tree (to embed in another document: a spooled settlement). */
    public static ObjectNode toNode(UsageRecord u) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(toJsonBytes(u));
        } catch (IOException e) {
            throw new UncheckedIOException("a usage record always reads back", e);
        }
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
                failedAttempts(node), leases(node), node.hasNonNull("api") ? node.get("api").asText() : "",
                // absent (list prices, or JSON from before the gateway kept both costs): the list cost is the cost
                node.hasNonNull("listCostMicros") ? number(node, "listCostMicros") : number(node, "costMicros"),
                node.hasNonNull("pricingVersion") ? number(node, "pricingVersion") : 0);
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
