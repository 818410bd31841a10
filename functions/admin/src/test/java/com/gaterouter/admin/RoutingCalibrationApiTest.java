package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /admin/v1/tenants/{t}/routing/calibrations}: the report on a tenant's labelled
 * examples at a level's effective routing, who may ask for it (who may set that level's routing
 * policy), the 400s, and that nothing is stored or audited.
 */
class RoutingCalibrationApiTest extends WithOneTenant {

    private static final String EXAMPLES = """
            [{"id": "q1", "prompt": "What is the capital of France?", "weak_correct": true, "strong_correct": true},
             {"id": "q2", "prompt": "Translate 'good morning' into Spanish.", "needs_strong": false},
             {"id": "q3", "prompt": "Prove that there are infinitely many primes of the form 4k+3.", "needs_strong": true},
             {"id": "q4", "messages": [{"role": "user", "content": "Design a distributed job scheduler with exactly-once semantics."}],
              "tools": [{"type": "function", "function": {"name": "submit"}}], "weak_score": 4, "strong_score": 9}]""";

    private String research;
    private String chatbot;

    RoutingCalibrationApiTest() {
        super("calibrate");
    }

    @BeforeEach
    void setUp() {
        research = f.department(tenant.tenantId(), "Research");
        chatbot = f.project(tenant.tenantId(), research, "Chatbot");
    }

    private String body(String levelFields) {
        return "{\"examples\": " + EXAMPLES + (levelFields.isEmpty() ? "" : ", " + levelFields) + "}";
    }

    private Reply calibrate(String body) {
        return admin("POST", base + "/routing/calibrations", body);
    }

