package com.gaterouter.admin.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against a JDK HTTP server that answers like the vendors' admin APIs, two pages per report. */
class HttpVendorBillingApiTest {

    private static final String OPENAI_KEY = "sk-admin-openai-secret";
    private static final String ANTHROPIC_KEY = "sk-ant-admin01-secret";
    private static final LocalDate FROM = LocalDate.of(2026, 11, 1);
    private static final LocalDate TO_EXCLUSIVE = LocalDate.of(2026, 11, 17);

    /** One request as the server saw it: the path, the decoded query parameters in order, the auth headers. */
    record Seen(String path, List<Map.Entry<String, String>> params, Optional<String> authorization, Optional<String> apiKey,
                Optional<String> version) {
        List<String> all(String name) {
            return params.stream().filter(p -> p.getKey().equals(name)).map(Map.Entry::getValue).toList();
        }

        String one(String name) {
            List<String> values = all(name);
            assertThat(values).as(path + " " + name).hasSize(1);
            return values.get(0);
        }
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private int failWith;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        String raw = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        for (String pair : raw.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                params.add(Map.entry(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8)));
            }
        }
        var headers = exchange.getRequestHeaders();
        Seen request = new Seen(exchange.getRequestURI().getPath(), params, Optional.ofNullable(headers.getFirst("Authorization")),
                Optional.ofNullable(headers.getFirst("x-api-key")), Optional.ofNullable(headers.getFirst("anthropic-version")));
        seen.add(request);
        int status = failWith == 0 ? 200 : failWith;
        String body = failWith != 0 ? "{\"error\":{\"message\":\"invalid admin key\"}}" : page(request);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Page one says there is more ({@code next_page} "p2:" + the path); page two ends the report. */
    private static String page(Seen request) {
        boolean first = request.all("page").isEmpty();
        String amount = first ? "0.0600000001" : "12.5";
        String next = first ? "\"p2:" + request.path() + "\"" : "null";
        return "{\"object\":\"page\",\"data\":[{\"start_time\":1,\"results\":[{\"amount\":{\"value\":" + amount
                + ",\"currency\":\"usd\"},\"line_item\":\"gpt-4o, input\",\"project_id\":\"proj_a\"}]}],\"has_more\":" + first
                + ",\"next_page\":" + next + "}";
    }

    private URI base(String prefix) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
    }

    private HttpVendorBillingApi api() {
        Map<String, HttpVendorBillingApi.Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("openai", new HttpVendorBillingApi.Endpoint(base("/openai/v1/"), OPENAI_KEY));
        endpoints.put("anthropic", new HttpVendorBillingApi.Endpoint(base("/anthropic"), ANTHROPIC_KEY));
        return HttpVendorBillingApi.create(endpoints);
    }

    @Test
    void openAiCostsAndCompletionsUsageAreFetchedPageByPageWithTheAdminKeyAsBearer() throws IOException {
        JsonNode export = Json.MAPPER.readTree(api().export("openai", FROM, TO_EXCLUSIVE));

        assertThat(export.fieldNames()).toIterable().containsExactly("costs", "usage");
        assertThat(export.path("costs")).hasSize(2);
        assertThat(export.path("usage")).hasSize(2);
        assertThat(export.path("costs").get(0).path("data").get(0).path("results").get(0).path("amount").path("value").decimalValue())
                .as("money kept exact").isEqualByComparingTo("0.0600000001");
        assertThat(export.toString()).contains("\"value\":0.0600000001").contains("\"value\":12.5");

        assertThat(seen).extracting(Seen::path).containsExactly("/openai/v1/organization/costs", "/openai/v1/organization/costs",
                "/openai/v1/organization/usage/completions", "/openai/v1/organization/usage/completions");
        Seen costs = seen.get(0);
        assertThat(costs.one("start_time")).isEqualTo("1793491200"); // 2026-11-01T00:00:00Z
        assertThat(costs.one("end_time")).isEqualTo("1794873600"); // 2026-11-17T00:00:00Z, exclusive
        assertThat(costs.one("bucket_width")).isEqualTo("1d");
        assertThat(costs.all("group_by")).containsExactly("line_item", "project_id");
        assertThat(costs.one("limit")).isEqualTo("180");
        assertThat(costs.all("page")).isEmpty();
        assertThat(seen.get(1).one("page")).isEqualTo("p2:/openai/v1/organization/costs");
        assertThat(seen.get(1).one("start_time")).isEqualTo("1793491200");
        Seen usage = seen.get(2);
        assertThat(usage.all("group_by")).containsExactly("model", "project_id");
        assertThat(usage.one("limit")).isEqualTo("31");
        assertThat(usage.one("bucket_width")).isEqualTo("1d");
        assertThat(seen.get(3).one("page")).isEqualTo("p2:/openai/v1/organization/usage/completions");
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.authorization()).contains("Bearer " + OPENAI_KEY);
            assertThat(s.apiKey()).isEmpty();
        });
    }

    @Test
    void anthropicCostAndMessagesUsageReportsAreFetchedPageByPageWithTheAdminKeyAndVersion() throws IOException {
        JsonNode export = Json.MAPPER.readTree(api().export("anthropic", FROM, TO_EXCLUSIVE));

        assertThat(export.fieldNames()).toIterable().containsExactly("cost_report", "usage_report");
        assertThat(export.path("cost_report")).hasSize(2);
        assertThat(export.path("usage_report")).hasSize(2);
        assertThat(seen).extracting(Seen::path).containsExactly("/anthropic/v1/organizations/cost_report",
                "/anthropic/v1/organizations/cost_report", "/anthropic/v1/organizations/usage_report/messages",
                "/anthropic/v1/organizations/usage_report/messages");
        Seen cost = seen.get(0);
        assertThat(cost.one("starting_at")).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(cost.one("ending_at")).isEqualTo("2026-11-17T00:00:00Z");
        assertThat(cost.all("group_by[]")).containsExactly("description", "workspace_id");
        assertThat(cost.one("limit")).isEqualTo("31");
        assertThat(seen.get(1).one("page")).isEqualTo("p2:/anthropic/v1/organizations/cost_report");
        Seen usage = seen.get(2);
        assertThat(usage.all("group_by[]")).containsExactly("model", "workspace_id");
        assertThat(usage.one("bucket_width")).isEqualTo("1d");
        assertThat(usage.one("limit")).isEqualTo("31");
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.apiKey()).contains(ANTHROPIC_KEY);
            assertThat(s.version()).contains("2023-06-01");
            assertThat(s.authorization()).isEmpty();
        });
    }

    @Test
    void anErrorStatusNamesTheVendorAndTheStatusAndNeverTheKey() {
        failWith = 401;

        assertThatThrownBy(() -> api().export("openai", FROM, TO_EXCLUSIVE))
                .isInstanceOf(VendorBillingApi.VendorBillingException.class)
                .hasMessageContaining("openai").hasMessageContaining("401")
                .hasMessageNotContaining(OPENAI_KEY)
                .satisfies(e -> assertThat(((VendorBillingApi.VendorBillingException) e).status()).isEqualTo(401));
        assertThatThrownBy(() -> api().export("anthropic", FROM, TO_EXCLUSIVE))
                .hasMessageContaining("anthropic").hasMessageContaining("401").hasMessageNotContaining(ANTHROPIC_KEY);
    }

    @Test
    void aVendorThatDoesNotAnswerIsNamedWithoutAStatus() {
        server.stop(0);
        assertThatThrownBy(() -> api().export("openai", FROM, TO_EXCLUSIVE))
                .isInstanceOf(VendorBillingApi.VendorBillingException.class)
                .hasMessageContaining("openai admin API").hasMessageContaining("did not answer")
                .satisfies(e -> assertThat(((VendorBillingApi.VendorBillingException) e).status()).isZero());
    }

    @Test
    void onlyConfiguredVendorsAreServedAndTheKeyIsNotInTheEndpointsText() {
        HttpVendorBillingApi api = api();
        assertThat(api.vendors()).containsExactlyInAnyOrder("openai", "anthropic");
        assertThatThrownBy(() -> HttpVendorBillingApi.create(Map.of("openai", new HttpVendorBillingApi.Endpoint(base(""), OPENAI_KEY)))
                .export("anthropic", FROM, TO_EXCLUSIVE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anthropic");
        assertThatThrownBy(() -> HttpVendorBillingApi.create(Map.of("gemini", new HttpVendorBillingApi.Endpoint(base(""), "k"))))
                .hasMessageContaining("gemini");
        assertThat(new HttpVendorBillingApi.Endpoint(base(""), OPENAI_KEY).toString()).doesNotContain(OPENAI_KEY);
        assertThat(seen).isEmpty();
    }
}
