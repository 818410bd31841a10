package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.common.accounts.RoutingPolicy;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.TierThresholds;
import com.gaterouter.routing.policy.Preference;
import com.gaterouter.routing.policy.RoutingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET/PUT/DELETE /admin/v1/tenants/{t}/routing/{scope}/{scopeId}} and the list: the JSON in
 * and out, create and replace with If-Match, delete, the audit trail, department admins' limits,
 * and what the router reads back (the scope chain).
 */
class RoutingPolicyApiTest extends WithOneTenant {

    private static final String FULL = """
            {"mode":"shadow","prefer":"cost","thresholds":{"lightBelow":0.35,"heavyFrom":0.8},
             "tiers":{"light":["openai/gpt-4o-mini","gemini/gemini-2.5-flash-lite"],"heavy":["anthropic/claude-opus-4-1"]},
             "pinnedModel":"openai/gpt-4o"}""";

    private String research;
    private String chatbot;

    RoutingPolicyApiTest() {
        super("routing");
    }

    @BeforeEach
    void setUp() {
        research = f.department(tenant.tenantId(), "Research");
        chatbot = f.project(tenant.tenantId(), research, "Chatbot");
    }

    private List<JsonNode> audit() {
        List<JsonNode> entries = new ArrayList<>();
        admin("GET", base + "/audit?limit=100", null).json().path("data").forEach(entries::add);
        return entries;
    }

    @Test
    void aPutCreatesThePolicyAndTheAnswerShowsEveryKnob() {
        Reply created = admin("PUT", base + "/routing/project/" + chatbot, FULL);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("etag")).contains("\"1\"");
        JsonNode json = created.json();
        assertThat(json.path("tenantId").asText()).isEqualTo(tenant.tenantId());
        assertThat(json.path("scope").asText()).isEqualTo("project");
        assertThat(json.path("scopeId").asText()).isEqualTo(chatbot);
        assertThat(json.path("mode").asText()).isEqualTo("shadow");
        assertThat(json.path("prefer").asText()).isEqualTo("cost");
        assertThat(json.path("thresholds").path("lightBelow").decimalValue()).isEqualByComparingTo("0.35");
        assertThat(json.path("thresholds").path("heavyFrom").decimalValue()).isEqualByComparingTo("0.8");
        assertThat(json.path("tiers").path("light").toString()).as("in the order given")
                .isEqualTo("[\"openai/gpt-4o-mini\",\"gemini/gemini-2.5-flash-lite\"]");
        assertThat(json.path("tiers").path("standard").isNull()).as("a tier not set is null: it inherits").isTrue();
        assertThat(json.path("tiers").path("heavy").toString()).isEqualTo("[\"anthropic/claude-opus-4-1\"]");
        assertThat(json.path("pinnedModel").asText()).isEqualTo("openai/gpt-4o");
        assertThat(json.path("createdAt").asText()).isEqualTo(FutureYear.text("YYYY-03-01T09:00:00Z"));
        assertThat(json.path("updatedAt").asText()).isEqualTo(FutureYear.text("YYYY-03-01T09:00:00Z"));
        assertThat(json.path("version").asLong()).isEqualTo(1);

        assertThat(admin("GET", base + "/routing/project/" + chatbot, null).json()).isEqualTo(json);

