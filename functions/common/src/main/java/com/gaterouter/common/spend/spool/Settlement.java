package com.gaterouter.common.spend.spool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.json.Json;
import static com.gaterouter.common.json.JsonFields.array;
import static com.gaterouter.common.json.JsonFields.number;
import static com.gaterouter.common.json.JsonFields.required;
import static com.gaterouter.common.json.JsonFields.text;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageRecordJson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
        root.set("usage", UsageRecordJson.toNode(usage));
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
            return new Settlement(reservation(required(root, "reservation")), UsageRecordJson.fromNode(required(root, "usage")));
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
}
