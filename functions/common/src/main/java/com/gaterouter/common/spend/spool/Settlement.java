package com.gaterouter.common.spend.spool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.usage.FailedAttempt;
import com.gaterouter.common.usage.RouteDecision;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link com.gaterouter.common.spend.SpendLedger#settle} takes: the request's reservation and
 * its usage record — everything needed to settle it later, from a spool. It carries no prompt and
 * no secret (the record names the key by its public id).
 *
 * <p>JSON form (version 1, one line): {@code {"v":1,"reservation":{…},"usage":{…}}}; money and
 * tokens as integers, instants as ISO-8601, windows as their counter-key form ({@code D#2026-11-24}).
 * The usage's {@code route} ({@code {"tier","score","reasons":[…],"shadow","routedModel","referenceModel",
 * "routedCostMicros","referenceCostMicros"}}) and {@code failedAttempts} (a list of
 * {@code {"attempt","modelId","vendor","kind","httpStatus"?,"latencyMillis"}}) are written only when
 * present, and so are {@code leases} (the ids of the allowance leases the request drew on); JSON written before
 * they existed reads as none, and a reader that predates them ignores them.
 */
public record Settlement(Reservation reservation, UsageRecord usage) {

    static final int VERSION = 1;

    public Settlement {
        Objects.requireNonNull(reservation, "reservation");
        Objects.requireNonNull(usage, "usage");
        if (!reservation.requestId().equals(usage.requestId())) {
            throw new IllegalArgumentException("the reservation and the usage record are of different requests: "
                    + reservation.requestId() + " and " + usage.requestId());
        }
    }

    public String requestId() {
        return usage.requestId();
    }

    /** One line of JSON (no line breaks). */
    public String toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("v", VERSION);
        root.set("reservation", reservationNode(reservation));
        root.set("usage", usageNode(usage));
        try {
            return Json.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a settlement always serialises", e);
        }
    }

    /**
     * @throws IllegalArgumentException when {@code json} is not a settlement this version reads
     */
    public static Settlement fromJson(String json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            int version = root.path("v").asInt(-1);
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown settlement version " + root.path("v"));
            }
            return new Settlement(reservation(required(root, "reservation")), usage(required(root, "usage")));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("not a settlement: " + e, e);
        }
    }

    // ------------------------------------------------------------------ writing

    private static ObjectNode reservationNode(Reservation r) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("requestId", r.requestId());
        node.put("tenantId", r.tenantId());
        node.put("at", r.at().toString());
        node.put("usdMicros", r.usdMicros());
        node.put("tokens", r.tokens());
        ArrayNode limits = node.putArray("limits");
        for (CounterLimit limit : r.limits()) {
            ObjectNode l = limits.addObject();
            l.set("counter", counterNode(limit.counter()));
            l.put("measure", limit.measure().name());
            l.put("limit", limit.limit());
            l.put("scopeLabel", limit.scopeLabel());
        }
        ArrayNode counters = node.putArray("counters");
        r.counters().forEach(c -> counters.add(counterNode(c)));
        return node;
    }

    private static ObjectNode counterNode(Counter c) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("tenantId", c.tenantId());
        node.put("scope", c.scope().wireName());
        node.put("scopeId", c.scopeId());
        node.put("window", c.window().key());
        return node;
    }

    private static ObjectNode usageNode(UsageRecord u) {
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

    // ------------------------------------------------------------------ reading

    private static Reservation reservation(JsonNode node) {
        List<CounterLimit> limits = new ArrayList<>();
        for (JsonNode l : array(node, "limits")) {
            limits.add(new CounterLimit(counter(required(l, "counter")), Measure.valueOf(text(l, "measure")),
                    number(l, "limit"), text(l, "scopeLabel")));
        }
        List<Counter> counters = new ArrayList<>();
        for (JsonNode c : array(node, "counters")) {
            counters.add(counter(c));
        }
        return new Reservation(text(node, "requestId"), text(node, "tenantId"), Instant.parse(text(node, "at")),
                number(node, "usdMicros"), number(node, "tokens"), limits, counters);
    }

    private static Counter counter(JsonNode node) {
        String scope = text(node, "scope");
        return new Counter(text(node, "tenantId"),
                BudgetScope.fromWire(scope).orElseThrow(() -> new IllegalArgumentException("unknown scope " + scope)),
                text(node, "scopeId"), window(text(node, "window")));
    }

    /** The inverse of {@link Window#key()}. */
    static Window window(String key) {
        if (key.startsWith("D#")) {
            return new Window.Day(LocalDate.parse(key.substring(2)));
        }
        if (key.startsWith("M#")) {
            return new Window.Month(YearMonth.parse(key.substring(2)));
        }
        if (key.startsWith("m#")) {
            return new Window.Minute(Instant.parse(key.substring(2)));
        }
        throw new IllegalArgumentException("unknown window " + key);
    }

    private static UsageRecord usage(JsonNode node) {
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

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return value.asText();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " is not an integer");
        }
        return value.asLong();
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isArray()) {
            throw new IllegalArgumentException(field + " is not an array");
        }
        return value;
    }
}
