package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, item 2: who may mint keys, the tenant's switch for self-service keys, app keys only in
 * their user's department, and limits that bind a person (user-scope model policies and budgets,
 * a key's model lists) set only by an admin above that person. What the router does with a user
 * policy is in the router's AccountScopesIT.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class KeyMintingTest {

    private AdminHarness h;
    private Fixtures f;
    private String tenant;
    private String base;
    private String admin;
    private String department;
    private String otherDepartment;
    private String project;
    private String otherProject;
    private String member;
    private String memberKey;
    private String departmentAdmin;
    private String departmentAdminKey;

    @BeforeEach
    void setUp(LocalTables tables) {
        h = new AdminHarness(tables);
        f = new Fixtures(h);
        Fixtures.TenantWithAdmin t = f.tenant("minting");
        tenant = t.tenantId();
        base = Fixtures.base(tenant);
        admin = t.adminKey().secret();
        department = f.department(tenant, "Research");
        otherDepartment = f.department(tenant, "Sales");
        project = f.project(tenant, department, "Chatbot");
        otherProject = f.project(tenant, otherDepartment, "CRM");
        member = f.user(tenant, department, "member");
        memberKey = f.adminKey(tenant, member).secret();
        departmentAdmin = f.user(tenant, department, "department_admin");
        departmentAdminKey = f.adminKey(tenant, departmentAdmin).secret();
    }

    private String appKeyBody(String userId, String projectId) {
        return "{\"userId\":\"" + userId + "\",\"projectId\":\"" + projectId + "\",\"name\":\"mine\"}";
    }

    private Reply selfService(boolean allowed) {
        Reply reply = h.as(admin, "PATCH", base, "{\"selfServiceKeys\":" + allowed + "}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply;
    }

    @Test
    void selfServiceKeysAreOnByDefaultAndATenantAdminCanSwitchThemOff() {
        Reply profile = h.as(memberKey, "GET", base, null);
        assertThat(profile.json().path("selfServiceKeys").asBoolean(false)).isTrue();
        assertThat(h.as(memberKey, "POST", base + "/keys", appKeyBody(member, project)).status()).isEqualTo(201);

        Reply off = selfService(false);
        assertThat(off.json().path("selfServiceKeys").asBoolean(true)).isFalse();
        assertThat(off.json().path("version").asLong()).isEqualTo(2);
        Reply audit = h.as(admin, "GET", base + "/audit?limit=1", null);
        assertThat(audit.json().path("data").get(0).path("action").asText()).isEqualTo("tenant.update");
        assertThat(audit.json().path("data").get(0).path("before").path("selfServiceKeys").asBoolean(false)).isTrue();
        assertThat(audit.json().path("data").get(0).path("after").path("selfServiceKeys").asBoolean(true)).isFalse();

        Reply refused = h.as(memberKey, "POST", base + "/keys", appKeyBody(member, project));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("permission_denied");
        assertThat(refused.errorParam()).isEqualTo("userId");
        assertThat(refused.json().path("error").path("message").asText()).contains("self-service keys");
        assertThat(refused.json().path("error").path("type").asText()).isNotEmpty();
        Reply ownAdminKey = h.as(departmentAdminKey, "POST", base + "/keys",
                "{\"userId\":\"" + departmentAdmin + "\",\"type\":\"admin\",\"name\":\"mine\"}");
        assertThat(ownAdminKey.status()).as("department admins mint no keys for themselves either").isEqualTo(403);
        assertThat(h.as(memberKey, "GET", base + "/keys?userId=" + member, null).json().path("data"))
                .as("the refused requests stored nothing").hasSize(2);

        assertThat(h.as(departmentAdminKey, "POST", base + "/keys", appKeyBody(member, project)).status())
                .as("a department admin mints keys for their department's members").isEqualTo(201);
        assertThat(h.as(admin, "POST", base + "/keys", appKeyBody(departmentAdmin, project)).status()).isEqualTo(201);
        assertThat(h.platform("POST", base + "/keys", appKeyBody(member, project)).status()).isEqualTo(201);
        assertThat(h.as(memberKey, "POST", base + "/keys/" + h.as(memberKey, "GET", base + "/keys?userId=" + member + "&type=app", null)
                .json().path("data").get(0).path("keyId").asText() + "/rotate", "{}").status())
                .as("rotating an own key stays allowed: it gives no second key").isEqualTo(200);

        selfService(true);
        assertThat(h.as(memberKey, "POST", base + "/keys", appKeyBody(member, project)).status()).isEqualTo(201);
    }

    @Test
    void onlyTenantAdminsSwitchSelfServiceAndOnlyToABoolean() {
        for (String caller : new String[] {memberKey, departmentAdminKey}) {
            Reply refused = h.as(caller, "PATCH", base, "{\"selfServiceKeys\":false}");
            assertThat(refused.status()).isEqualTo(403);
        }
        for (String value : new String[] {"\"no\"", "null", "0"}) {
            Reply invalid = h.as(admin, "PATCH", base, "{\"selfServiceKeys\":" + value + "}");
            assertThat(invalid.status()).as(value).isEqualTo(400);
            assertThat(invalid.errorParam()).isEqualTo("selfServiceKeys");
        }
        assertThat(h.as(admin, "GET", base, null).json().path("selfServiceKeys").asBoolean(false)).isTrue();
        assertThat(h.as(admin, "PATCH", base, "{\"selfServiceKeys\":true}").json().path("version").asLong())
                .as("no change, no new version").isEqualTo(1);

        Reply created = h.platform("POST", "/admin/v1/tenants", "{\"name\":\"Locked\",\"selfServiceKeys\":false}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("selfServiceKeys").asBoolean(true)).isFalse();
    }

    @Test
    void anAppKeyForAProjectOutsideTheUsersDepartmentIsA400() {
        for (String caller : new String[] {null, admin}) {
            Reply refused = caller == null ? h.platform("POST", base + "/keys", appKeyBody(member, otherProject))
                    : h.as(caller, "POST", base + "/keys", appKeyBody(member, otherProject));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("invalid_request");
            assertThat(refused.errorParam()).isEqualTo("projectId");
            assertThat(refused.json().path("error").path("message").asText()).contains("must be in its user's department");
        }
        assertThat(h.as(admin, "GET", base + "/keys?projectId=" + otherProject, null).json().path("data")).isEmpty();
        assertThat(h.as(departmentAdminKey, "POST", base + "/keys", appKeyBody(member, otherProject)).status())
                .as("a department admin cannot see the other department's project").isEqualTo(404);
        // a tenant admin belongs to no department: their app keys may be in any project
        String tenantAdmin = f.user(tenant, null, "tenant_admin");
        assertThat(h.as(admin, "POST", base + "/keys", appKeyBody(tenantAdmin, otherProject)).status()).isEqualTo(201);
    }

    @Test
    void aUserPolicyIsSetByAdminsAboveTheUserAndReadByTheUser() {
        String path = base + "/policies/user/" + member;
        Reply put = h.as(departmentAdminKey, "PUT", path, "{\"deniedModels\":[\"openai/gpt-4o\"]}");
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.json().path("scope").asText()).isEqualTo("user");
        assertThat(put.json().path("scopeId").asText()).isEqualTo(member);

        Reply read = h.as(memberKey, "GET", path, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("deniedModels").get(0).asText()).isEqualTo("openai/gpt-4o");
        assertThat(h.as(memberKey, "PUT", path, "{}").status()).as("a member does not loosen their own limits").isEqualTo(403);
        assertThat(h.as(memberKey, "DELETE", path, null).status()).isEqualTo(403);
        assertThat(h.as(memberKey, "GET", base + "/policies?scope=user", null).json().path("data")).hasSize(1);

        String ownPath = base + "/policies/user/" + departmentAdmin;
        assertThat(h.as(admin, "PUT", ownPath, "{\"allowedModels\":[\"openai/*\"]}").status()).isEqualTo(201);
        assertThat(h.as(departmentAdminKey, "DELETE", ownPath, null).status()).as("nor does a department admin").isEqualTo(403);
        assertThat(h.as(departmentAdminKey, "PUT", ownPath, "{}").status()).isEqualTo(403);
        assertThat(h.as(departmentAdminKey, "GET", ownPath, null).status()).isEqualTo(200);
        assertThat(h.as(memberKey, "GET", ownPath, null).status()).as("members see only their own user level").isEqualTo(404);
        assertThat(h.as(memberKey, "GET", base + "/policies?scope=user", null).json().path("data")).hasSize(1);

        String outsider = f.user(tenant, otherDepartment, "member");
        assertThat(h.as(departmentAdminKey, "PUT", base + "/policies/user/" + outsider, "{}").status()).isEqualTo(404);
        assertThat(h.as(admin, "PUT", base + "/policies/user/" + outsider, "{\"deniedModels\":[\"*\"]}").status()).isEqualTo(201);
        assertThat(h.as(departmentAdminKey, "GET", base + "/policies?scope=user", null).json().path("data"))
                .as("their department's users only").hasSize(2)
                .noneSatisfy(p -> assertThat(p.path("scopeId").asText()).isEqualTo(outsider));

        assertThat(h.as(departmentAdminKey, "DELETE", path, "", "If-Match", "\"1\"").status()).isEqualTo(200);
        assertThat(h.as(memberKey, "GET", path, null).status()).isEqualTo(404);
        assertThat(h.accounts.findPolicy(tenant, PolicyScope.USER, outsider)).isPresent();
    }

    @Test
    void aUserPolicyNeedsAnActiveUserAndRoutingHasNoUserScope() {
        String leaver = f.user(tenant, department, "member");
        assertThat(h.as(admin, "DELETE", base + "/users/" + leaver, null).status()).isEqualTo(200);
        Reply archived = h.as(admin, "PUT", base + "/policies/user/" + leaver, "{\"deniedModels\":[\"*\"]}");
        assertThat(archived.status()).isEqualTo(409);
        assertThat(archived.errorCode()).isEqualTo("parent_archived");
        assertThat(h.as(admin, "PUT", base + "/policies/user/user_nobody", "{}").status()).isEqualTo(404);

        Reply routing = h.as(admin, "PUT", base + "/routing/user/" + member, "{\"prefer\":\"cost\"}");
        assertThat(routing.status()).isEqualTo(400);
        assertThat(routing.errorParam()).isEqualTo("scope");
        assertThat(h.as(admin, "GET", base + "/routing?scope=user", null).status()).isEqualTo(400);
        Reply badScope = h.as(admin, "GET", base + "/policies/team/x", null);
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(badScope.json().path("error").path("message").asText()).contains("tenant, department, project or user");
    }

    @Test
    void limitsOnTheirOwnKeysAndUserAreNotADepartmentAdminsToLoosen() {
        String ownKey = h.as(departmentAdminKey, "POST", base + "/keys", appKeyBody(departmentAdmin, project)).id("keyId");
        Reply models = h.as(departmentAdminKey, "PATCH", base + "/keys/" + ownKey, "{\"allowedModels\":[\"*\"]}");
        assertThat(models.status()).isEqualTo(403);
        assertThat(models.errorParam()).isEqualTo("allowedModels");
        assertThat(h.as(departmentAdminKey, "PATCH", base + "/keys/" + ownKey, "{\"name\":\"renamed\"}").status()).isEqualTo(200);
        assertThat(h.as(departmentAdminKey, "PUT", base + "/budgets/key/" + ownKey, "{\"monthlyUsd\":1000}").status()).isEqualTo(403);
        assertThat(h.as(departmentAdminKey, "PUT", base + "/budgets/user/" + departmentAdmin, "{\"monthlyUsd\":1000}").status())
                .isEqualTo(403);

        String memberApp = h.as(memberKey, "POST", base + "/keys", appKeyBody(member, project)).id("keyId");
        assertThat(h.as(departmentAdminKey, "PATCH", base + "/keys/" + memberApp, "{\"deniedModels\":[\"openai/gpt-4o\"]}").status())
                .as("a department admin sets their members' key limits").isEqualTo(200);
        assertThat(h.as(departmentAdminKey, "PUT", base + "/budgets/user/" + member, "{\"monthlyUsd\":10}").status()).isEqualTo(201);
        assertThat(h.as(memberKey, "PATCH", base + "/keys/" + memberApp, "{\"deniedModels\":[]}").status()).isEqualTo(403);
        assertThat(h.as(memberKey, "DELETE", base + "/budgets/user/" + member, null).status()).isEqualTo(403);
        assertThat(h.as(admin, "PUT", base + "/budgets/key/" + ownKey, "{\"monthlyUsd\":5}").status()).isEqualTo(201);
    }
}
