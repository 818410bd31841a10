package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.auth.Caller;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.common.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /admin/v1/me}: who the caller is, for the platform and for tenant users with and without a department. */
class MeApiTest extends WithOneTenant {

    MeApiTest() {
        super("me");
    }

    @Test
    void theIamPlatformAdminIsItsPrincipal() throws Exception {
        Reply reply = h.platform("GET", "/admin/v1/me", null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json()).isEqualTo(Json.MAPPER.readTree(
                "{\"kind\":\"platform\",\"principal\":\"" + AdminHarness.PLATFORM_ARN + "\"}"));
        assertThat(reply.header("cache-control")).contains("no-store");
    }

    @Test
    void theBootstrapKeyIsThePlatformToo() throws Exception {
        Reply reply = h.as(h.seedPlatformKey(), "GET", "/admin/v1/me", null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json()).isEqualTo(Json.MAPPER.readTree(
                "{\"kind\":\"platform\",\"principal\":\"" + Caller.PlatformAdmin.BOOTSTRAP_KEY + "\"}"));
    }

    @Test
    void aUserWithoutADepartmentHasNullDepartmentFields() throws Exception {
        Reply created = h.platform("POST", base + "/users", "{\"email\":\"ada@me.example\",\"name\":\"Ada\",\"role\":\"finance\"}");
        String userId = created.id("userId");
        Fixtures.Key key = f.adminKey(tenant.tenantId(), userId);

        Reply reply = h.as(key.secret(), "GET", "/admin/v1/me", null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json()).isEqualTo(Json.MAPPER.readTree("""
                {"kind":"user","tenantId":"%s","tenantName":"me","userId":"%s","name":"Ada","email":"ada@me.example",
                 "role":"finance","departmentId":null,"departmentName":null,"keyId":"%s"}"""
                .formatted(tenant.tenantId(), userId, key.keyId())));
        assertThat(reply.text()).as("the secret is never echoed").doesNotContain(key.secret());
    }

    @Test
    void aUserInADepartmentSeesItsIdAndNameAndTheirCurrentRole() {
        String department = f.department(tenant.tenantId(), "Engineering");
        String userId = f.user(tenant.tenantId(), department, "member");
        Fixtures.Key key = f.adminKey(tenant.tenantId(), userId);

        JsonNode me = h.as(key.secret(), "GET", "/admin/v1/me", null).json();
        assertThat(me.path("kind").asText()).isEqualTo("user");
        assertThat(me.path("role").asText()).isEqualTo("member");
        assertThat(me.path("departmentId").asText()).isEqualTo(department);
        assertThat(me.path("departmentName").asText()).isEqualTo("Engineering");
        assertThat(me.path("keyId").asText()).isEqualTo(key.keyId());

        // a role change shows on the very next call (the user is read per request)
        Reply promoted = h.platform("PATCH", base + "/users/" + userId, "{\"role\":\"department_admin\"}");
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(h.as(key.secret(), "GET", "/admin/v1/me", null).json().path("role").asText()).isEqualTo("department_admin");
    }

    @Test
    void theTenantAdminOfTheFixture() {
        JsonNode me = admin("GET", "/admin/v1/me", null).json();
        assertThat(me.path("userId").asText()).isEqualTo(tenant.adminUserId());
        assertThat(me.path("role").asText()).isEqualTo("tenant_admin");
        assertThat(me.path("email").asText()).isEqualTo("admin@" + tenant.tenantId() + ".example");
        assertThat(me.path("name").asText()).isEqualTo("Admin");
    }

    @Test
    void unauthenticatedAppKeysAndRevokedKeysAre401() {
        String department = f.department(tenant.tenantId(), "d");
        String project = f.project(tenant.tenantId(), department, "p");
        String userId = f.user(tenant.tenantId(), department, "member");
        Fixtures.Key app = f.appKey(tenant.tenantId(), userId, project);
        Fixtures.Key revoked = f.adminKey(tenant.tenantId(), userId);
        assertThat(h.platform("POST", base + "/keys/" + revoked.keyId() + "/revoke", null).status()).isEqualTo(200);
        for (String secret : List.of("gr-not-a-key", app.secret(), revoked.secret())) {
            Reply reply = h.as(secret, "GET", "/admin/v1/me", null);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
            assertThat(reply.errorCode()).isEqualTo("invalid_api_key");
        }
        Reply none = h.send(AdminHarness.request("GET", "/admin/v1/me", null, null), java.util.Optional.empty());
        assertThat(none.status()).isEqualTo(401);
    }

    @Test
    void unknownQueryParametersAndOtherMethodsAreRefused() {
        Reply query = admin("GET", "/admin/v1/me?tenantId=other", null);
        assertThat(query.status()).isEqualTo(400);
        assertThat(query.errorParam()).isEqualTo("tenantId");
        Reply post = admin("POST", "/admin/v1/me", "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("allow")).contains("GET");
    }
}
