package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tenant's CORS setting, {@code allowedOrigins} on the tenant profile: changed with
 * {@code PATCH /admin/v1/tenants/{t}} like the rest of the profile (tenant admins; If-Match; audited),
 * validated and kept canonical, and stored so the router reads it back.
 */
class TenantOriginsTest extends WithOneTenant {

    TenantOriginsTest() {
        super("origins");
    }

    private static List<String> origins(Reply reply) {
        List<String> origins = new ArrayList<>();
        reply.json().path("allowedOrigins").forEach(o -> origins.add(o.asText()));
        return origins;
    }

    @Test
    void aNewTenantAllowsNoOrigin() {
        Reply profile = admin("GET", base, null);
        assertThat(profile.json().path("allowedOrigins").isArray()).isTrue();
        assertThat(origins(profile)).isEmpty();
    }

    @Test
    void aTenantAdminSetsThemCanonicalWithIfMatchAndEveryChangeIsAudited() {
        Reply before = admin("GET", base, null);
        String etag = before.header("etag").orElseThrow();
        Reply changed = admin("PATCH", base, "{\"allowedOrigins\":[\"https://App.Example.com/\",\"http://localhost:5173\"]}",
                "If-Match", etag);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(origins(changed)).containsExactly("http://localhost:5173", "https://app.example.com");
        assertThat(changed.json().path("version").asLong()).isEqualTo(before.json().path("version").asLong() + 1);
        assertThat(origins(admin("GET", base, null))).as("stored").containsExactly("http://localhost:5173", "https://app.example.com");

        Reply stale = admin("PATCH", base, "{\"allowedOrigins\":[\"*\"]}", "If-Match", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.errorCode()).isEqualTo("version_mismatch");

        Reply same = admin("PATCH", base, "{\"allowedOrigins\":[\"https://app.example.com\",\"http://localhost:5173\"]}");
        assertThat(same.json().path("version").asLong()).as("no change, no new version").isEqualTo(changed.json().path("version").asLong());

        Reply cleared = admin("PATCH", base, "{\"allowedOrigins\":[]}");
        assertThat(origins(cleared)).isEmpty();

        JsonNode latest = admin("GET", base + "/audit?limit=10", null).json().path("data");
        List<JsonNode> updates = new ArrayList<>();
        latest.forEach(entry -> {
            if (entry.path("action").asText().equals("tenant.update")) {
                updates.add(entry);
            }
        });
        assertThat(updates).hasSize(2);
        assertThat(updates.get(0).path("after").path("allowedOrigins")).isEmpty();
        assertThat(updates.get(1).path("before").path("allowedOrigins")).isEmpty();
        assertThat(updates.get(1).path("after").path("allowedOrigins").toString())
                .isEqualTo("[\"http://localhost:5173\",\"https://app.example.com\"]");
    }

    @Test
    void aPlatformAdminMaySetThemAtCreation() {
        Reply created = h.platform("POST", "/admin/v1/tenants", "{\"name\":\"Web Co\",\"allowedOrigins\":[\"*\"]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(origins(created)).containsExactly("*");
    }

    @Test
    void onlyTenantAdminsChangeThem() {
        String department = f.department(tenant.tenantId(), "Research");
        String member = f.user(tenant.tenantId(), department, "member");
        Fixtures.Key memberKey = f.adminKey(tenant.tenantId(), member);
        Reply refused = h.as(memberKey.secret(), "PATCH", base, "{\"allowedOrigins\":[\"*\"]}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(origins(admin("GET", base, null))).isEmpty();
    }

    @Test
    void whatIsNotAnOriginIsA400NamingTheFieldAndChangesNothing() {
        for (String body : List.of("{\"allowedOrigins\":\"https://app.example.com\"}", "{\"allowedOrigins\":[5]}",
                "{\"allowedOrigins\":[\"app.example.com\"]}", "{\"allowedOrigins\":[\"https://app.example.com/login\"]}",
                "{\"allowedOrigins\":[\"https://*.example.com\"]}", "{\"allowedOrigins\":[\"*\",\"https://app.example.com\"]}")) {
            Reply reply = admin("PATCH", base, body);
            assertThat(reply.status()).as(body + " " + reply).isEqualTo(400);
            assertThat(reply.errorCode()).isEqualTo("invalid_request");
            assertThat(reply.errorParam()).isEqualTo("allowedOrigins");
        }
        assertThat(admin("GET", base, null).json().path("version").asLong()).isEqualTo(1);
    }
}
