package com.gaterouter.local.metrics;

import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.router.observability.RequestMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The local gateway's request metrics in Prometheus's model (the maintained {@code io.prometheus}
 * client), written out on {@code GET /metrics} in the text exposition format.
 *
 * <p>Labels are chosen for bounded cardinality: the endpoint is one of a fixed set, statuses are the
 * gateway's own, models and vendors come from the catalog, and the tenant is a tenant id only once
 * a key of that tenant was recognised ({@value #NO_TENANT} otherwise) — nothing a caller can make
 * up. No key ids, users or projects (per-key figures are the analytics API's), nothing secret.
 * Spend is counted in integer micro-USD, as billing counts it, so sums are exact.
 *
 * <p>Every update is an in-memory add (no I/O, no lock held across requests): cheap enough for the
 * request path.
 */
public final class PrometheusRequestMetrics implements RequestMetrics {

    /** The tenant label of requests no key of a tenant was recognised for (no key, an unknown key, a preflight). */
    public static final String NO_TENANT = "-";

    /** Seconds; LLM calls run from milliseconds (cached, refused) to minutes (long streams). */
    static final double[] DURATION_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder()
            .name("gaterouter_requests_total")
            .help("App API (/v1) requests answered, by endpoint, status class (2xx, 4xx, 5xx) and tenant")
            .labelNames("endpoint", "status_class", "tenant")
            .withoutExemplars()
            .register(registry);
    private final Counter errors = Counter.builder()
            .name("gaterouter_request_errors_total")
            .help("App API (/v1) requests answered with an error status (4xx, 5xx), by endpoint, status and tenant")
            .labelNames("endpoint", "status", "tenant")
            .withoutExemplars()
            .register(registry);
    private final Histogram duration = Histogram.builder()
            .name("gaterouter_request_duration_seconds")
            .help("Time from a request's arrival at the router to the last byte of its answer (a stream's end), by endpoint "
                    + "and status class")
            .labelNames("endpoint", "status_class")
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .withoutExemplars()
            .register(registry);
    private final Counter spend = Counter.builder()
            .name("gaterouter_spend_microusd_total")
            .help("Metered spend in micro-USD (1e-6 USD) as billed to the tenant, by tenant, vendor and model")
            .labelNames("tenant", "vendor", "model")
            .withoutExemplars()
            .register(registry);
    private final Counter tokens = Counter.builder()
            .name("gaterouter_tokens_total")
            .help("Metered tokens by vendor, model and type (prompt, completion)")
            .labelNames("vendor", "model", "type")
            .withoutExemplars()
            .register(registry);
    private final Counter vendorRequests = Counter.builder()
            .name("gaterouter_metered_requests_total")
            .help("Requests that reached a vendor and were metered, by vendor, model and outcome (succeeded, vendor_failed, "
                    + "client_disconnected)")
            .labelNames("vendor", "model", "outcome")
            .withoutExemplars()
            .register(registry);

    @Override
    public void record(RequestOutcome outcome) {
        // the chat-only outcome is the CloudWatch view; here the same request arrives as served() and settled()
    }

    @Override
    public void served(Served served) {
        String tenant = served.tenantId().orElse(NO_TENANT);
        String statusClass = statusClass(served.httpStatus());
        requests.labelValues(served.endpoint(), statusClass, tenant).inc();
        if (served.httpStatus() >= 400) {
            errors.labelValues(served.endpoint(), Integer.toString(served.httpStatus()), tenant).inc();
        }
        duration.labelValues(served.endpoint(), statusClass).observe(served.durationNanos() / 1e9);
    }

    @Override
    public void settled(UsageRecord usage) {
        String vendor = usage.vendor();
        String model = usage.servedModel();
        vendorRequests.labelValues(vendor, model, usage.status().name().toLowerCase(Locale.ROOT)).inc();
        if (usage.costMicros() > 0) {
            spend.labelValues(usage.principal().tenantId(), vendor, model).inc(usage.costMicros());
        }
        if (usage.tokens().promptTokens() > 0) {
            tokens.labelValues(vendor, model, "prompt").inc(usage.tokens().promptTokens());
        }
        if (usage.tokens().completionTokens() > 0) {
            tokens.labelValues(vendor, model, "completion").inc(usage.tokens().completionTokens());
        }
    }

    /** Every metric in the Prometheus text exposition format (version 0.0.4). */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /** The content type of {@link #scrape()}. */
    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    static String statusClass(int status) {
        return status >= 100 && status < 600 ? (status / 100) + "xx" : "other";
    }
}
