package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.local.GatewayHttp.Reply;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.models.models.Model;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/models/{id}} and CORS over HTTP on the local gateway, as the official OpenAI SDK and
 * a browser meet them. The key cache is off (0 s) so a tenant's new origins apply at once.
 */
class ModelsAndCorsIT {

    private static final String APP = "https://app.example.com";
    private static final String MODEL = "openai/gpt-4o-mini";
    private static GatewayHttp http;
    private static LocalGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        http = GatewayHttp.start(Map.of("GATEROUTER_KEY_CACHE_TTL_SECONDS", "0", "GATEROUTER_SIM_TTFT_MS", "0",
                        "GATEROUTER_SIM_TOKENS_PER_SECOND", "0", "GATEROUTER_ROLLUP_EVERY_SECONDS", "3600"));
        gateway = http.gateway();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** Every test starts from the demo tenant allowing no origin (the default). */
    @AfterEach
    void noOrigins() throws Exception {
        allowOrigins();
    }

    private static void allowOrigins(String... origins) throws Exception {
        String list = Stream.of(origins).map(o -> "\"" + o + "\"").reduce((a, b) -> a + "," + b).orElse("");
        Reply reply = http.call("PATCH", "/admin/v1/tenants/" + DemoTenant.TENANT_ID, gateway.adminKey(), "{\"allowedOrigins\":[" + list + "]}");
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    }

