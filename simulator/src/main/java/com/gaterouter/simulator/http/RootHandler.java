package com.gaterouter.simulator.http;

import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.billing.BillingHandler;
import com.gaterouter.simulator.core.VendorHandler;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** Dispatches by path prefix: {@code /_sim} control, then one handler per vendor prefix. */
public final class RootHandler implements HttpHandler {

    private final Map<SimVendor, VendorHandler> vendors;
    private final ControlHandler control;
    private final BillingHandler billing;
    private final RequestLog log;

    public RootHandler(Map<SimVendor, VendorHandler> vendors, ControlHandler control, RequestLog log, BillingHandler billing) {
        this.billing = billing;
        this.vendors = Map.copyOf(vendors);
        this.control = control;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange raw) throws IOException {
        Optional<SimExchange> read = SimExchange.read(raw);
        if (read.isEmpty()) {
            SimExchange.answerTooLarge(raw);
            return;
        }
        SimExchange ex = read.get();
        try {
            String path = ex.path();
            Optional<SimVendor> vendor = SimVendor.forPath(path);
            if (BillingHandler.handles(path)) {
                billing.handle(ex);
            } else if (path.equals("/_sim") || path.startsWith("/_sim/")) {
                control.handle(ex);
            } else if (vendor.isPresent()) {
                log.record(vendor.get(), ex);
                vendors.get(vendor.get()).handle(ex);
            } else {
                ex.sendJson(404, Json.bytes(Json.object().set("error", Json.object()
                        .put("message", "Unknown path " + path + "; vendors live under /openai, /anthropic, /gemini, /deepseek, /bedrock")
                        .put("type", "not_found"))), Map.of());
            }
        } catch (ConnectionAbort abort) {
            throw abort; // closing the exchange here would end the response cleanly, which is not the point
        } catch (RuntimeException e) {
            // a simulator bug: answer 500 if we still can, never echo the request
            System.err.println("gaterouter-simulator: internal error on " + ex.method() + " " + ex.path() + ": " + e);
            if (!ex.responded()) {
                ex.sendJson(500, Json.bytes(Json.object().set("error", Json.object()
                        .put("message", "simulator internal error: " + e.getClass().getSimpleName())
                        .put("type", "server_error"))), Map.of());
            } else {
                throw new ConnectionAbort("internal error mid-response");
            }
        } finally {
            if (!ex.responded()) {
                raw.close();
            }
        }
    }
}
