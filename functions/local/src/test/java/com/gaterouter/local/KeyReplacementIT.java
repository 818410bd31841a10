package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts on one data directory: each start's platform admin key and demo app key replace the
 * earlier ones (issue 13, item 5). An old key answers 401 after the restart; the accounts, and
 * keys people made for the demo user, stay.
 */
class KeyReplacementIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEMO_A = "gr-" + "a".repeat(40) + "DemoA";
    private static final String ADMIN_A = "gr-" + "a".repeat(40) + "AdminA";
    private static final String DEMO_B = "gr-" + "b".repeat(40) + "DemoB";
    private static final String ADMIN_B = "gr-" + "b".repeat(40) + "AdminB";

    private static LocalGateway start(Path data, Optional<String> demo, Optional<String> admin) throws Exception {
        return LocalGateway.start(new LocalOptions(0, Optional.of(data), demo, admin, false), Map.of());
    }

    private static int status(LocalGateway gateway, String method, String path, String key, String body) throws Exception {
        return send(gateway, method, path, key, body).statusCode();
    }

    private static HttpResponse<String> send(LocalGateway gateway, String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int models(LocalGateway gateway, String key) throws Exception {
        return status(gateway, "GET", "/v1/models", key, null);
    }

    private static int tenants(LocalGateway gateway, String key) throws Exception {
        return status(gateway, "GET", "/admin/v1/tenants", key, null);
    }

    @Test
    void eachStartsKeysReplaceTheEarlierOnesOnTheSameDataDir(@TempDir Path data) throws Exception {
        String ownKey;
        try (LocalGateway first = start(data, Optional.of(DEMO_A), Optional.of(ADMIN_A))) {
            assertThat(models(first, DEMO_A)).isEqualTo(200);
            assertThat(tenants(first, ADMIN_A)).isEqualTo(200);
            // a key someone made for the demo user: not the seed's, so restarts leave it alone
            HttpResponse<String> made = send(first, "POST", "/admin/v1/tenants/" + DemoTenant.TENANT_ID + "/keys", ADMIN_A,
                    "{\"userId\":\"" + DemoTenant.USER_ID + "\",\"projectId\":\"" + DemoTenant.PROJECT_ID + "\",\"name\":\"my script\"}");
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            ownKey = JSON.readTree(made.body()).path("secret").asText();
        }

        try (LocalGateway second = start(data, Optional.of(DEMO_B), Optional.of(ADMIN_B))) {
            assertThat(models(second, DEMO_A)).as("the first start's demo key").isEqualTo(401);
            assertThat(tenants(second, ADMIN_A)).as("the first start's admin key").isEqualTo(401);
            assertThat(status(second, "GET", "/metrics", ADMIN_A, null)).as("metrics with the old admin key").isEqualTo(401);
            assertThat(models(second, DEMO_B)).isEqualTo(200);
            assertThat(tenants(second, ADMIN_B)).isEqualTo(200);
            assertThat(models(second, ownKey)).as("a key made through the admin API").isEqualTo(200);

            JsonNode seeded = JSON.readTree(send(second, "GET", "/admin/v1/tenants/demo/keys?limit=100", ADMIN_B, null).body());
            assertThat(seeded.path("data").findValuesAsText("status")).as("keys of the demo tenant: %s", seeded)
                    .containsExactlyInAnyOrder("revoked", "active", "active");

            // the banner does not repeat keys that came from the environment; its export line refers to them
            assertThat(second.banner()).doesNotContain(DEMO_B).doesNotContain(ADMIN_B)
                    .contains("demo app key:      gr-...emoB (from GATEROUTER_DEMO_API_KEY)")
                    .contains("platform admin key: gr-...minB (from GATEROUTER_ADMIN_KEY)")
                    .contains("Bearer $GATEROUTER_DEMO_API_KEY");
            assertThat(second.readerExports()).contains(" KEY=\"$GATEROUTER_DEMO_API_KEY\" ADMIN=\"$GATEROUTER_ADMIN_KEY\" ");
        }

        String generatedDemo;
        String generatedAdmin;
        try (LocalGateway third = start(data, Optional.empty(), Optional.empty())) {
            generatedDemo = third.demoApiKey();
            generatedAdmin = third.adminKey();
            assertThat(models(third, DEMO_B)).as("the second start's demo key, after a start without one").isEqualTo(401);
            assertThat(tenants(third, ADMIN_B)).as("the second start's admin key, after a start without one").isEqualTo(401);
            assertThat(models(third, generatedDemo)).isEqualTo(200);
            assertThat(tenants(third, generatedAdmin)).isEqualTo(200);
            assertThat(third.banner()).as("keys the gateway made are printed in full")
                    .contains("demo app key:      " + generatedDemo).contains("platform admin key: " + generatedAdmin);
        }

        try (LocalGateway fourth = start(data, Optional.empty(), Optional.empty())) {
            assertThat(models(fourth, generatedDemo)).as("a fresh key each start").isEqualTo(401);
            assertThat(tenants(fourth, generatedAdmin)).isEqualTo(401);
            assertThat(models(fourth, ownKey)).isEqualTo(200);
        }

        assertThatThrownBy(() -> start(data, Optional.of(DEMO_B), Optional.empty()).close())
                .as("a demo key revoked by a restart does not come back").hasMessageContaining("was revoked");
    }

    @Test
    void theSameKeysAcrossRestartsKeepWorking(@TempDir Path data) throws Exception {
        try (LocalGateway first = start(data, Optional.of(DEMO_A), Optional.of(ADMIN_A))) {
            assertThat(models(first, DEMO_A)).isEqualTo(200);
        }
        try (LocalGateway again = start(data, Optional.of(DEMO_A), Optional.of(ADMIN_A))) {
            assertThat(models(again, DEMO_A)).isEqualTo(200);
            assertThat(tenants(again, ADMIN_A)).isEqualTo(200);
            JsonNode keys = JSON.readTree(send(again, "GET", "/admin/v1/tenants/demo/keys", ADMIN_A, null).body());
            assertThat(keys.path("data").findValuesAsText("status")).as("one demo key, still the same: %s", keys).containsExactly("active");
        }
    }
}