    private static OpenAIClient sdk(String baseUrl) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(gateway.demoApiKey()).maxRetries(0).build();
    }

    private static final String CHAT = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    // ------------------------------------------------------------------ GET /v1/models/{id}

    @Test
    void theOpenAiSdkSendsTheIdPercentEncoded() throws Exception {
        // what the unmodified SDK puts on the wire, seen by a bare server: the slash inside the id is %2F
        List<String> rawPaths = new CopyOnWriteArrayList<>();
        HttpServer probe = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        probe.createContext("/", exchange -> {
            rawPaths.add(exchange.getRequestURI().getRawPath());
            byte[] body = "{\"id\":\"openai/gpt-4o-mini\",\"object\":\"model\",\"created\":0,\"owned_by\":\"openai\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        probe.start();
        OpenAIClient client = sdk("http://127.0.0.1:" + probe.getAddress().getPort() + "/v1");
        try {
            client.models().retrieve(MODEL);
        } finally {
            client.close();
            probe.stop(0);
        }
        assertThat(rawPaths).containsExactly("/v1/models/openai%2Fgpt-4o-mini");
    }

    @Test
    void theOpenAiSdkRetrievesAModelThroughTheGateway() {
        OpenAIClient client = sdk("http://127.0.0.1:" + gateway.port() + "/v1");
        try {
            Model model = client.models().retrieve(MODEL);
            assertThat(model.id()).isEqualTo(MODEL);
            assertThat(model.ownedBy()).isEqualTo("openai");
            assertThat(model.created()).isPositive();
            assertThat(model._additionalProperties()).containsKeys("pricing", "context_window");
            assertThat(client.models().retrieve("auto").ownedBy()).isEqualTo("gaterouter");
            assertThatThrownBy(() -> client.models().retrieve("openai/gpt-9")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("The model 'openai/gpt-9' does not exist or you do not have access to it.");
        } finally {
            client.close();
        }
    }

    @Test
    void bothSpellingsOfTheIdAnswerWhatTheListShows() throws Exception {
        JsonNode listed = null;
        for (JsonNode entry : http.call("GET", "/v1/models", gateway.demoApiKey(), null).body().path("data")) {
            if (entry.path("id").asText().equals(MODEL)) {
                listed = entry;
            }
        }
        assertThat(listed).isNotNull();
        for (String path : List.of("/v1/models/openai/gpt-4o-mini", "/v1/models/openai%2Fgpt-4o-mini")) {
            Reply reply = http.call("GET", path, gateway.demoApiKey(), null);
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.body()).as(path).isEqualTo(listed);
        }
        Reply missing = http.call("GET", "/v1/models/openai%2Fgpt-9", gateway.demoApiKey(), null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("error").path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void aModelTheKeysPolicyDeniesIsNotFound() throws Exception {
        String key = demoKey("models-narrow", ",\"allowedModels\":[\"anthropic/*\"]").path("secret").asText();
        Reply denied = http.call("GET", "/v1/models/" + MODEL, key, null);
        assertThat(denied.status()).isEqualTo(404);
        assertThat(denied.body().path("error").path("code").asText()).isEqualTo("model_not_found");
        assertThat(http.call("GET", "/v1/models/anthropic/claude-sonnet-4-5", key, null).status()).isEqualTo(200);
    }

    /** A new app key of the demo user in the demo project ({@code extra}: more fields of the key's body); its keyId and secret. */
    private static JsonNode demoKey(String name, String extra) throws Exception {
        String body = "{\"userId\":\"" + DemoTenant.USER_ID + "\",\"projectId\":\"" + DemoTenant.PROJECT_ID + "\",\"name\":\"" + name + "\""
                + extra + "}";
        Reply key = http.call("POST", "/admin/v1/tenants/" + DemoTenant.TENANT_ID + "/keys", gateway.adminKey(), body);
        assertThat(key.status()).as(key.body().toString()).isEqualTo(201);
        return key.body();
    }

    // ------------------------------------------------------------------ CORS

    @Test
    void aBrowsersPreflightIsAnsweredWithoutAKey() throws Exception {
        Reply preflight = http.call("OPTIONS", "/v1/chat/completions", null, null, "Origin", "https://anyone.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type,x-stainless-os");
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.raw().body()).isEmpty();
        assertThat(preflight.header("access-control-allow-origin")).contains("https://anyone.example");
        assertThat(preflight.header("access-control-allow-methods")).contains("GET, POST, OPTIONS");
        assertThat(preflight.header("access-control-allow-headers")).contains("authorization,content-type,x-stainless-os");
        assertThat(preflight.header("access-control-max-age")).contains("7200");
    }

    @Test
    void onlyTheOriginsTheTenantAllowsReadTheAnswers() throws Exception {
        Reply before = http.call("POST", "/v1/chat/completions", gateway.demoApiKey(), CHAT, "Origin", APP);
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.header("access-control-allow-origin")).as("by default no origin").isEmpty();
        assertThat(before.header("vary")).isEmpty();

        allowOrigins(APP, "http://localhost:5173");
        Reply allowed = http.call("POST", "/v1/chat/completions", gateway.demoApiKey(), CHAT, "Origin", APP);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("access-control-allow-origin")).contains(APP);
        assertThat(allowed.header("vary")).contains("Origin");
        assertThat(Arrays.asList(allowed.header("access-control-expose-headers").orElseThrow().split(", ")))
                .contains("x-request-id", "x-gaterouter-model", "x-gaterouter-vendor", "x-gaterouter-cost-usd", "x-gaterouter-route-reason");

        Reply other = http.call("POST", "/v1/chat/completions", gateway.demoApiKey(), CHAT, "Origin", "https://evil.example");
        assertThat(other.header("access-control-allow-origin")).isEmpty();
        assertThat(other.header("vary")).contains("Origin");

        Reply models = http.call("GET", "/v1/models/" + MODEL, gateway.demoApiKey(), null, "Origin", "http://localhost:5173");
        assertThat(models.header("access-control-allow-origin")).contains("http://localhost:5173");
    }

    @Test
    void aStreamCarriesTheHeaders() throws Exception {
        allowOrigins(APP);
        HttpResponse<Stream<String>> response = http.lines("POST", "/v1/chat/completions", gateway.demoApiKey(),
                "{\"model\":\"" + MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi [[sim:tokens=5]]\"}]}",
                "Origin", APP);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("access-control-allow-origin")).contains(APP);
        assertThat(response.headers().firstValue("access-control-expose-headers").orElseThrow()).contains("x-gaterouter-model");
        List<String> data = new ArrayList<>();
        response.body().filter(line -> line.startsWith("data: ")).forEach(data::add);
        assertThat(data.getLast()).isEqualTo("data: [DONE]");
    }

    @Test
    void refusalsAreReadableToo401And429WithTheirRetryHeaders() throws Exception {
        allowOrigins(APP);
        // one request per minute: the second is refused with 429 and its retry headers
        JsonNode created = demoKey("cors-rpm", ",\"limits\":{\"rpm\":1}");
        String key = created.path("secret").asText();
        String keyId = created.path("keyId").asText();

        assertThat(http.call("POST", "/v1/chat/completions", key, CHAT, "Origin", APP).status()).isEqualTo(200);
        // a minute may turn between two requests: then the third is the refused one
        Reply limited = http.call("POST", "/v1/chat/completions", key, CHAT, "Origin", APP);
        if (limited.status() == 200) {
            limited = http.call("POST", "/v1/chat/completions", key, CHAT, "Origin", APP);
        }
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("access-control-allow-origin")).contains(APP);
        assertThat(Arrays.asList(limited.header("access-control-expose-headers").orElseThrow().split(", ")))
                .contains("x-request-id", "retry-after", "x-ratelimit-remaining-requests");

        Reply revoke = http.call("POST", "/admin/v1/tenants/" + DemoTenant.TENANT_ID + "/keys/" + keyId + "/revoke", gateway.adminKey(), null);
        assertThat(revoke.status()).isEqualTo(200);
        Reply revoked = http.call("POST", "/v1/chat/completions", key, CHAT, "Origin", APP);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.header("access-control-allow-origin")).as("the key's tenant is known: its browser app reads the 401")
                .contains(APP);
    }
}
