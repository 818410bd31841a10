package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tenant's {@code extraParameters} policy ({@code reject}, the default, or {@code drop}): set at
 * creation by a platform admin, changed with {@code PATCH /admin/v1/tenants/{t}} by tenant admins
 * (If-Match, audited as {@code tenant.update}), anything else a 400 naming the field.
 */
class TenantExtraParametersTest extends WithOneTenant {

    TenantExtraParametersTest() {
        super("extras");
    }

    @Test
    void aNewTenantRejects() {
        assertThat(admin("GET", base, null).json().path("extraParameters").asText()).isEqualTo("reject");
    }

    @Test
    void aPlatformAdminMaySetItAtCreation() {
        Reply created = h.platform("POST", "/admin/v1/tenants", "{\"name\":\"Lenient Co\",\"extraParameters\":\"drop\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("extraParameters").asText()).isEqualTo("drop");
        String id = created.json().path("tenantId").asText();
        assertThat(h.platform("GET", Fixtures.base(id), null).json().path("extraParameters").asText()).as("stored").isEqualTo("drop");

        Reply bad = h.platform("POST", "/admin/v1/tenants", "{\"name\":\"Bad Co\",\"extraParameters\":\"ignore\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorParam()).isEqualTo("extraParameters");
    }

    @Test
    void aTenantAdminSwitchesItAndEveryChangeIsAudited() {
        Reply before = admin("GET", base, null);
        Reply dropped = admin("PATCH", base, "{\"extraParameters\":\"drop\"}", "If-Match", before.header("etag").orElseThrow());
        assertThat(dropped.status()).as(dropped.toString()).isEqualTo(200);
        assertThat(dropped.json().path("extraParameters").asText()).isEqualTo("drop");
        assertThat(dropped.json().path("version").asLong()).isEqualTo(before.json().path("version").asLong() + 1);
        assertThat(admin("GET", base, null).json().path("extraParameters").asText()).as("stored").isEqualTo("drop");

        Reply same = admin("PATCH", base, "{\"extraParameters\":\"drop\"}");
        assertThat(same.json().path("version").asLong()).as("no change, no new version").isEqualTo(dropped.json().path("version").asLong());

        Reply back = admin("PATCH", base, "{\"extraParameters\":\"reject\"}");
        assertThat(back.json().path("extraParameters").asText()).isEqualTo("reject");

        List<JsonNode> updates = new ArrayList<>();
        admin("GET", base + "/audit?limit=10", null).json().path("data").forEach(entry -> {
            if (entry.path("action").asText().equals("tenant.update")) {
                updates.add(entry);
            }
        });
        assertThat(updates).hasSize(2);
        assertThat(updates.get(0).path("before").path("extraParameters").asText()).isEqualTo("drop");
        assertThat(updates.get(0).path("after").path("extraParameters").asText()).isEqualTo("reject");
        assertThat(updates.get(1).path("before").path("extraParameters").asText()).isEqualTo("reject");
        assertThat(updates.get(1).path("after").path("extraParameters").asText()).isEqualTo("drop");
    }

    @Test
    void onlyTenantAdminsChangeIt() {
        String department = f.department(tenant.tenantId(), "Research");
        String member = f.user(tenant.tenantId(), department, "member");
        Fixtures.Key memberKey = f.adminKey(tenant.tenantId(), member);
        Reply refused = h.as(memberKey.secret(), "PATCH", base, "{\"extraParameters\":\"drop\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(admin("GET", base, null).json().path("extraParameters").asText()).isEqualTo("reject");
    }

    @Test
    void anythingButRejectOrDropIsA400NamingTheFieldAndChangesNothing() {
        for (String body : List.of("{\"extraParameters\":\"ignore\"}", "{\"extraParameters\":\"DROP\"}", "{\"extraParameters\":null}",
                "{\"extraParameters\":true}", "{\"extraParameters\":[\"drop\"]}", "{\"extraParameters\":\"\"}")) {
            Reply reply = admin("PATCH", base, body);
            assertThat(reply.status()).as(body + " " + reply).isEqualTo(400);
            assertThat(reply.errorCode()).isEqualTo("invalid_request");
            assertThat(reply.errorParam()).isEqualTo("extraParameters");
        }
        assertThat(admin("GET", base, null).json().path("version").asLong()).isEqualTo(1);
        assertThat(admin("GET", base, null).json().path("extraParameters").asText()).isEqualTo("reject");
    }
}
