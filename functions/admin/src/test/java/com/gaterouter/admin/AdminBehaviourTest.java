package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tenants, routing errors, ETags, pagination, users, budgets and policies through the app. */
class AdminBehaviourTest extends WithOneTenant {

    AdminBehaviourTest() {
        super("behaviour");
    }

    @Test
    void aTenantIsCreatedWithItsFirstAdminOrAGeneratedIdAndIdsAreUnique() {
        Reply generated = h.platform("POST", "/admin/v1/tenants", "{\"name\":\"Initech\",\"timeZone\":\"Europe/Berlin\"}");
        assertThat(generated.status()).isEqualTo(201);
        assertThat(generated.id("tenantId")).matches("t_[a-z0-9]{16}");
        assertThat(generated.json().path("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(generated.json().path("status").asText()).isEqualTo("active");
        assertThat(generated.json().has("adminKey")).isFalse();
        assertThat(generated.header("etag")).contains("\"1\"");

        Reply defaults = h.platform("GET", base, null);
        assertThat(defaults.json().path("timeZone").asText()).isEqualTo("UTC");

        String slug = AdminHarness.tenantId("acme");
        Reply created = h.platform("POST", "/admin/v1/tenants",
                "{\"name\":\"Acme\",\"tenantId\":\"" + slug + "\",\"admin\":{\"email\":\"Ada@Acme.example\",\"name\":\"Ada\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("adminUser").path("role").asText()).isEqualTo("tenant_admin");
        assertThat(created.json().path("adminKey").path("type").asText()).isEqualTo("admin");
        String secret = created.json().path("adminKey").path("secret").asText();
        assertThat(h.as(secret, "GET", "/admin/v1/tenants/" + slug, null).json().path("name").asText()).isEqualTo("Acme");

        Reply duplicate = h.platform("POST", "/admin/v1/tenants", "{\"name\":\"Acme 2\",\"tenantId\":\"" + slug + "\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorCode()).isEqualTo("already_exists");
        assertThat(duplicate.errorParam()).isEqualTo("tenantId");

        Set<String> listed = new HashSet<>();
        String token = null;
        do {
            Reply page = h.platform("GET", "/admin/v1/tenants?limit=100" + (token == null ? "" : "&nextToken=" + token), null);
            page.json().path("data").forEach(t -> listed.add(t.path("tenantId").asText()));
            token = page.json().path("nextToken").isNull() ? null : page.json().path("nextToken").asText();
        } while (token != null);
        assertThat(listed).contains(slug, generated.id("tenantId"), tenant.tenantId());
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405WithAllow() {
        Reply unknown = admin("GET", base + "/widgets", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("unknown_route");
        Reply wrongMethod = admin("DELETE", base, null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errorCode()).isEqualTo("method_not_allowed");
        assertThat(wrongMethod.header("allow")).contains("GET, PATCH");
        assertThat(admin("PUT", base + "/keys/key_x/revoke", null).header("allow")).contains("POST");
        Reply tooLarge = admin("POST", base + "/departments", "{\"name\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        Reply badId = admin("GET", base + "/departments/not%20an%20id", null);
        assertThat(badId.status()).isEqualTo(404);
        assertThat(badId.errorCode()).isEqualTo("not_found");
        assertThat(unknown.header("x-request-id")).isPresent();
    }

    @Test
    void eTagsAndIfMatchGuardEveryUpdate() {
        String department = f.department(tenant.tenantId(), "Research");
        Reply read = admin("GET", base + "/departments/" + department, null);
        assertThat(read.header("etag")).contains("\"1\"");

        Reply weak = admin("PATCH", base + "/departments/" + department, "{\"name\":\"R&D\"}", "If-Match", "W/\"1\"");
        assertThat(weak.status()).isEqualTo(200);
        assertThat(weak.header("etag")).contains("\"2\"");
        Reply stale = admin("PATCH", base + "/departments/" + department, "{\"name\":\"Labs\"}", "If-Match", "\"1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.errorCode()).isEqualTo("version_mismatch");
        Reply unquoted = admin("PATCH", base + "/departments/" + department, "{\"name\":\"Labs\"}", "If-Match", "2");
        assertThat(unquoted.status()).isEqualTo(200);
        Reply any = admin("PATCH", base + "/departments/" + department, "{\"name\":\"Lab\"}", "If-Match", "*");
        assertThat(any.json().path("version").asLong()).isEqualTo(4);
        Reply unchanged = admin("PATCH", base + "/departments/" + department, "{\"name\":\"Lab\"}");
        assertThat(unchanged.json().path("version").asLong()).as("no change, no new version").isEqualTo(4);

        Reply staleTenant = admin("PATCH", base, "{\"name\":\"x\"}", "If-Match", "\"7\"");
        assertThat(staleTenant.status()).isEqualTo(412);
        Reply noBudget = admin("PUT", base + "/budgets/department/" + department, "{\"monthlyUsd\":1}", "If-Match", "\"1\"");
        assertThat(noBudget.status()).as("If-Match on something that does not exist yet").isEqualTo(412);
    }

    @Test
    void listsPageThroughEverythingOnceWithOpaqueTokens() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(f.department(tenant.tenantId(), "Department " + i));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Reply page = admin("GET", base + "/departments?limit=2" + (token == null ? "" : "&nextToken=" + token), null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().path("data").size()).isLessThanOrEqualTo(2);
            page.json().path("data").forEach(d -> seen.add(d.path("departmentId").asText()));
            token = page.json().path("nextToken").isNull() ? null : page.json().path("nextToken").asText();
            pages++;
        } while (token != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
        assertThat(pages).isEqualTo(3);

        String archived = created.getFirst();
        admin("DELETE", base + "/departments/" + archived, null);
        Reply active = admin("GET", base + "/departments?status=active", null);
        assertThat(active.json().path("data").findValuesAsText("departmentId")).hasSize(4).doesNotContain(archived);
        // a token of one list is no token of another
        Reply first = admin("GET", base + "/departments?limit=1", null);
        Reply foreign = admin("GET", base + "/users?nextToken=" + first.json().path("nextToken").asText(), null);
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.errorParam()).isEqualTo("nextToken");
    }

    @Test
    void usersHaveUniqueEmailsAndTheirAdminKeysFollowTheirDepartment() {
        String research = f.department(tenant.tenantId(), "Research");
        String sales = f.department(tenant.tenantId(), "Sales");
        Reply alice = admin("POST", base + "/users",
                "{\"email\":\"Alice@Example.com\",\"name\":\"Alice\",\"role\":\"department_admin\",\"departmentId\":\"" + research + "\"}");
        assertThat(alice.status()).isEqualTo(201);
        assertThat(alice.id("userId")).startsWith("user_");
        assertThat(alice.json().path("role").asText()).isEqualTo("department_admin");
        Reply twin = admin("POST", base + "/users",
                "{\"email\":\"alice@example.COM\",\"name\":\"Twin\",\"role\":\"member\",\"departmentId\":\"" + sales + "\"}");
        assertThat(twin.status()).isEqualTo(409);
        assertThat(twin.errorCode()).isEqualTo("email_taken");
        assertThat(twin.errorParam()).isEqualTo("email");

        String bob = f.user(tenant.tenantId(), sales, "member");
        Reply steal = admin("PATCH", base + "/users/" + bob, "{\"email\":\"ALICE@example.com\"}");
        assertThat(steal.status()).isEqualTo(409);
        assertThat(steal.errorCode()).isEqualTo("email_taken");
        assertThat(admin("PATCH", base + "/users/" + bob, "{\"email\":\"bob@example.com\"}").status()).isEqualTo(200);

        String aliceId = alice.id("userId");
        Fixtures.Key aliceAdmin = f.adminKey(tenant.tenantId(), aliceId);
        assertThat(admin("GET", base + "/keys/" + aliceAdmin.keyId(), null).json().path("departmentId").asText()).isEqualTo(research);
        // Alice now administers Research: she sees its users, not Sales'
        assertThat(h.as(aliceAdmin.secret(), "GET", base + "/users/" + bob, null).status()).isEqualTo(404);

        Reply moved = admin("PATCH", base + "/users/" + aliceId, "{\"departmentId\":\"" + sales + "\"}");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(admin("GET", base + "/keys/" + aliceAdmin.keyId(), null).json().path("departmentId").asText()).isEqualTo(sales);
        assertThat(h.as(aliceAdmin.secret(), "GET", base + "/users/" + bob, null).status()).as("her role follows her department").isEqualTo(200);

        Reply promoted = admin("PATCH", base + "/users/" + bob, "{\"role\":\"finance\",\"departmentId\":null}");
        assertThat(promoted.status()).isEqualTo(200);
        assertThat(promoted.json().path("departmentId").isNull()).isTrue();
        Reply members = admin("GET", base + "/users?role=finance", null);
        assertThat(members.json().path("data").findValuesAsText("userId")).containsExactly(bob);
    }

    @Test
    void budgetsAreCreatedReplacedAndDeletedExactly() {
        String research = f.department(tenant.tenantId(), "Research");
        String path = base + "/budgets/department/" + research;
        Reply created = admin("PUT", path,
                "{\"monthlyUsd\":\"500.00\",\"dailyUsd\":25.5,\"monthlyTokens\":1000000,"
                        + "\"thresholds\":[25,50,100],\"alertRecipients\":[\"finance@example.com\"]}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode b = created.json();
        assertThat(b.path("scope").asText()).isEqualTo("department");
        assertThat(b.path("scopeId").asText()).isEqualTo(research);
        assertThat(b.path("monthlyUsd").asText()).isEqualTo("500.000000");
        assertThat(b.path("monthlyUsdMicros").asLong()).isEqualTo(500_000_000L);
        assertThat(b.path("dailyUsdMicros").asLong()).isEqualTo(25_500_000L);
        assertThat(b.path("dailyTokens").isNull()).isTrue();
        assertThat(b.path("thresholds").toString()).isEqualTo("[25,50,100]");
        assertThat(b.path("alertRecipients").toString()).isEqualTo("[\"finance@example.com\"]");
        assertThat(b.path("escalationRecipients").toString()).isEqualTo("[]");

        Reply same = admin("PUT", path, "{\"monthlyUsd\":500,\"dailyUsd\":\"25.500000\",\"monthlyTokens\":1000000,"
                + "\"thresholds\":[25,50,100],\"alertRecipients\":[\"finance@example.com\"]}");
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().path("version").asLong()).as("an identical PUT changes nothing").isEqualTo(1);
        Reply replaced = admin("PUT", path, "{\"monthlyUsd\":600}", "If-Match", "\"1\"");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().path("version").asLong()).isEqualTo(2);
        assertThat(replaced.json().path("dailyUsd").isNull()).as("PUT replaces: what is left out is no limit").isTrue();
        assertThat(replaced.json().path("thresholds").toString()).isEqualTo("[50,80,100]");
        Reply escalated = admin("PUT", path, "{\"monthlyUsd\":600,\"escalationRecipients\":[\"cfo@example.com\"]}", "If-Match", "\"2\"");
        assertThat(escalated.status()).isEqualTo(200);
        assertThat(escalated.json().path("version").asLong()).as("escalation recipients are part of the budget").isEqualTo(3);
        assertThat(escalated.json().path("escalationRecipients").toString()).isEqualTo("[\"cfo@example.com\"]");
        assertThat(admin("GET", path, null).json().path("escalationRecipients").toString()).as("stored").isEqualTo("[\"cfo@example.com\"]");

        Reply tenantBudget = admin("PUT", base + "/budgets/tenant/" + tenant.tenantId(), "{\"monthlyUsd\":10000}");
        assertThat(tenantBudget.status()).isEqualTo(201);
        assertThat(admin("PUT", base + "/budgets/project/proj_missing", "{\"monthlyUsd\":1}").status()).isEqualTo(404);
        Reply listed = admin("GET", base + "/budgets?scope=department", null);
        assertThat(listed.json().path("data").findValuesAsText("scopeId")).containsExactly(research);
        assertThat(admin("GET", base + "/budgets", null).json().path("data")).hasSize(2);

        assertThat(admin("DELETE", path, null, "If-Match", "\"1\"").status()).isEqualTo(412);
        Reply deleted = admin("DELETE", path, null, "If-Match", "\"3\"");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(admin("GET", path, null).status()).isEqualTo(404);
        assertThat(admin("DELETE", path, null).status()).isEqualTo(404);

        admin("DELETE", base + "/departments/" + research, null);
        Reply archived = admin("PUT", path, "{\"monthlyUsd\":1}");
        assertThat(archived.status()).isEqualTo(409);
        assertThat(archived.errorCode()).isEqualTo("parent_archived");
    }

    @Test
    void policiesAreCreatedReplacedAndDeleted() {
        String research = f.department(tenant.tenantId(), "Research");
        String project = f.project(tenant.tenantId(), research, "Chatbot");
        Reply created = admin("PUT", base + "/policies/project/" + project,
                "{\"allowedModels\":[\"openai/*\",\"anthropic/claude-sonnet-4-5\"],\"deniedModels\":[\"openai/gpt-4\"]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("allowedModels").toString()).isEqualTo("[\"anthropic/claude-sonnet-4-5\",\"openai/*\"]");
        Reply replaced = admin("PUT", base + "/policies/project/" + project, "{\"allowedModels\":[\"*\"]}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().path("deniedModels").size()).isZero();
        assertThat(h.accounts.scopeChain(tenant.tenantId(), research, project).projectPolicy().orElseThrow().models().allow())
                .containsExactly("*");
        assertThat(admin("PUT", base + "/policies/tenant/" + tenant.tenantId(), "{\"deniedModels\":[\"deepseek/*\"]}").status()).isEqualTo(201);
        assertThat(admin("GET", base + "/policies", null).json().path("data")).hasSize(2);
        assertThat(admin("GET", base + "/policies?scope=tenant", null).json().path("data")).hasSize(1);
        assertThat(admin("DELETE", base + "/policies/project/" + project, null).status()).isEqualTo(200);
        assertThat(admin("GET", base + "/policies/project/" + project, null).status()).isEqualTo(404);
        assertThat(admin("GET", base + "/policies/department/dept_missing", null).status()).isEqualTo(404);
    }
}