        // what the router reads with a key of the project
        RoutingPolicy stored = h.accounts.scopeChain(tenant.tenantId(), research, chatbot).routingPolicies().getFirst();
        assertThat(stored.scope()).isEqualTo(PolicyScope.PROJECT);
        assertThat(stored.rules().mode()).contains(RoutingMode.SHADOW);
        assertThat(stored.rules().prefer()).contains(Preference.COST);
        assertThat(stored.rules().thresholds()).contains(new TierThresholds(0.35, 0.8));
        assertThat(stored.rules().candidates()).isEqualTo(Map.of(
                Tier.LIGHT, List.of("openai/gpt-4o-mini", "gemini/gemini-2.5-flash-lite"), Tier.HEAVY, List.of("anthropic/claude-opus-4-1")));
        assertThat(stored.rules().pinnedModel()).contains("openai/gpt-4o");
    }

    @Test
    void knobsLeftOutOrNullAreNotSetAndAnAnswerCanBePutBackUnchanged() {
        Reply created = admin("PUT", base + "/routing/tenant/" + tenant.tenantId(), "{\"prefer\":\"quality\",\"mode\":null}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode json = created.json();
        for (String knob : List.of("mode", "thresholds", "pinnedModel")) {
            assertThat(json.path(knob).isNull()).as(knob).isTrue();
        }
        assertThat(json.path("tiers").size()).isEqualTo(3);
        json.path("tiers").forEach(tier -> assertThat(tier.isNull()).isTrue());
        RoutingPolicy stored = h.accounts.findRoutingPolicy(tenant.tenantId(), PolicyScope.TENANT, tenant.tenantId()).orElseThrow();
        assertThat(stored.rules().mode()).isEmpty();
        assertThat(stored.rules().thresholds()).isEmpty();
        assertThat(stored.rules().candidates()).isEmpty();

        // an answer's knobs, sent back as they are, change nothing: same version, no audit entry
        Reply full = admin("PUT", base + "/routing/project/" + chatbot, FULL);
        int entries = audit().size();
        StringBuilder knobs = new StringBuilder("{");
        for (String knob : List.of("mode", "prefer", "thresholds", "tiers", "pinnedModel")) {
            knobs.append(knobs.length() > 1 ? "," : "").append('"').append(knob).append("\":").append(full.json().path(knob));
        }
        Reply again = admin("PUT", base + "/routing/project/" + chatbot, knobs.append('}').toString(), "If-Match", "\"1\"");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(full.json());
        assertThat(audit()).hasSize(entries);
    }

    @Test
    void aPutReplacesTheWholeDocumentUnderIfMatchAndEveryChangeIsAudited() {
        String path = base + "/routing/department/" + research;
        assertThat(admin("PUT", path, FULL, "If-Match", "\"1\"").status()).as("If-Match, but nothing to match yet").isEqualTo(412);
        assertThat(h.accounts.findRoutingPolicy(tenant.tenantId(), PolicyScope.DEPARTMENT, research)).isEmpty();
        assertThat(admin("PUT", path, FULL).status()).isEqualTo(201);

        h.clock.advance(Duration.ofMinutes(5));
        Reply stale = admin("PUT", path, "{\"prefer\":\"balanced\"}", "If-Match", "\"7\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.errorCode()).isEqualTo("version_mismatch");
        assertThat(stale.errorParam()).isEqualTo("If-Match");

        Reply replaced = admin("PUT", path, "{\"prefer\":\"balanced\",\"tiers\":{\"standard\":[\"openai/gpt-4.1\"]}}", "If-Match", "\"1\"");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.header("etag")).contains("\"2\"");
        JsonNode json = replaced.json();
        assertThat(json.path("version").asLong()).isEqualTo(2);
        assertThat(json.path("prefer").asText()).isEqualTo("balanced");
        assertThat(json.path("mode").isNull()).as("a PUT replaces the whole document").isTrue();
        assertThat(json.path("thresholds").isNull()).isTrue();
        assertThat(json.path("pinnedModel").isNull()).isTrue();
        assertThat(json.path("tiers").path("light").isNull()).isTrue();
        assertThat(json.path("tiers").path("standard").toString()).isEqualTo("[\"openai/gpt-4.1\"]");
        assertThat(json.path("createdAt").asText()).isEqualTo(FutureYear.text("YYYY-03-01T09:00:00Z"));
        assertThat(json.path("updatedAt").asText()).isEqualTo(FutureYear.text("YYYY-03-01T09:05:00Z"));

        // without If-Match the server replaces the version it just read
        Reply unconditional = admin("PUT", path, "{\"mode\":\"route\"}");
        assertThat(unconditional.status()).isEqualTo(200);
        assertThat(unconditional.json().path("version").asLong()).isEqualTo(3);

        assertThat(admin("DELETE", path, null, "If-Match", "\"2\"").status()).isEqualTo(412);
        Reply deleted = admin("DELETE", path, null, "If-Match", "\"3\"");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("mode").asText()).as("answers the removed policy").isEqualTo("route");
        assertThat(admin("GET", path, null).status()).isEqualTo(404);
        assertThat(admin("DELETE", path, null).status()).isEqualTo(404);
        assertThat(h.accounts.scopeChain(tenant.tenantId(), research, chatbot).routingPolicies()).isEmpty();

        List<JsonNode> entries = audit();
        assertThat(entries.subList(0, 4)).extracting(e -> e.path("action").asText())
                .containsExactly("routing.delete", "routing.update", "routing.update", "routing.create");
        JsonNode delete = entries.get(0);
        assertThat(delete.path("target").path("kind").asText()).isEqualTo("routing");
        assertThat(delete.path("target").path("id").asText()).isEqualTo("department/" + research);
        assertThat(delete.path("before").path("version").asLong()).isEqualTo(3);
        assertThat(delete.path("after").isNull()).isTrue();
        assertThat(delete.path("actor").path("id").asText()).isEqualTo(tenant.adminUserId());
        JsonNode update = entries.get(2);
        assertThat(update.path("before").path("prefer").asText()).isEqualTo("cost");
        assertThat(update.path("before").path("pinnedModel").asText()).isEqualTo("openai/gpt-4o");
        assertThat(update.path("after").path("prefer").asText()).isEqualTo("balanced");
        assertThat(update.path("after").path("pinnedModel").isNull()).isTrue();
        JsonNode create = entries.get(3);
        assertThat(create.path("before").isNull()).isTrue();
        assertThat(create.path("after").path("thresholds").path("lightBelow").decimalValue()).isEqualByComparingTo("0.35");
    }

    @Test
    void aPutThatSetsNoKnobIsRefusedAndPointsToDelete() {
        for (String body : List.of("{}", "{\"tiers\":{}}", "{\"mode\":null,\"prefer\":null,\"thresholds\":null,\"pinnedModel\":null}")) {
            Reply reply = admin("PUT", base + "/routing/project/" + chatbot, body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.json().path("error").path("message").asText()).as(body).contains("DELETE");
        }
        assertThat(h.accounts.findRoutingPolicy(tenant.tenantId(), PolicyScope.PROJECT, chatbot)).isEmpty();
    }

    @Test
    void thresholdsAndTiersAtTheirLimitsAreAccepted() {
        Reply reply = admin("PUT", base + "/routing/project/" + chatbot, """
                {"thresholds":{"lightBelow":0.5,"heavyFrom":0.500},
                 "tiers":{"standard":["a/m1","a/m2","a/m3","a/m4","bedrock/amazon.nova-lite-v1:0"],
                          "light":["openai/gpt-4o-mini"],"heavy":["openai/gpt-4o-mini"]}}""");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.json().path("tiers").path("standard").size()).isEqualTo(5);
        assertThat(reply.json().path("tiers").path("light").toString()).as("one model may serve several tiers")
                .isEqualTo(reply.json().path("tiers").path("heavy").toString());
        assertThat(admin("PUT", base + "/routing/project/" + chatbot, "{\"thresholds\":{\"lightBelow\":0,\"heavyFrom\":1}}").status())
                .isEqualTo(200);
        Reply precise = admin("PUT", base + "/routing/project/" + chatbot, "{\"thresholds\":{\"lightBelow\":0.125,\"heavyFrom\":0.875}}");
        assertThat(precise.json().path("thresholds").toString()).isEqualTo("{\"lightBelow\":0.125,\"heavyFrom\":0.875}");
        assertThat(h.accounts.findRoutingPolicy(tenant.tenantId(), PolicyScope.PROJECT, chatbot).orElseThrow().rules().thresholds())
                .contains(new TierThresholds(0.125, 0.875));
    }

    @Test
    void theListShowsWhatTheCallerMaySeeAndFiltersByScope() {
        String sales = f.department(tenant.tenantId(), "Sales");
        String crm = f.project(tenant.tenantId(), sales, "CRM");
        f.routing(tenant.tenantId(), "tenant", tenant.tenantId());
        f.routing(tenant.tenantId(), "department", research);
        f.routing(tenant.tenantId(), "project", chatbot);
        f.routing(tenant.tenantId(), "department", sales);
        f.routing(tenant.tenantId(), "project", crm);
        f.policy(tenant.tenantId(), "project", chatbot); // model policies are not routing policies

        assertThat(scopeIds(admin("GET", base + "/routing", null)))
                .containsExactlyInAnyOrder(tenant.tenantId(), research, chatbot, sales, crm);
        assertThat(scopeIds(admin("GET", base + "/routing?scope=project", null))).containsExactlyInAnyOrder(chatbot, crm);

        Reply first = admin("GET", base + "/routing?limit=2", null);
        assertThat(first.json().path("data")).hasSize(2);
        String token = first.json().path("nextToken").asText();
        List<String> all = new ArrayList<>(scopeIds(first));
        Reply rest = admin("GET", base + "/routing?limit=10&nextToken=" + token, null);
        assertThat(rest.json().path("nextToken").isNull()).isTrue();
        all.addAll(scopeIds(rest));
        assertThat(all).containsExactlyInAnyOrder(tenant.tenantId(), research, chatbot, sales, crm);

        String member = f.user(tenant.tenantId(), research, "member");
        Reply asMember = h.as(f.adminKey(tenant.tenantId(), member).secret(), "GET", base + "/routing", null);
        assertThat(scopeIds(asMember)).containsExactlyInAnyOrder(tenant.tenantId(), research, chatbot);
        String finance = f.user(tenant.tenantId(), null, "finance");
        Reply asFinance = h.as(f.adminKey(tenant.tenantId(), finance).secret(), "GET", base + "/routing", null);
        assertThat(scopeIds(asFinance)).hasSize(5);
    }

    @Test
    void departmentAdminsSetTheirProjectsPoliciesOnly() {
        String sales = f.department(tenant.tenantId(), "Sales");
        String crm = f.project(tenant.tenantId(), sales, "CRM");
        String departmentAdmin = f.user(tenant.tenantId(), research, "department_admin");
        String secret = f.adminKey(tenant.tenantId(), departmentAdmin).secret();
        String body = "{\"prefer\":\"cost\"}";

        Reply own = h.as(secret, "PUT", base + "/routing/project/" + chatbot, body);
        assertThat(own.status()).isEqualTo(201);
        assertThat(h.as(secret, "DELETE", base + "/routing/project/" + chatbot, null).status()).isEqualTo(200);

        Reply department = h.as(secret, "PUT", base + "/routing/department/" + research, body);
        assertThat(department.status()).isEqualTo(403);
        assertThat(department.errorCode()).isEqualTo("permission_denied");
        assertThat(h.as(secret, "PUT", base + "/routing/tenant/" + tenant.tenantId(), body).status()).isEqualTo(403);
        assertThat(h.as(secret, "PUT", base + "/routing/project/" + crm, body).status()).as("another department's project").isEqualTo(404);
        assertThat(h.as(secret, "PUT", base + "/routing/department/" + sales, body).status()).isEqualTo(404);

        // reads follow the same rules: own department and its projects, and the tenant's
        f.routing(tenant.tenantId(), "department", research);
        f.routing(tenant.tenantId(), "tenant", tenant.tenantId());
        f.routing(tenant.tenantId(), "project", crm);
        assertThat(h.as(secret, "GET", base + "/routing/department/" + research, null).status()).isEqualTo(200);
        assertThat(h.as(secret, "GET", base + "/routing/tenant/" + tenant.tenantId(), null).status()).isEqualTo(200);
        assertThat(h.as(secret, "GET", base + "/routing/project/" + crm, null).status()).isEqualTo(404);
        assertThat(h.as(secret, "DELETE", base + "/routing/department/" + research, null).status()).isEqualTo(403);
        assertThat(h.accounts.findRoutingPolicy(tenant.tenantId(), PolicyScope.DEPARTMENT, research)).isPresent();
    }

    @Test
    void anArchivedProjectTakesNoNewPolicyButItsOldOneCanBeRemoved() {
        f.routing(tenant.tenantId(), "project", chatbot);
        assertThat(admin("DELETE", base + "/projects/" + chatbot, null).status()).isEqualTo(200);
        Reply refused = admin("PUT", base + "/routing/project/" + chatbot, "{\"mode\":\"route\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("parent_archived");
        assertThat(admin("DELETE", base + "/routing/project/" + chatbot, null).status()).isEqualTo(200);
        assertThat(admin("GET", base + "/routing/project/proj_missing", null).status()).isEqualTo(404);
    }

    @Test
    void routingPoliciesAndModelPoliciesAreSeparateThings() {
        f.policy(tenant.tenantId(), "project", chatbot);
        assertThat(admin("GET", base + "/routing/project/" + chatbot, null).status()).isEqualTo(404);
        f.routing(tenant.tenantId(), "project", chatbot);
        assertThat(admin("DELETE", base + "/routing/project/" + chatbot, null).status()).isEqualTo(200);
        assertThat(admin("GET", base + "/policies/project/" + chatbot, null).json().path("deniedModels").toString())
                .isEqualTo("[\"openai/gpt-4\"]");
        Reply patch = admin("PATCH", base + "/routing/project/" + chatbot, "{}");
        assertThat(patch.status()).isEqualTo(405);
        assertThat(patch.errorCode()).isEqualTo("method_not_allowed");
    }

    private static List<String> scopeIds(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().path("data").forEach(p -> ids.add(p.path("scopeId").asText()));
        return ids;
    }
}
