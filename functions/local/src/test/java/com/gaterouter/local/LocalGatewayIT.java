package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.testing.Since;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local gateway as a user meets it: over HTTP, with the printed keys. */
class LocalGatewayIT {

    private static LocalGateway gateway;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayHttp.start(Map.of()).gateway();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    private static HttpRequest.Builder chat(String key, String body) {
        return HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void healthAnswers200WhenReady() throws Exception {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("ok");
    }

    @Test
    void theBannerPrintsBothKeysAndSaysWhichVendorsAreSimulated() {
        assertThat(gateway.banner()).contains(gateway.demoApiKey()).contains(gateway.adminKey())
                .contains("vendor simulator (no OPENAI_API_KEY set)");
        assertThat(gateway.demoApiKey()).startsWith("gr-");
    }

    @Test
    void theDemoKeyGetsACompletionAndTheUsageLandsInDynamoDb() throws Exception {
        Since sent = Since.now();
        HttpResponse<String> response = HTTP.send(chat(gateway.demoApiKey(),
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.headers().firstValue("x-gaterouter-model")).contains("openai/gpt-4o-mini");
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isNotBlank();
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();

        // the usage store follows the usage journal: wait for the applier to have applied what was answered
        gateway.usageJournal().orElseThrow().flush(Duration.ofSeconds(30));
        var store = gateway.usageStore();
        // the gateway runs on the real clock: the request may have been recorded just before midnight
        var records = sent.days().stream().flatMap(day -> store.findByTenantAndDay(DemoTenant.TENANT_ID, day).stream()).toList();
        assertThat(records).anySatisfy(r -> {
            assertThat(r.requestId()).isEqualTo(requestId);
            assertThat(r.costMicros()).isPositive();
        });
    }

    @Test
    void aStreamArrivesIncrementallyAndEndsWithDone() throws Exception {
        // 20 tokens paced at the local simulator's default 80 tokens/s → ~250 ms of generation
        HttpResponse<Stream<String>> response = HTTP.send(chat(gateway.demoApiKey(), """
                {"model":"openai/gpt-4o-mini","stream":true,
                 "messages":[{"role":"user","content":"Stream it [[sim:tokens=20]]"}]}""")
                .build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<Long> arrivals = new ArrayList<>();
        List<String> data = new ArrayList<>();
        long start = System.nanoTime();
        response.body().filter(line -> line.startsWith("data: ")).forEach(line -> {
            arrivals.add(System.nanoTime() - start);
            data.add(line.substring(6));
        });
        assertThat(data.getLast()).isEqualTo("[DONE]");
        assertThat(data.size()).isGreaterThan(5);
        assertThat(Json.MAPPER.readTree(data.get(0)).path("object").asText()).isEqualTo("chat.completion.chunk");
        // incremental: the first event reached us long before the last one, not all at once at the end
        assertThat(Duration.ofNanos(arrivals.getLast() - arrivals.getFirst())).isGreaterThan(Duration.ofMillis(80));
    }

    @Test
    void aWrongKeyGets401InTheOpenAiErrorShape() throws Exception {
        HttpResponse<String> response = HTTP.send(chat("gr-not-a-key",
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("authentication_error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    void anOversizedBodyGets413WithoutBeingParsed() throws Exception {
        byte[] big = new byte[6 * 1024 * 1024 + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + gateway.demoApiKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Json.MAPPER.readTree(response.body()).path("error").path("code").asText()).isEqualTo("request_too_large");
    }

    @Test
    void thePlatformAdminKeyReadsTheDemoTenant() throws Exception {
        HttpResponse<String> tenant = HTTP.send(HttpRequest.newBuilder(uri("/admin/v1/tenants/demo"))
                .header("Authorization", "Bearer " + gateway.adminKey()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tenant.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(tenant.body()).path("tenantId").asText()).isEqualTo("demo");

        HttpResponse<String> appKey = HTTP.send(HttpRequest.newBuilder(uri("/admin/v1/tenants/demo"))
                .header("Authorization", "Bearer " + gateway.demoApiKey()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(appKey.statusCode()).as("an app key is not an admin key").isEqualTo(401);
    }

    @Test
    void aTakenPortIsReportedInOneClearLineWithoutAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = LocalGateway.run(new String[] {"--port", Integer.toString(taken.getLocalPort())}, Map.of(),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(exit).isEqualTo(1);
            String message = err.toString(StandardCharsets.UTF_8);
            assertThat(message).contains("Port " + taken.getLocalPort() + " is already in use").contains("--port")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
