package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} on a fresh local gateway: who may read it, and — after a known set of
 * requests — that it is valid Prometheus text and counts exactly those requests, their errors,
 * their latencies and their spend (to the micro-dollar the answers reported).
 */
class MetricsIT {

    private static final String MODEL = "openai/gpt-4o-mini";
    private static final String EMBEDDING_MODEL = "openai/text-embedding-3-small";
    private static GatewayHttp http;
    private static LocalGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        http = GatewayHttp.start(Map.of("GATEROUTER_SIM_TTFT_MS", "0", "GATEROUTER_SIM_TOKENS_PER_SECOND", "0", "GATEROUTER_ROLLUP_EVERY_SECONDS", "3600"));
        gateway = http.gateway();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static long micros(String usd) {
        return new BigDecimal(usd).movePointRight(6).longValueExact();
    }

    private static PrometheusText scrape() throws Exception {
        HttpResponse<String> metrics = http.send("GET", "/metrics", gateway.adminKey(), null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        return PrometheusText.parse(metrics.body());
    }

    @Test
    void onlyThePlatformAdminKeyReadsTheMetrics() throws Exception {
        for (String key : new String[] {null, "gr-not-a-key", gateway.demoApiKey()}) {
            HttpResponse<String> refused = http.send("GET", "/metrics", key, null);
            assertThat(refused.statusCode()).as(String.valueOf(key)).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(refused.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
        }
        assertThat(http.send("POST", "/metrics", gateway.adminKey(), "{}").statusCode()).isEqualTo(405);
        HttpResponse<String> metrics = http.send("GET", "/metrics", gateway.adminKey(), null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).contains("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void afterKnownRequestsTheMetricsAreValidPrometheusTextAndCountExactlyThose() throws Exception {
        PrometheusText before = scrape();
        String chat = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello [[sim:tokens=7]]\"}]}";
        long spent = 0;
        long promptTokens = 0;
        long completionTokens = 0;
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = http.send("POST", "/v1/chat/completions", gateway.demoApiKey(), chat);
            assertThat(ok.statusCode()).isEqualTo(200);
            spent += micros(ok.headers().firstValue("x-gaterouter-cost-usd").orElseThrow());
            JsonNode usage = Json.MAPPER.readTree(ok.body()).path("usage");
            promptTokens += usage.path("prompt_tokens").asLong();
            completionTokens += usage.path("completion_tokens").asLong();
        }
        // a stream, whose cost arrives in its usage chunk
        HttpResponse<Stream<String>> stream = http.lines("POST", "/v1/chat/completions", gateway.demoApiKey(), "{\"model\":\""
                + MODEL + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Stream [[sim:tokens=9]]\"}]}");
        List<String> events = new ArrayList<>();
        stream.body().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).forEach(events::add);
        assertThat(events.getLast()).isEqualTo("[DONE]");
        JsonNode streamUsage = Json.MAPPER.readTree(events.get(events.size() - 2)).path("usage");
        spent += micros(streamUsage.path("cost").asText());
        promptTokens += streamUsage.path("prompt_tokens").asLong();
        completionTokens += streamUsage.path("completion_tokens").asLong();

        HttpResponse<String> embedded = http.send("POST", "/v1/embeddings", gateway.demoApiKey(),
                "{\"model\":\"" + EMBEDDING_MODEL + "\",\"input\":\"measure me\"}");
        assertThat(embedded.statusCode()).isEqualTo(200);
        long embeddingSpend = micros(embedded.headers().firstValue("x-gaterouter-cost-usd").orElseThrow());

        assertThat(http.send("GET", "/v1/models", gateway.demoApiKey(), null).statusCode()).isEqualTo(200);
        assertThat(http.send("GET", "/v1/models/openai%2Fgpt-9", gateway.demoApiKey(), null).statusCode()).isEqualTo(404);
        assertThat(http.send("POST", "/v1/chat/completions", "gr-not-a-key", chat).statusCode()).isEqualTo(401);
        assertThat(http.send("POST", "/v1/chat/completions", gateway.demoApiKey(), "{\"model\":").statusCode()).isEqualTo(400);
        assertThat(http.send("OPTIONS", "/v1/chat/completions", null, null, "Origin", "https://app.example.com").statusCode()).isEqualTo(204);

        HttpResponse<String> raw = http.send("GET", "/metrics", gateway.adminKey(), null);
        PrometheusText after = PrometheusText.parse(raw.body());
        String t = DemoTenant.TENANT_ID;

        assertThat(after.type("gaterouter_requests_total")).isEqualTo("counter");
        assertThat(after.type("gaterouter_request_duration_seconds")).isEqualTo("histogram");
        assertThat(after.type("gaterouter_spend_microusd_total")).isEqualTo("counter");

        // requests and errors, by endpoint, status and tenant (nothing else was sent to this gateway)
        assertThat(requests(before, after, "chat.completions", "2xx", t)).isEqualTo(4);
        assertThat(requests(before, after, "chat.completions", "4xx", t)).isEqualTo(1);
        assertThat(requests(before, after, "chat.completions", "4xx", "-")).isEqualTo(1);
        assertThat(requests(before, after, "embeddings", "2xx", t)).isEqualTo(1);
        assertThat(requests(before, after, "models.list", "2xx", t)).isEqualTo(1);
        assertThat(requests(before, after, "models.retrieve", "4xx", t)).isEqualTo(1);
        assertThat(requests(before, after, "preflight", "2xx", "-")).isEqualTo(1);
        assertThat(total(after, "gaterouter_requests_total") - total(before, "gaterouter_requests_total")).isEqualTo(10);
        assertThat(delta(before, after, "gaterouter_request_errors_total", "endpoint", "chat.completions", "status", "401", "tenant", "-"))
                .isEqualTo(1);
        assertThat(delta(before, after, "gaterouter_request_errors_total", "endpoint", "chat.completions", "status", "400", "tenant", t))
                .isEqualTo(1);
        assertThat(delta(before, after, "gaterouter_request_errors_total", "endpoint", "models.retrieve", "status", "404", "tenant", t))
                .isEqualTo(1);
        assertThat(total(after, "gaterouter_request_errors_total") - total(before, "gaterouter_request_errors_total")).isEqualTo(3);

        // latency: a histogram per endpoint and status class whose buckets add up
        String[] chatOk = {"endpoint", "chat.completions", "status_class", "2xx"};
        assertThat(delta(before, after, "gaterouter_request_duration_seconds_count", chatOk)).isEqualTo(4);
        assertThat(after.value("gaterouter_request_duration_seconds_sum", chatOk)).isPositive();
        List<PrometheusText.Sample> buckets = after.matching("gaterouter_request_duration_seconds_bucket", chatOk);
        assertThat(buckets).hasSizeGreaterThan(10);
        assertThat(buckets).extracting(PrometheusText.Sample::value).isSorted();
        assertThat(buckets.getLast().labels()).containsEntry("le", "+Inf");
        assertThat(buckets.getLast().value()).isEqualTo(after.value("gaterouter_request_duration_seconds_count", chatOk));

        // spend to the micro-dollar the answers reported, tokens as the usage said, and the vendor outcomes
        assertThat(delta(before, after, "gaterouter_spend_microusd_total", "tenant", t, "vendor", "openai", "model", MODEL))
                .isEqualTo(spent);
        assertThat(delta(before, after, "gaterouter_spend_microusd_total", "tenant", t, "vendor", "openai", "model", EMBEDDING_MODEL))
                .isEqualTo(embeddingSpend);
        assertThat(spent).isPositive();
        assertThat(delta(before, after, "gaterouter_tokens_total", "vendor", "openai", "model", MODEL, "type", "prompt"))
                .isEqualTo(promptTokens);
        assertThat(delta(before, after, "gaterouter_tokens_total", "vendor", "openai", "model", MODEL, "type", "completion"))
                .isEqualTo(completionTokens);
        assertThat(delta(before, after, "gaterouter_metered_requests_total", "vendor", "openai", "model", MODEL, "outcome", "succeeded"))
                .isEqualTo(4);

        // nothing secret, no per-key labels
        assertThat(raw.body()).doesNotContain(gateway.demoApiKey(), gateway.adminKey(), "gr-");
        assertThat(after.samples()).allSatisfy(s -> assertThat(s.labels().keySet())
                .isSubsetOf("endpoint", "status_class", "status", "tenant", "vendor", "model", "type", "outcome", "le"));
    }

    @Test
    void theTextIsRefusedByTheStrictReaderWhenItIsNotValid() {
        // the reader used above is strict: these would fail a Prometheus scrape too
        for (String bad : List.of("x_total 1\n", "# TYPE x counter\nx{a=b} 1\n", "# TYPE x counter\nx 1\nx 2\n",
                "# TYPE x counter\nx{a=\"1\"} one\n", "# TYPE x counter\n# TYPE x gauge\n", "# TYPE x counter\nx 1")) {
            assertThatThrownBy(() -> PrometheusText.parse(bad)).as(bad).isInstanceOf(RuntimeException.class);
        }
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    /** Requests counted between two scrapes, by endpoint, status class and tenant. */
    private static double requests(PrometheusText before, PrometheusText after, String endpoint, String statusClass, String tenant) {
        return delta(before, after, "gaterouter_requests_total", "endpoint", endpoint, "status_class", statusClass, "tenant", tenant);
    }

    private static double total(PrometheusText text, String name) {
        return text.matching(name).stream().mapToDouble(PrometheusText.Sample::value).sum();
    }
}
