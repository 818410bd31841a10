package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin walk-through of docs/admin-api.md, end to end over HTTP on the local gateway: a
 * platform admin creates a tenant with its first admin; that tenant admin builds a department, a
 * project, a user and a key; the key calls the app API; a budget and a model policy are set and
 * /v1/models follows; the key is rotated and revoked. The key cache is 1 s here so the test sees
 * revocation without waiting the production bound.
 */
class LocalAdminFlowIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static LocalGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = LocalGateway.start(new LocalOptions(0, Optional.empty(), Optional.empty(), Optional.empty(), false),
                Map.of("GATEROUTER_KEY_CACHE_TTL_SECONDS", "1", "GATEROUTER_SIM_TTFT_MS", "0",
                        "GATEROUTER_SIM_TOKENS_PER_SECOND", "0"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private static Reply call(String method, String path, String key, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(response.body());
        return new Reply(response.statusCode(), json, response);
    }

    private static Reply chat(String key) throws Exception {
        return call("POST", "/v1/chat/completions", key,
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    }

    private static List<String> modelIds(String key) throws Exception {
        Reply models = call("GET", "/v1/models", key, null);
        assertThat(models.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        models.body().path("data").forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }

    private static void awaitStatus(String key, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
            status = chat(key).status();
            if (status == expected) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertThat(status).as("status after the key cache refreshed").isEqualTo(expected);
    }

    @Test
    void platformAdminOnboardsATenantWhoseAdminRunsTheWholeLifecycle() throws Exception {
        String platform = gateway.adminKey();

        Reply tenant = call("POST", "/admin/v1/tenants", platform,
                "{\"name\":\"Acme\",\"admin\":{\"email\":\"ada@acme.example\",\"name\":\"Ada\"}}");
        assertThat(tenant.status()).isEqualTo(201);
        String t = tenant.body().path("tenantId").asText();
        String tenantAdmin = tenant.body().path("adminKey").path("secret").asText();
        assertThat(tenantAdmin).startsWith("gr-");
        String base = "/admin/v1/tenants/" + t;

        Reply department = call("POST", base + "/departments", tenantAdmin, "{\"name\":\"Research\"}");
        assertThat(department.status()).isEqualTo(201);
        String d = department.body().path("departmentId").asText();
        Reply project = call("POST", base + "/projects", tenantAdmin, "{\"name\":\"Chatbot\",\"departmentId\":\"" + d + "\"}");
        assertThat(project.status()).isEqualTo(201);
        String p = project.body().path("projectId").asText();
        Reply user = call("POST", base + "/users", tenantAdmin,
                "{\"email\":\"bob@acme.example\",\"name\":\"Bob\",\"departmentId\":\"" + d + "\",\"role\":\"member\"}");
        assertThat(user.status()).isEqualTo(201);
        String u = user.body().path("userId").asText();
        Reply key = call("POST", base + "/keys", tenantAdmin,
                "{\"userId\":\"" + u + "\",\"projectId\":\"" + p + "\",\"name\":\"chatbot prod\"}");
        assertThat(key.status()).isEqualTo(201);
        String keyId = key.body().path("keyId").asText();
        String secret = key.body().path("secret").asText();
        assertThat(secret).startsWith("gr-");

        // the secret is shown once: reading the key back never shows it
        Reply readBack = call("GET", base + "/keys/" + keyId, tenantAdmin, null);
        assertThat(readBack.status()).isEqualTo(200);
        assertThat(readBack.raw().body()).doesNotContain(secret).doesNotContain("\"secret\"");

        Reply completion = chat(secret);
        assertThat(completion.status()).isEqualTo(200);
        assertThat(completion.raw().headers().firstValue("x-gaterouter-model")).contains("openai/gpt-4o-mini");

        Reply budget = call("PUT", base + "/budgets/department/" + d, tenantAdmin,
                "{\"monthlyUsd\":\"500.00\",\"dailyUsd\":40,\"thresholds\":[50,80,100],\"alertRecipients\":[\"finance@acme.example\"]}");
        assertThat(budget.status()).isEqualTo(201);
        assertThat(budget.body().path("monthlyUsdMicros").asLong()).isEqualTo(500_000_000L);
        Reply staleBudget = call("PUT", base + "/budgets/department/" + d, tenantAdmin, "{\"monthlyUsd\":600}",
                "If-Match", "\"" + (budget.body().path("version").asLong() + 7) + "\"");
        assertThat(staleBudget.status()).isEqualTo(412);

        assertThat(modelIds(secret)).contains("openai/gpt-4o-mini", "anthropic/claude-haiku-4-5");
        Reply policy = call("PUT", base + "/policies/project/" + p, tenantAdmin, "{\"allowedModels\":[\"openai/*\"]}");
        assertThat(policy.status()).isIn(200, 201);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (modelIds(secret).stream().anyMatch(id -> !id.startsWith("openai/")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(modelIds(secret)).isNotEmpty().allMatch(id -> id.startsWith("openai/"));

        Reply rotated = call("POST", base + "/keys/" + keyId + "/rotate", tenantAdmin, "{\"gracePeriodSeconds\":3600}");
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.body().path("secret").asText();
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(chat(newSecret).status()).isEqualTo(200);
        assertThat(chat(secret).status()).as("the old secret inside its grace period").isEqualTo(200);

        Reply revoked = call("POST", base + "/keys/" + keyId + "/revoke", tenantAdmin, null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().path("status").asText()).isEqualTo("revoked");
        awaitStatus(newSecret, 401);
        awaitStatus(secret, 401);

        Reply audit = call("GET", base + "/audit?limit=100", tenantAdmin, null);
        assertThat(audit.status()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        audit.body().path("data").forEach(e -> actions.add(e.path("action").asText()));
        assertThat(actions.getFirst()).isEqualTo("key.revoke");
        assertThat(actions).contains("department.create", "project.create", "user.create", "key.create", "key.rotate",
                "budget.create", "policy.create");
        assertThat(audit.raw().body()).doesNotContain(secret).doesNotContain(newSecret);

        // the other tenant's admin sees nothing of this one
        Reply foreign = call("GET", "/admin/v1/tenants/" + DemoTenant.TENANT_ID + "/departments", tenantAdmin, null);
        assertThat(foreign.status()).isEqualTo(404);
    }

    @Test
    void anAppKeyCannotAdministerAndAnAdminKeyCannotChat() throws Exception {
        Reply withAppKey = call("GET", "/admin/v1/tenants/" + DemoTenant.TENANT_ID + "/departments", gateway.demoApiKey(), null);
        assertThat(withAppKey.status()).isEqualTo(401);

        Reply tenant = call("POST", "/admin/v1/tenants", gateway.adminKey(),
                "{\"name\":\"Globex\",\"admin\":{\"email\":\"hank@globex.example\",\"name\":\"Hank\"}}");
        String adminSecret = tenant.body().path("adminKey").path("secret").asText();
        assertThat(chat(adminSecret).status()).isEqualTo(401);
    }
}
