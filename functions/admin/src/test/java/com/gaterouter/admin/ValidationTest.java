package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.testing.FutureYear;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every body (and query) the admin API takes, refused with 400 naming the field in {@code param}:
 * missing and unknown fields, wrong types, bad ids, names, emails, model entries, USD amounts that
 * are negative or finer than a micro-dollar, routing thresholds, tiers and model ids. A refused
 * request changes nothing.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class ValidationTest {

    private static AdminHarness h;
    private static Fixtures.TenantWithAdmin tenant;
    private static String base;
    private static String department;
    private static String project;
    private static String member;
    private static String keyId;
    private static int auditBefore;

    /** One refused request: as the tenant admin unless {@code platform}; {@code param} null = the whole body. */
    private record Case(String method, String path, String body, String param, boolean platform) {
        static Case of(String method, String path, String body, String param) {
            return new Case(method, path, body, param, false);
        }

        @Override
        public String toString() {
            return method + " " + path.replace(base, "{t}") + " " + body + " → param " + param;
        }
    }

    @BeforeAll
    static void setUp(LocalTables tables) {
        h = new AdminHarness(tables);
        Fixtures f = new Fixtures(h);
        tenant = f.tenant("validation");
        base = Fixtures.base(tenant.tenantId());
        department = f.department(tenant.tenantId(), "Research");
        project = f.project(tenant.tenantId(), department, "Chatbot");
        member = f.user(tenant.tenantId(), department, "member");
        keyId = f.appKey(tenant.tenantId(), member, project).keyId();
        auditBefore = auditSize();
    }

    private static int auditSize() {
        return h.as(tenant.adminKey().secret(), "GET", base + "/audit?limit=100", null).json().path("data").size();
    }

    private static List<Case> cases() {
        String d = department;
        String longName = "x".repeat(201);
        List<Case> cases = new ArrayList<>();
        // POST /tenants (platform)
        for (String[] c : new String[][] {
                {"{}", "name"}, {"{\"name\":\"\"}", "name"}, {"{\"name\":\"" + longName + "\"}", "name"}, {"{\"name\":123}", "name"},
                {"{\"name\":\"A\",\"tenantId\":\"Bad_Id\"}", "tenantId"}, {"{\"name\":\"A\",\"tenantId\":\"ab\"}", "tenantId"},
                {"{\"name\":\"A\",\"tenantId\":\"-abc\"}", "tenantId"}, {"{\"name\":\"A\",\"timeZone\":\"Mars/Olympus\"}", "timeZone"},
                {"{\"name\":\"A\",\"admin\":{\"email\":\"nope\",\"name\":\"X\"}}", "admin.email"},
                {"{\"name\":\"A\",\"admin\":{\"email\":\"a@b.example\"}}", "admin.name"},
                {"{\"name\":\"A\",\"admin\":{\"email\":\"a@b.example\",\"name\":\"X\",\"role\":\"member\"}}", "admin.role"},
                {"{\"name\":\"A\",\"admin\":\"me\"}", "admin"}, {"{\"name\":\"A\",\"extra\":1}", "extra"},
                {"[]", null}, {"{bad json", null}, {"{\"name\":\"a\",\"name\":\"b\"}", null}, {"", null}}) {
            cases.add(new Case("POST", "/admin/v1/tenants", c[0], c[1], true));
        }
        // PATCH /tenants/{t}
        cases.add(Case.of("PATCH", base, "{\"name\":null}", "name"));
        cases.add(Case.of("PATCH", base, "{\"timeZone\":\"Nowhere\"}", "timeZone"));
        cases.add(Case.of("PATCH", base, "{\"status\":\"archived\"}", "status"));
        // departments
        cases.add(Case.of("POST", base + "/departments", "{}", "name"));
        cases.add(Case.of("POST", base + "/departments", "{\"name\":\"   \"}", "name"));
        cases.add(Case.of("POST", base + "/departments", "{\"name\":\"a\\u0001b\"}", "name"));
        cases.add(Case.of("POST", base + "/departments", "{\"name\":\"ok\",\"departmentId\":\"mine\"}", "departmentId"));
        cases.add(Case.of("PATCH", base + "/departments/" + d, "{\"name\":5}", "name"));
        cases.add(Case.of("PATCH", base + "/departments/" + d, "{\"status\":\"archived\"}", "status"));
        // projects
        cases.add(Case.of("POST", base + "/projects", "{\"name\":\"P\"}", "departmentId"));
        cases.add(Case.of("POST", base + "/projects", "{\"name\":\"P\",\"departmentId\":\"bad id!\"}", "departmentId"));
        cases.add(Case.of("POST", base + "/projects", "{\"name\":\"P\",\"departmentId\":5}", "departmentId"));
        cases.add(Case.of("POST", base + "/projects", "{\"departmentId\":\"" + d + "\"}", "name"));
        cases.add(Case.of("PATCH", base + "/projects/" + project, "{\"departmentId\":\"" + d + "\"}", "departmentId"));
        cases.add(Case.of("PATCH", base + "/projects/" + project, "{\"name\":\"" + longName + "\"}", "name"));
        // users
        String user = "{\"email\":\"%s\",\"name\":\"%s\",\"role\":\"%s\"%s}";
        String inDept = ",\"departmentId\":\"" + d + "\"";
        cases.add(Case.of("POST", base + "/users", user.formatted("x", "N", "member", inDept), "email"));
        cases.add(Case.of("POST", base + "/users", user.formatted("a@b", "N", "member", inDept), "email"));
        cases.add(Case.of("POST", base + "/users", user.formatted("a b@c.example", "N", "member", inDept), "email"));
        cases.add(Case.of("POST", base + "/users", user.formatted("a@b.example", "N", "boss", inDept), "role"));
        cases.add(Case.of("POST", base + "/users", user.formatted("a@b.example", "N", "Member", inDept), "role"));
        cases.add(Case.of("POST", base + "/users", user.formatted("a@b.example", "N", "member", ""), "departmentId"));
        cases.add(Case.of("POST", base + "/users", user.formatted("a@b.example", "", "member", inDept), "name"));
        cases.add(Case.of("POST", base + "/users", "{\"email\":\"a@b.example\",\"name\":\"N\"" + inDept + "}", "role"));
        cases.add(Case.of("POST", base + "/users", user.formatted("a@b.example", "N", "member", inDept + ",\"admin\":true"), "admin"));
        cases.add(Case.of("PATCH", base + "/users/" + member, "{\"email\":\"bad\"}", "email"));
        cases.add(Case.of("PATCH", base + "/users/" + member, "{\"role\":\"owner\"}", "role"));
        cases.add(Case.of("PATCH", base + "/users/" + member, "{\"role\":null}", "role"));
        cases.add(Case.of("PATCH", base + "/users/" + member, "{\"departmentId\":null}", "departmentId"));
        cases.add(Case.of("PATCH", base + "/users/" + member, "{\"departmentId\":\"a/b\"}", "departmentId"));
        cases.add(Case.of("PATCH", base + "/users/" + member, "{\"status\":\"active\"}", "status"));
        // keys
        String key = "{\"userId\":\"" + member + "\",\"projectId\":\"" + project + "\",\"name\":\"k\"%s}";
        cases.add(Case.of("POST", base + "/keys", "{\"projectId\":\"" + project + "\",\"name\":\"k\"}", "userId"));
        cases.add(Case.of("POST", base + "/keys", "{\"userId\":\"" + member + "\",\"name\":\"k\"}", "projectId"));
        cases.add(Case.of("POST", base + "/keys", "{\"userId\":\"" + member + "\",\"projectId\":\"" + project + "\"}", "name"));
        cases.add(Case.of("POST", base + "/keys", key.formatted(",\"type\":\"root\""), "type"));
        cases.add(Case.of("POST", base + "/keys", key.formatted(",\"type\":\"admin\""), "projectId"));
        cases.add(Case.of("POST", base + "/keys", key.formatted(",\"expiresAt\":\"tomorrow\""), "expiresAt"));
        cases.add(Case.of("POST", base + "/keys", key.formatted(",\"expiresAt\":\"2001-01-01T00:00:00Z\""), "expiresAt"));
        cases.add(Case.of("POST", base + "/keys", key.formatted(",\"allowedModels\":\"openai/*\""), "allowedModels"));
        cases.add(Case.of("POST", base + "/keys", key.formatted(",\"allowedModels\":[\"bad model\"]"), "allowedModels"));
        cases.add(Case.of("POST", base + "/keys", key.formatted(",\"deniedModels\":[7]"), "deniedModels"));
        cases.add(Case.of("POST", base + "/keys", key.formatted(",\"limits\":{\"monthlyUsd\":-1}"), "limits.monthlyUsd"));
        cases.add(Case.of("POST", base + "/keys", key.formatted(",\"limits\":{\"monthlyUsd\":\"1.0000001\"}"), "limits.monthlyUsd"));
        cases.add(Case.of("POST", base + "/keys", key.formatted(",\"limits\":{\"alertRecipients\":[\"a@b.example\"]}"), "limits.alertRecipients"));
        cases.add(Case.of("POST", base + "/keys", key.formatted(",\"limits\":{\"foo\":1}"), "limits.foo"));
        cases.add(Case.of("POST", base + "/keys", key.formatted(",\"limits\":[]"), "limits"));
        cases.add(Case.of("POST", base + "/keys", key.formatted(",\"secret\":\"gr-mine\""), "secret"));
        cases.add(Case.of("PATCH", base + "/keys/" + keyId, "{\"expiresAt\":\"2000-01-01T00:00:00Z\"}", "expiresAt"));
        cases.add(Case.of("PATCH", base + "/keys/" + keyId, "{\"deniedModels\":[1]}", "deniedModels"));
        cases.add(Case.of("PATCH", base + "/keys/" + keyId, "{\"type\":\"admin\"}", "type"));
        cases.add(Case.of("POST", base + "/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":-1}", "gracePeriodSeconds"));
        cases.add(Case.of("POST", base + "/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":604801}", "gracePeriodSeconds"));
        cases.add(Case.of("POST", base + "/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":\"3600\"}", "gracePeriodSeconds"));
        cases.add(Case.of("POST", base + "/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":1.5}", "gracePeriodSeconds"));
        cases.add(Case.of("POST", base + "/keys/" + keyId + "/rotate", "{\"grace\":10}", "grace"));
        cases.add(Case.of("POST", base + "/keys/" + keyId + "/revoke", "{\"reason\":\"leak\"}", "reason"));
        // budgets
        String budget = base + "/budgets/department/" + d;
        for (String[] c : new String[][] {
                {"{\"monthlyUsd\":-5}", "monthlyUsd"}, {"{\"monthlyUsd\":\"-5\"}", "monthlyUsd"},
                {"{\"monthlyUsd\":1.1234567}", "monthlyUsd"}, {"{\"monthlyUsd\":\"0.0000001\"}", "monthlyUsd"},
                {"{\"monthlyUsd\":\"12,50\"}", "monthlyUsd"}, {"{\"monthlyUsd\":true}", "monthlyUsd"},
                {"{\"monthlyUsd\":\"1e3\"}", "monthlyUsd"}, {"{\"monthlyUsd\":1e400}", "monthlyUsd"},
                {"{\"monthlyUsd\":99999999999999999999}", "monthlyUsd"}, {"{\"dailyUsd\":\"abc\"}", "dailyUsd"},
                {"{\"dailyUsd\":[1]}", "dailyUsd"}, {"{\"monthlyTokens\":1.5}", "monthlyTokens"}, {"{\"dailyTokens\":-2}", "dailyTokens"},
                {"{\"rpm\":-1}", "rpm"}, {"{\"tpm\":\"10\"}", "tpm"}, {"{\"thresholds\":[80,50]}", "thresholds"},
                {"{\"thresholds\":[0]}", "thresholds"}, {"{\"thresholds\":[50,50]}", "thresholds"}, {"{\"thresholds\":\"50\"}", "thresholds"},
                {"{\"thresholds\":[50.5]}", "thresholds"}, {"{\"alertRecipients\":[\"not-an-email\"]}", "alertRecipients"},
                {"{\"alertRecipients\":\"a@b.example\"}", "alertRecipients"}, {"{\"monthlyUSD\":1}", "monthlyUSD"},
                {"{\"escalationRecipients\":[\"cfo@\"]}", "escalationRecipients"},
                {"{\"escalationRecipients\":\"cfo@b.example\"}", "escalationRecipients"}}) {
            cases.add(Case.of("PUT", budget, c[0], c[1]));
        }
        cases.add(Case.of("PUT", base + "/budgets/project/" + project, "{\"alertRecipients\":[\"a@b.example\"]}", "alertRecipients"));
        cases.add(Case.of("PUT", base + "/budgets/project/" + project, "{\"escalationRecipients\":[\"a@b.example\"]}",
                "escalationRecipients"));
        // rate limits are enforced on keys, users and projects only
        cases.add(Case.of("PUT", budget, "{\"monthlyUsd\":5,\"rpm\":60}", "rpm"));
        cases.add(Case.of("PUT", base + "/budgets/tenant/" + tenant.tenantId(), "{\"tpm\":1000}", "tpm"));
        cases.add(Case.of("PUT", base + "/budgets/galaxy/" + d, "{\"monthlyUsd\":1}", "scope"));
        cases.add(Case.of("PUT", base + "/budgets/tenant/someone-else", "{\"monthlyUsd\":1}", "scopeId"));
        cases.add(Case.of("GET", base + "/budgets/galaxy/" + d, null, "scope"));
        // policies
        String policy = base + "/policies/project/" + project;
        cases.add(Case.of("PUT", policy, "{\"allowedModels\":[\"gpt 4\"]}", "allowedModels"));
        cases.add(Case.of("PUT", policy, "{\"allowedModels\":\"*\"}", "allowedModels"));
        cases.add(Case.of("PUT", policy, "{\"deniedModels\":[\"OpenAI/gpt-4\"]}", "deniedModels"));
        cases.add(Case.of("PUT", policy, "{\"models\":[]}", "models"));
        cases.add(Case.of("PUT", base + "/policies/key/" + keyId, "{}", "scope"));
        cases.add(Case.of("PUT", base + "/policies/user/" + member, "{\"deniedModels\":[\"gpt 4\"]}", "deniedModels"));
        cases.add(Case.of("PUT", base + "/policies/tenant/other", "{}", "scopeId"));
        // routing policies
        String routing = base + "/routing/project/" + project;
        String tiers = "{\"tiers\":{%s}}";
        for (String[] c : new String[][] {
                {"{}", null}, {"{\"mode\":null,\"tiers\":{}}", null}, {"{\"tier\":{}}", "tier"},
                {"{\"mode\":\"auto\"}", "mode"}, {"{\"mode\":\"Route\"}", "mode"}, {"{\"mode\":1}", "mode"},
                {"{\"prefer\":\"cheap\"}", "prefer"}, {"{\"prefer\":[\"cost\"]}", "prefer"},
                {"{\"thresholds\":[0.3,0.6]}", "thresholds"}, {"{\"thresholds\":{\"lightBelow\":0.3}}", "thresholds.heavyFrom"},
                {"{\"thresholds\":{\"heavyFrom\":0.6}}", "thresholds.lightBelow"},
                {"{\"thresholds\":{\"lightBelow\":\"0.3\",\"heavyFrom\":0.6}}", "thresholds.lightBelow"},
                {"{\"thresholds\":{\"lightBelow\":-0.1,\"heavyFrom\":0.6}}", "thresholds.lightBelow"},
                {"{\"thresholds\":{\"lightBelow\":0.3,\"heavyFrom\":1.5}}", "thresholds.heavyFrom"},
                {"{\"thresholds\":{\"lightBelow\":0.3,\"heavyFrom\":60}}", "thresholds.heavyFrom"},
                {"{\"thresholds\":{\"lightBelow\":0.3333,\"heavyFrom\":0.6}}", "thresholds.lightBelow"},
                {"{\"thresholds\":{\"lightBelow\":0.7,\"heavyFrom\":0.6}}", "thresholds.lightBelow"},
                {"{\"thresholds\":{\"lightBelow\":0.3,\"heavyFrom\":null}}", "thresholds.heavyFrom"},
                {"{\"thresholds\":{\"lightBelow\":0.3,\"heavyFrom\":0.6,\"mediumFrom\":0.4}}", "thresholds.mediumFrom"},
                {"{\"tiers\":[\"openai/gpt-4o\"]}", "tiers"},
                {tiers.formatted("\"medium\":[\"openai/gpt-4o\"]"), "tiers.medium"},
                {tiers.formatted("\"Heavy\":[\"openai/gpt-4o\"]"), "tiers.Heavy"},
                {tiers.formatted("\"light\":\"openai/gpt-4o-mini\""), "tiers.light"},
                {tiers.formatted("\"light\":[]"), "tiers.light"},
                {tiers.formatted("\"standard\":[\"a/1\",\"a/2\",\"a/3\",\"a/4\",\"a/5\",\"a/6\"]"), "tiers.standard"},
                {tiers.formatted("\"heavy\":[\"openai/gpt-4o\",\"openai/*\"]"), "tiers.heavy[1]"},
                {tiers.formatted("\"heavy\":[\"*\"]"), "tiers.heavy[0]"},
                {tiers.formatted("\"heavy\":[\"gpt-4o\"]"), "tiers.heavy[0]"},
                {tiers.formatted("\"heavy\":[\"OpenAI/gpt-4o\"]"), "tiers.heavy[0]"},
                {tiers.formatted("\"heavy\":[\"openai/gpt-4o\",7]"), "tiers.heavy[1]"},
                {tiers.formatted("\"heavy\":[\"openai/gpt-4o\",null]"), "tiers.heavy[1]"},
                {tiers.formatted("\"light\":[\"openai/gpt-4o-mini\"],\"heavy\":[\"openai/gpt-4o\",\"openai/o3\",\"openai/gpt-4o\"]"),
                        "tiers.heavy[2]"},
                {"{\"pinnedModel\":\"anthropic/*\"}", "pinnedModel"}, {"{\"pinnedModel\":\"auto\"}", "pinnedModel"},
                {"{\"pinnedModel\":[\"openai/gpt-4o\"]}", "pinnedModel"}}) {
            cases.add(Case.of("PUT", routing, c[0], c[1]));
        }
        cases.add(Case.of("PUT", base + "/routing/user/" + member, "{\"prefer\":\"cost\"}", "scope"));
        cases.add(Case.of("PUT", base + "/routing/tenant/other", "{\"prefer\":\"cost\"}", "scopeId"));
        cases.add(Case.of("GET", base + "/routing/key/" + keyId, null, "scope"));
        // queries and headers
        cases.add(Case.of("GET", base + "/departments?limit=0", null, "limit"));
        cases.add(Case.of("GET", base + "/departments?limit=101", null, "limit"));
        cases.add(Case.of("GET", base + "/departments?limit=ten", null, "limit"));
        cases.add(Case.of("GET", base + "/departments?sort=name", null, "sort"));
        cases.add(Case.of("GET", base + "/departments?status=deleted", null, "status"));
        cases.add(Case.of("GET", base + "/projects?departmentId=a%2Fb", null, "departmentId"));
        cases.add(Case.of("GET", base + "/users?role=boss", null, "role"));
        cases.add(Case.of("GET", base + "/keys?status=expired", null, "status"));
        cases.add(Case.of("GET", base + "/keys?type=root", null, "type"));
        cases.add(Case.of("GET", base + "/budgets?scope=galaxy", null, "scope"));
        cases.add(Case.of("GET", base + "/policies?scope=key", null, "scope"));
        cases.add(Case.of("GET", base + "/routing?scope=user", null, "scope"));
        cases.add(Case.of("GET", base + "/routing?mode=shadow", null, "mode"));
        cases.add(Case.of("GET", base + "/audit?limit=500", null, "limit"));
        cases.add(Case.of("GET", base + "/audit?nextToken=garbage", null, "nextToken"));
        cases.add(Case.of("GET", base + "/departments?nextToken=" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("USER#x".getBytes()), null, "nextToken"));
        cases.add(new Case("GET", "/admin/v1/tenants?nextToken=%21%21", null, "nextToken", true));
        // analytics (the harness's clock says 1 March of year y); day formats are checked in any year
        String spend = base + "/analytics/spend?groupBy=department";
        int y = FutureYear.YEAR;
        for (String[] c : new String[][] {
                {base + "/analytics/spend", "groupBy"}, {base + "/analytics/spend?groupBy=team", "groupBy"},
                {base + "/analytics/spend?groupBy=Department", "groupBy"}, {spend + "&granularity=week", "granularity"},
                {spend + "&from=2030-13-01", "from"}, {spend + "&from=2030-02-30", "from"}, {spend + "&from=20300201", "from"},
                {spend + "&to=yesterday", "to"}, {spend + "&from=2030-03-02&to=2030-03-01", "from"},
                {spend + "&from=" + (y - 1) + "-01-01&to=" + y + "-03-01", "from"},
                {spend + "&granularity=month&from=" + (y - 4) + "-01-01&to=" + y + "-03-01", "from"},
                {spend + "&format=xlsx", "format"}, {spend + "&departmentId=a%2Fb", "departmentId"},
                {spend + "&limit=10", "limit"}, {spend + "&dimension=user", "dimension"},
                {base + "/analytics/models?groupBy=model", "groupBy"}, {base + "/analytics/models?from=" + (y - 4) + "-01-01", "from"},
                {base + "/analytics/keys?to=2030-3-1", "to"}, {base + "/analytics/keys?status=active", "status"},
                {base + "/analytics/top-users?limit=0", "limit"}, {base + "/analytics/top-users?limit=101", "limit"},
                {base + "/analytics/top-users?limit=ten", "limit"}, {base + "/analytics/routing?format=pdf", "format"},
                {base + "/analytics/routing?tier=light", "tier"},
                // a department's model, vendor and tier breakdowns come from raw usage: 31 days at most
                {spend.replace("department", "model") + "&departmentId=" + d + "&from=" + y + "-01-01", "from"},
                {base + "/analytics/routing?departmentId=" + d + "&from=" + y + "-01-01&to=" + y + "-03-01", "from"},
                {base + "/analytics/models?departmentId=" + d + "&from=" + y + "-01-15&to=" + y + "-03-01", "from"}}) {
            cases.add(Case.of("GET", c[0], null, c[1]));
        }
        cases.add(Case.of("POST", base + "/rollups/run", "{\"days\":3}", "days"));
        cases.add(Case.of("POST", base + "/rollups/run?tenant=all", null, "tenant"));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyInvalidRequestIsA400NamingTheField() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            Reply reply = c.platform()
                    ? h.platform(c.method(), c.path(), c.body())
                    : h.as(tenant.adminKey().secret(), c.method(), c.path(), c.body());
            assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
            assertThat(reply.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(reply.errorCode()).isEqualTo("invalid_request");
            assertThat(reply.errorParam()).as(reply.toString()).isEqualTo(c.param());
            assertThat(reply.json().path("error").path("message").asText()).isNotBlank();
        }));
    }

    @Test
    void aStaleOrMalformedIfMatchIsRefused() {
        Reply malformed = h.as(tenant.adminKey().secret(), "PATCH", base + "/departments/" + department, "{\"name\":\"X\"}",
                "If-Match", "\"abc\"");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorParam()).isEqualTo("If-Match");
    }

    @Test
    void usdAmountsAreExactWhetherNumbersOrStrings() {
        String path = base + "/budgets/project/" + project;
        String[][] accepted = {{"500", "500000000"}, {"\"500.00\"", "500000000"}, {"0.000001", "1"}, {"\"0\"", "0"},
                {"12.5", "12500000"}, {"1E2", "100000000"}, {"\"19.990000000\"", "19990000"}, {"0.1", "100000"},
                {"9223372036854.775807", "9223372036854775807"}};
        for (String[] c : accepted) {
            Reply reply = h.as(tenant.adminKey().secret(), "PUT", path, "{\"monthlyUsd\":" + c[0] + ",\"dailyUsd\":" + c[0] + "}");
            assertThat(reply.status()).as(c[0] + " " + reply).isIn(200, 201);
            assertThat(reply.json().path("monthlyUsdMicros").asText()).isEqualTo(c[1]);
            assertThat(reply.json().path("dailyUsdMicros").asText()).isEqualTo(c[1]);
            assertThat(new java.math.BigDecimal(reply.json().path("monthlyUsd").asText()).movePointRight(6).toBigIntegerExact().toString())
                    .isEqualTo(c[1]);
        }
    }

    @AfterAll
    static void nothingWasWrittenByARefusedRequest() {
        // the USD test writes one budget (create + updates); the refused requests wrote nothing
        List<String> actions = new ArrayList<>();
        h.as(tenant.adminKey().secret(), "GET", base + "/audit?limit=100", null).json().path("data")
                .forEach(e -> actions.add(e.path("action").asText()));
        assertThat(actions.subList(0, actions.size() - auditBefore)).allMatch(a -> a.startsWith("budget."));
    }
}
