package com.gaterouter.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.FaultQueue;
import com.gaterouter.simulator.RecordedRequest;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.faults.FaultSpecs;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /_sim/*}: control for standalone use, where the Java API is out of reach.
 * <ul>
 *   <li>{@code GET /_sim/health} → 200</li>
 *   <li>{@code POST /_sim/faults} {@code {"vendor":"openai","fault":"rate_limit","retryAfterSeconds":1,"times":2}}</li>
 *   <li>{@code GET /_sim/faults} → pending faults per vendor; {@code DELETE /_sim/faults[?vendor=x]}</li>
 *   <li>{@code GET /_sim/requests} → recorded requests (credentials redacted); {@code DELETE} clears them</li>
 * </ul>
 */
public final class ControlHandler {

    private final FaultQueue faults;
    private final RequestLog log;

    public ControlHandler(FaultQueue faults, RequestLog log) {
        this.faults = faults;
        this.log = log;
    }

    public void handle(SimExchange ex) throws IOException {
        String route = ex.method() + " " + ex.path();
        switch (route) {
            case "GET /_sim/health", "HEAD /_sim/health" -> ok(ex, Json.object().put("status", "ok"));
            case "POST /_sim/faults" -> enqueue(ex);
            case "GET /_sim/faults" -> ok(ex, pending());
            case "DELETE /_sim/faults" -> clearFaults(ex);
            case "GET /_sim/requests" -> ok(ex, requests());
            case "DELETE /_sim/requests" -> {
                log.clear();
                ok(ex, Json.object().put("cleared", true));
            }
            default -> error(ex, isKnownPath(ex.path()) ? 405 : 404, "no control route " + route);
        }
    }

    private void enqueue(SimExchange ex) throws IOException {
        JsonNode body;
        try {
            body = Json.parse(ex.body());
        } catch (IOException e) {
            error(ex, 400, "body must be JSON");
            return;
        }
        Optional<SimVendor> vendor = SimVendor.fromId(body.path("vendor").asText(null));
        if (vendor.isEmpty()) {
            error(ex, 400, "'vendor' must be one of openai, anthropic, gemini, deepseek, bedrock");
            return;
        }
        int times = body.path("times").asInt(1);
        Map<String, String> params = new HashMap<>();
        body.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        Fault fault;
        try {
            fault = FaultSpecs.parse(body.path("fault").asText(""), params);
            faults.enqueue(vendor.get(), fault, times);
        } catch (IllegalArgumentException e) {
            error(ex, 400, e.getMessage());
            return;
        }
        ok(ex, Json.object().put("vendor", vendor.get().id()).put("fault", fault.toString())
                .put("queued", times).put("pending", faults.pending(vendor.get())));
    }

    private void clearFaults(SimExchange ex) throws IOException {
        Optional<String> vendorId = ex.query("vendor");
        if (vendorId.isPresent()) {
            Optional<SimVendor> vendor = SimVendor.fromId(vendorId.get());
            if (vendor.isEmpty()) {
                error(ex, 400, "unknown vendor " + vendorId.get());
                return;
            }
            faults.clear(vendor.get());
        } else {
            faults.clear();
        }
        ok(ex, pending());
    }

    private ObjectNode pending() {
        ObjectNode pending = Json.object();
        for (SimVendor v : SimVendor.values()) {
            pending.put(v.id(), faults.pending(v));
        }
        return Json.object().set("pending", pending);
    }

    private ObjectNode requests() {
        ArrayNode items = Json.array();
        for (RecordedRequest r : log.all()) {
            ObjectNode headers = Json.object();
            r.headers().forEach((k, v) -> headers.put(k, String.join(", ", v)));
            items.add(Json.object().put("vendor", r.vendor().id()).put("method", r.method()).put("path", r.path())
                    .put("receivedAt", r.receivedAt().toString()).<ObjectNode>set("headers", headers)
                    .put("body", r.body()));
        }
        return Json.object().set("requests", items);
    }

    private static boolean isKnownPath(String path) {
        return path.equals("/_sim/health") || path.equals("/_sim/faults") || path.equals("/_sim/requests");
    }

    private static void ok(SimExchange ex, ObjectNode body) throws IOException {
        ex.sendJson(200, Json.bytes(body), Map.of());
    }

    private static void error(SimExchange ex, int status, String message) throws IOException {
        ex.sendJson(status, Json.bytes(Json.object().set("error", Json.object().put("message", message))), Map.of());
    }
}
