package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET/PUT /admin/v1/tenants/{t}/pricing}: list prices by default, validation, If-Match, audit. */
@ExtendWith(DynamoDbLocalExtension.class)
class PricingApiTest {

    private AdminHarness h;
    private Fixtures.TenantWithAdmin tenant;
    private String path;

    @BeforeEach
    void setUp(LocalTables tables) {
        h = new AdminHarness(tables);
        tenant = new Fixtures(h).tenant("pricing");
        path = Fixtures.base(tenant.tenantId()) + "/pricing";
    }

    @Test
    void aTenantWithoutPricingPaysListPrices() {
        Reply reply = h.as(tenant.adminKey().secret(), "GET", path, null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("discountBasisPoints").asInt()).isZero();
        assertThat(reply.json().path("models").isEmpty()).isTrue();
        assertThat(reply.json().path("version").isNull()).isTrue();
        assertThat(reply.header("etag")).isEmpty();
    }

    @Test
    void platformSetsItTenantAdminsReadItAndEveryChangeIsAudited() {
        Reply created = h.platform("PUT", path, """
                {"discountBasisPoints":1500,"models":{"openai/gpt-4o":{"input":"2.00","output":8,"cachedInput":"1"}}}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("etag")).contains("\"1\"");
        JsonNode gpt4o = created.json().path("models").path("openai/gpt-4o");
        assertThat(gpt4o.path("input").asText()).isEqualTo("2.000000");
        assertThat(gpt4o.path("inputMicros").asLong()).isEqualTo(2_000_000);
        assertThat(gpt4o.path("cachedInputMicros").asLong()).isEqualTo(1_000_000);
        assertThat(gpt4o.path("cacheWriteMicros").asLong()).as("defaults to input").isEqualTo(2_000_000);
        assertThat(gpt4o.path("outputMicros").asLong()).isEqualTo(8_000_000);
        assertThat(h.accounts.findPricing(tenant.tenantId())).get().extracting(TenantPricing::discountBasisPoints).isEqualTo(1_500);

        Reply read = h.as(tenant.adminKey().secret(), "GET", path, null);
        assertThat(read.json()).isEqualTo(created.json());

        // the tenant's own admin may not change what the tenant pays
        Reply refused = h.as(tenant.adminKey().secret(), "PUT", path, "{\"discountBasisPoints\":10000}");
        assertThat(refused.status()).isEqualTo(403);

        // a stale If-Match is 412; the current one succeeds; the same terms again change nothing
        assertThat(h.platform("PUT", path, "{\"discountBasisPoints\":500}", "If-Match", "\"7\"").status()).isEqualTo(412);
        Reply updated = h.platform("PUT", path, "{\"discountBasisPoints\":500}", "If-Match", "\"1\"");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("version").asLong()).isEqualTo(2);
        assertThat(updated.json().path("models").isEmpty()).as("PUT replaces the whole pricing").isTrue();
        assertThat(h.platform("PUT", path, "{\"discountBasisPoints\":500}").json().path("version").asLong()).isEqualTo(2);

        JsonNode audit = h.as(tenant.adminKey().secret(), "GET", Fixtures.base(tenant.tenantId()) + "/audit?limit=10", null)
                .json().path("data");
        assertThat(audit.get(0).path("action").asText()).isEqualTo("pricing.update");
        assertThat(audit.get(0).path("before").path("discountBasisPoints").asInt()).isEqualTo(1_500);
        assertThat(audit.get(0).path("after").path("discountBasisPoints").asInt()).isEqualTo(500);
        assertThat(audit.get(1).path("action").asText()).isEqualTo("pricing.create");
    }

    @Test
    void aPutWithIfMatchButNoPricingYetIs412() {
        assertThat(h.platform("PUT", path, "{}", "If-Match", "\"1\"").status()).isEqualTo(412);
    }

    @Test
    void invalidBodiesAre400NamingTheField() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"discountBasisPoints\":10001}", "discountBasisPoints");
        cases.put("{\"discountBasisPoints\":-1}", "discountBasisPoints");
        cases.put("{\"discountBasisPoints\":\"15%\"}", "discountBasisPoints");
        cases.put("{\"discountBasisPoints\":12.5}", "discountBasisPoints");
        cases.put("{\"discount\":10}", "discount");
        cases.put("{\"models\":[]}", "models");
        cases.put("{\"models\":{\"openai/*\":{\"input\":1,\"output\":1}}}", "models.openai/*");
        cases.put("{\"models\":{\"gpt-4o\":{\"input\":1,\"output\":1}}}", "models.gpt-4o");
        cases.put("{\"models\":{\"openai/gpt-4o\":\"cheap\"}}", "models.openai/gpt-4o");
        cases.put("{\"models\":{\"openai/gpt-4o\":{\"input\":1}}}", "models.openai/gpt-4o.output");
        cases.put("{\"models\":{\"openai/gpt-4o\":{\"output\":1}}}", "models.openai/gpt-4o.input");
        cases.put("{\"models\":{\"openai/gpt-4o\":{\"input\":\"0.0000001\",\"output\":1}}}", "models.openai/gpt-4o.input");
        cases.put("{\"models\":{\"openai/gpt-4o\":{\"input\":-1,\"output\":1}}}", "models.openai/gpt-4o.input");
        cases.put("{\"models\":{\"openai/gpt-4o\":{\"input\":1,\"output\":1,\"batch\":1}}}", "models.openai/gpt-4o.batch");
        cases.forEach((body, param) -> {
            Reply reply = h.platform("PUT", path, body);
            assertThat(reply.status()).as(body + " → " + reply).isEqualTo(400);
            assertThat(reply.errorParam()).as(body).isEqualTo(param);
        });
        assertThat(h.accounts.findPricing(tenant.tenantId())).isEmpty();
    }
}
