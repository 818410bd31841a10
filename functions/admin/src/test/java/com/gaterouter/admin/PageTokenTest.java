package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.http.PageTokens;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13 item 6: a {@code nextToken} works only for the list that issued it — same route, same
 * tenant, same filters, same caller, this deployment's key — and every other token is a 400
 * {@code invalid_request} with {@code param: "nextToken"}; paging itself still walks every list.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class PageTokenTest {

    private AdminHarness h;
    private Fixtures f;
    private Fixtures.TenantWithAdmin a;
    private Fixtures.TenantWithAdmin b;

    @BeforeEach
    void setUp(LocalTables tables) {
        h = new AdminHarness(tables);
        f = new Fixtures(h);
        a = f.tenant("pages-a");
        b = f.tenant("pages-b");
        for (Fixtures.TenantWithAdmin tenant : List.of(a, b)) {
            List<String> departments = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String department = f.department(tenant.tenantId(), "Dept " + i);
                departments.add(department);
                String project = f.project(tenant.tenantId(), department, "Project " + i);
                String user = f.user(tenant.tenantId(), department, "member");
                f.appKey(tenant.tenantId(), user, project);
                f.budget(tenant.tenantId(), "department", department);
                f.policy(tenant.tenantId(), "department", department);
                f.routing(tenant.tenantId(), "department", department);
            }
        }
    }

    private static String base(Fixtures.TenantWithAdmin tenant) {
        return Fixtures.base(tenant.tenantId());
    }

    private static String next(Reply page) {
        JsonNode token = page.json().path("nextToken");
        return token.isNull() || token.isMissingNode() ? null : token.asText();
    }

    private static String firstToken(Reply page) {
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        String token = next(page);
        assertThat(token).as("a first page of one item has a next page").isNotNull();
        return token;
    }

    private static void assertRefused(Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(reply.errorCode()).isEqualTo("invalid_request");
        assertThat(reply.errorParam()).isEqualTo("nextToken");
    }

    /** Pages through {@code path} one item at a time and returns the ids in order. */
    private static List<String> walk(Function<String, Reply> get, String path, String idField) {
        List<String> ids = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Reply page = get.apply(path + (path.contains("?") ? "&" : "?") + "limit=1" + (token == null ? "" : "&nextToken=" + token));
            assertThat(page.status()).as("%s %s", path, page).isEqualTo(200);
            page.json().path("data").forEach(item -> ids.add(item.path(idField).asText()));
            token = next(page);
            assertThat(++pages).as("paging %s ends", path).isLessThan(200);
        } while (token != null);
        return ids;
    }

    private static List<String> whole(Function<String, Reply> get, String path, String idField) {
        Reply page = get.apply(path + (path.contains("?") ? "&" : "?") + "limit=100");
        assertThat(page.status()).isEqualTo(200);
        assertThat(next(page)).as("the whole list fits one page").isNull();
        List<String> ids = new ArrayList<>();
        page.json().path("data").forEach(item -> ids.add(item.path(idField).asText()));
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/departments departmentId", "/projects projectId", "/users userId", "/keys keyId",
            "/budgets scopeId", "/policies scopeId", "/routing scopeId", "/audit auditId"})
    void pagingOneByOneWalksEveryTenantListExactlyAsOnePageShowsIt(String routeAndId) {
        String path = base(a) + routeAndId.split(" ")[0];
        String idField = routeAndId.split(" ")[1];
        Function<String, Reply> asTenantAdmin = p -> h.as(a.adminKey().secret(), "GET", p, null);
        List<String> whole = whole(asTenantAdmin, path, idField);
        assertThat(whole).as("the fixture gives %s several items", path).hasSizeGreaterThanOrEqualTo(3).doesNotContain("");
        assertThat(walk(asTenantAdmin, path, idField)).isEqualTo(whole);
    }

    @Test
    void pagingWalksTheTenantListOfThePlatform() {
        Function<String, Reply> asPlatform = p -> h.platform("GET", p, null);
        List<String> walked = walk(asPlatform, "/admin/v1/tenants", "tenantId");
        assertThat(walked).contains(a.tenantId(), b.tenantId()).doesNotHaveDuplicates();
    }

    @Test
    void aTokenOfOneTenantsListIsRefusedOnAnotherTenantsSameList() {
        String token = firstToken(h.platform("GET", base(a) + "/departments?limit=1", null));
        assertThat(h.platform("GET", base(a) + "/departments?limit=1&nextToken=" + token, null).status()).isEqualTo(200);

        assertRefused(h.platform("GET", base(b) + "/departments?limit=1&nextToken=" + token, null));
    }

    @Test
    void aTokenOfOneListIsRefusedOnAnotherListOfTheSameTenant() {
        String departments = firstToken(h.platform("GET", base(a) + "/departments?limit=1", null));
        assertRefused(h.platform("GET", base(a) + "/projects?limit=1&nextToken=" + departments, null));
        assertRefused(h.platform("GET", base(a) + "/users?limit=1&nextToken=" + departments, null));
        String budgets = firstToken(h.platform("GET", base(a) + "/budgets?limit=1", null));
        assertRefused(h.platform("GET", base(a) + "/policies?limit=1&nextToken=" + budgets, null));
    }

    @Test
    void aTokenIsBoundToTheListsFiltersButNotToItsPageSize() {
        String active = firstToken(h.platform("GET", base(a) + "/departments?status=active&limit=1", null));
        assertThat(h.platform("GET", base(a) + "/departments?status=active&limit=5&nextToken=" + active, null).status())
                .as("another page size of the same list").isEqualTo(200);

        assertRefused(h.platform("GET", base(a) + "/departments?limit=1&nextToken=" + active, null));
        assertRefused(h.platform("GET", base(a) + "/departments?status=archived&limit=1&nextToken=" + active, null));
    }

    @Test
    void aTokenIsBoundToTheCallerItWasGivenTo() {
        String tenantAdmins = firstToken(h.as(a.adminKey().secret(), "GET", base(a) + "/departments?limit=1", null));
        assertThat(h.as(a.adminKey().secret(), "GET", base(a) + "/departments?limit=1&nextToken=" + tenantAdmins, null).status())
                .isEqualTo(200);

        assertRefused(h.platform("GET", base(a) + "/departments?limit=1&nextToken=" + tenantAdmins, null));
    }

    @Test
    void truncatedEditedAndMadeUpTokensAreRefused() {
        String path = base(a) + "/departments?limit=1&nextToken=";
        String token = firstToken(h.platform("GET", base(a) + "/departments?limit=1", null));

        assertRefused(h.platform("GET", path + token.substring(0, token.length() - 1), null));
        assertRefused(h.platform("GET", path + token.substring(0, token.length() / 2), null));
        int middle = token.length() / 2;
        char flipped = token.charAt(middle) == 'A' ? 'B' : 'A';
        assertRefused(h.platform("GET", path + token.substring(0, middle) + flipped + token.substring(middle + 1), null));
        assertRefused(h.platform("GET", path + token + "AA", null));
        assertRefused(h.platform("GET", path + "not*a*token", null));
        // the unsigned form tokens had before: the store's sort key, base64url
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("DEPT#zzzz".getBytes(StandardCharsets.UTF_8));
        assertRefused(h.platform("GET", path + unsigned, null));
    }

    @Test
    void aTokenSealedWithAnotherDeploymentsKeyIsRefused() {
        AdminApp other = new AdminApp(h.accounts, h.apiKeys, h.clock, Optional.empty(), Optional.empty(),
                PageTokens.random(new SecureRandom()));
        ApiResponse.Buffered page = (ApiResponse.Buffered) other.handle(
                AdminHarness.request("GET", base(a) + "/departments?limit=1", null, null), Optional.of(AdminHarness.PLATFORM_ARN));
        String foreign = firstToken(new Reply(page.status(), page.headers(), page.bodyText()));

        assertRefused(h.platform("GET", base(a) + "/departments?limit=1&nextToken=" + foreign, null));
    }

    @Test
    void appsSharingAKeyAcceptEachOthersTokens() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        AdminApp first = new AdminApp(h.accounts, h.apiKeys, h.clock, Optional.empty(), Optional.empty(), PageTokens.withKey(key));
        AdminApp second = new AdminApp(h.accounts, h.apiKeys, h.clock, Optional.empty(), Optional.empty(), PageTokens.withKey(key));
        ApiResponse.Buffered page = (ApiResponse.Buffered) first.handle(
                AdminHarness.request("GET", base(a) + "/departments?limit=1", null, null), Optional.of(AdminHarness.PLATFORM_ARN));
        String token = firstToken(new Reply(page.status(), page.headers(), page.bodyText()));

        ApiResponse.Buffered following = (ApiResponse.Buffered) second.handle(
                AdminHarness.request("GET", base(a) + "/departments?limit=1&nextToken=" + token, null, null),
                Optional.of(AdminHarness.PLATFORM_ARN));
        assertThat(following.status()).as(following.bodyText()).isEqualTo(200);
    }
}