    private static void assertShare(JsonNode value) {
        assertThat(value.isNumber()).as("%s", value).isTrue();
        assertThat(value.asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void aTenantAdminGetsTheFiguresOfEveryThresholdEachModeAndTheCurrentRouting() {
        Reply reply = calibrate(body(""));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.header("etag")).as("nothing stored, no version").isEmpty();
        JsonNode json = reply.json();
        assertThat(json.path("tenantId").asText()).isEqualTo(tenant.tenantId());
        assertThat(json.path("scope").asText()).isEqualTo("tenant");
        assertThat(json.path("scopeId").asText()).isEqualTo(tenant.tenantId());
        assertThat(json.path("examples").asInt()).isEqualTo(4);
        // no routing policy yet: the catalog's default tiers, balanced
        assertThat(json.path("weakModel").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(json.path("strongModel").asText()).isEqualTo("anthropic/claude-sonnet-4-5");
        // weak 1 + 1 + 0 + 4 of strong 1 + 1 + 1 + 9
        assertThat(json.path("weakQuality").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(json.path("current").path("prefer").asText()).isEqualTo("balanced");
        assertThat(json.path("current").path("lightBelow").doubleValue())
                .isEqualTo(com.gaterouter.routing.TierThresholds.BALANCED.lightBelow());
        assertThat(json.path("current").path("heavyFrom").doubleValue())
                .isEqualTo(com.gaterouter.routing.TierThresholds.BALANCED.heavyFrom());
        List<String> modes = new ArrayList<>();
        json.path("modes").fieldNames().forEachRemaining(modes::add);
        assertThat(modes).containsExactly("cost", "balanced", "quality");
        for (JsonNode figures : List.of(json.path("modes").path("cost"), json.path("modes").path("balanced"),
                json.path("modes").path("quality"), json.path("current"))) {
            assertThat(figures.path("lightBelow").asDouble()).isLessThanOrEqualTo(figures.path("heavyFrom").asDouble());
            for (String share : List.of("strongShare", "quality", "gapRecovered", "costShare", "saved")) {
                assertShare(figures.path(share));
            }
            assertThat(figures.path("costShare").decimalValue().add(figures.path("saved").decimalValue())).isEqualByComparingTo("1");
        }
        // a fitted light threshold never lets a request with tools be light (the classifier's tools floor)
        assertThat(json.path("modes").path("cost").path("lightBelow").asDouble())
                .isLessThanOrEqualTo(com.gaterouter.routing.classifier.HybridClassifier.toolsFloor());
        // each mode keeps its share of always-strong quality on these examples
        for (com.gaterouter.routing.calibration.ThresholdCalibration.Mode mode
                : com.gaterouter.routing.calibration.ThresholdCalibration.Mode.values()) {
            assertThat(json.path("modes").path(mode.wireName()).path("quality").asDouble()).as(mode.wireName())
                    .isGreaterThanOrEqualTo(mode.heavyQuality() - 1e-4);
        }
        JsonNode table = json.path("table");
        assertThat(table).hasSize(19);
        assertThat(table.get(0).path("heavyFrom").decimalValue()).isEqualByComparingTo("0.05");
        assertThat(table.get(18).path("heavyFrom").decimalValue()).isEqualByComparingTo("0.95");
        assertThat(table.get(0).fieldNames()).toIterable()
                .containsExactly("heavyFrom", "strongShare", "quality", "gapRecovered", "costShare", "saved");
        // a lower threshold never sends fewer prompts strong
        for (int i = 1; i < table.size(); i++) {
            assertThat(table.get(i).path("strongShare").asDouble()).isLessThanOrEqualTo(table.get(i - 1).path("strongShare").asDouble());
        }
    }

    @Test
    void aLevelIsPricedWithItsEffectiveRoutingPolicy() {
        assertThat(admin("PUT", base + "/routing/tenant/" + tenant.tenantId(),
                "{\"thresholds\":{\"lightBelow\":0.25,\"heavyFrom\":0.75},\"tiers\":{\"heavy\":[\"openai/gpt-4o\"]}}").status()).isEqualTo(201);
        assertThat(admin("PUT", base + "/routing/department/" + research,
                "{\"prefer\":\"cost\",\"tiers\":{\"light\":[\"openai/gpt-4.1-mini\",\"gemini/gemini-2.5-flash-lite\"]}}").status())
                .isEqualTo(201);

        JsonNode tenantLevel = calibrate(body("")).json();
        assertThat(tenantLevel.path("weakModel").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(tenantLevel.path("strongModel").asText()).isEqualTo("openai/gpt-4o");
        assertThat(tenantLevel.path("current").path("heavyFrom").decimalValue()).isEqualByComparingTo("0.75");

        // the project inherits its department's light tier (cheapest first under prefer: cost) and the tenant's heavy tier
        Reply project = calibrate(body("\"scope\": \"project\", \"scopeId\": \"" + chatbot + "\""));
        assertThat(project.status()).as(project.toString()).isEqualTo(200);
        JsonNode json = project.json();
        assertThat(json.path("scope").asText()).isEqualTo("project");
        assertThat(json.path("scopeId").asText()).isEqualTo(chatbot);
        assertThat(json.path("weakModel").asText()).isEqualTo("gemini/gemini-2.5-flash-lite");
        assertThat(json.path("strongModel").asText()).isEqualTo("openai/gpt-4o");
        assertThat(json.path("current").path("prefer").asText()).isEqualTo("cost");
        assertThat(json.path("current").path("lightBelow").decimalValue()).as("the tenant's explicit thresholds win over prefer")
                .isEqualByComparingTo("0.25");
        // the same examples and thresholds, other models: other costs
        assertThat(json.path("table").get(9).path("costShare")).isNotEqualTo(tenantLevel.path("table").get(9).path("costShare"));
        assertThat(json.path("table").get(9).path("quality")).isEqualTo(tenantLevel.path("table").get(9).path("quality"));
    }

    @Test
    void nothingIsStoredOrAudited() {
        int audited = admin("GET", base + "/audit?limit=100", null).json().path("data").size();
        assertThat(calibrate(body("")).status()).isEqualTo(200);
        assertThat(calibrate(body("\"scope\": \"department\", \"scopeId\": \"" + research + "\"")).status()).isEqualTo(200);
        assertThat(admin("GET", base + "/audit?limit=100", null).json().path("data").size()).isEqualTo(audited);
        assertThat(admin("GET", base + "/routing", null).json().path("data").size()).isZero();
    }

    @Test
    void whoMaySetALevelsRoutingPolicyMayCalibrateIt() {
        String departmentAdmin = f.adminKey(tenant.tenantId(), f.user(tenant.tenantId(), research, "department_admin")).secret();
        String finance = f.adminKey(tenant.tenantId(), f.user(tenant.tenantId(), null, "finance")).secret();
        String member = f.adminKey(tenant.tenantId(), f.user(tenant.tenantId(), research, "member")).secret();
        String sales = f.department(tenant.tenantId(), "Sales");
        String crm = f.project(tenant.tenantId(), sales, "CRM");
        String path = base + "/routing/calibrations";
        String tenantBody = body("");
        String projectBody = body("\"scope\": \"project\", \"scopeId\": \"" + chatbot + "\"");

        assertThat(h.platform("POST", path, tenantBody).status()).as("platform admins").isEqualTo(200);
        assertThat(h.as(departmentAdmin, "POST", path, projectBody).status()).as("a department admin, own project").isEqualTo(200);
        Reply departmentLevel = h.as(departmentAdmin, "POST", path, body("\"scope\": \"department\", \"scopeId\": \"" + research + "\""));
        assertThat(departmentLevel.status()).as("a department admin, own department").isEqualTo(403);
        assertThat(departmentLevel.errorCode()).isEqualTo("permission_denied");
        assertThat(h.as(departmentAdmin, "POST", path, tenantBody).status()).as("a department admin, the tenant").isEqualTo(403);
        assertThat(h.as(departmentAdmin, "POST", path, body("\"scope\": \"project\", \"scopeId\": \"" + crm + "\"")).status())
                .as("a department admin, another department's project").isEqualTo(404);
        for (String[] caller : new String[][] {{"finance", finance}, {"member", member}}) {
            Reply refused = h.as(caller[1], "POST", path, tenantBody);
            assertThat(refused.status()).as(caller[0]).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("permission_denied");
            assertThat(h.as(caller[1], "POST", path, projectBody).status()).as(caller[0] + ", a project").isEqualTo(403);
        }
        // another tenant does not exist for a tenant's admin
        String other = f.tenant("other").tenantId();
        Reply foreign = admin("POST", "/admin/v1/tenants/" + other + "/routing/calibrations", tenantBody);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("not_found");
    }

    @Test
    void aBadBodyIsA400NamingTheField() {
        record Case(String body, String param, String message) {
        }
        StringBuilder tooMany = new StringBuilder("{\"examples\": [");
        for (int i = 0; i <= 5_000; i++) {
            tooMany.append(i == 0 ? "{}" : ",{}");
        }
        List<Case> cases = List.of(
                new Case("{}", "examples", "required"),
                new Case("{\"examples\": []}", "examples", "1 to 5,000"),
                new Case(tooMany.append("]}").toString(), "examples", "not 5001"),
                new Case("{\"examples\": {}}", "examples", "array"),
                new Case("{\"examples\": " + EXAMPLES + ", \"level\": \"tenant\"}", "level", "Unknown field"),
                new Case("{\"examples\": [{\"prompt\": \"x\"}]}", "examples[0]", "examples[0]: an example needs an outcome"),
                new Case("{\"examples\": [{\"prompt\": \"x\", \"needs_strong\": true}, {\"prompt\": \"y\", \"needs_strong\": true,"
                        + " \"source\": \"mmlu\"}]}", "examples[1].source", "unknown field 'source'"),
                new Case("{\"examples\": [{\"prompt\": \"x\", \"weak_correct\": \"yes\", \"strong_correct\": true}]}",
                        "examples[0].weak_correct", "true or false"),
                new Case("{\"examples\": [{\"prompt\": \"x\", \"weak_correct\": true, \"strong_correct\": false}]}", "examples",
                        "strong model"),
                new Case(body("\"scope\": \"user\", \"scopeId\": \"u1\""), "scope", "tenant, department or project"),
                new Case(body("\"scope\": \"project\""), "scopeId", "required"),
                new Case(body("\"scopeId\": \"" + research + "\""), "scopeId", "tenant id"),
                new Case(body("\"scope\": \"project\", \"scopeId\": \"not an id\""), "scopeId", "letters, digits"));
        for (Case c : cases) {
            Reply reply = calibrate(c.body());
            assertThat(reply.status()).as(c.param() + ": " + reply).isEqualTo(400);
            assertThat(reply.errorCode()).isEqualTo("invalid_request");
            assertThat(reply.errorParam()).as(reply.toString()).isEqualTo(c.param());
            assertThat(reply.json().path("error").path("message").asText()).as(reply.toString()).contains(c.message());
        }
        // no prompt is quoted back
        Reply secret = calibrate("{\"examples\": [{\"prompt\": \"the launch code is 0000\", \"weak_score\": \"the launch code is 0000\","
                + " \"strong_score\": 1}]}");
        assertThat(secret.status()).isEqualTo(400);
        assertThat(secret.text()).doesNotContain("launch code");
        // a project that does not exist, an oversized body, another method
        assertThat(calibrate(body("\"scope\": \"project\", \"scopeId\": \"proj_missing\"")).status()).isEqualTo(404);
        assertThat(calibrate("{\"examples\": [{\"prompt\": \"" + "x".repeat(70_000) + "\", \"needs_strong\": true}]}").status())
                .isEqualTo(413);
        Reply get = admin("GET", base + "/routing/calibrations", null);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("allow")).contains("POST");
    }
}
