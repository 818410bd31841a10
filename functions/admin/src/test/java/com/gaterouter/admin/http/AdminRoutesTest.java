package com.gaterouter.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.gaterouter.common.testing.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The route table: resolution rules, and agreement with the OpenAPI document. */
class AdminRoutesTest {

    @Test
    void routesAreUniqueAndResolveToThemselves() {
        assertThat(new HashSet<>(AdminRoutes.ALL)).hasSameSizeAs(AdminRoutes.ALL);
        for (Route route : AdminRoutes.ALL) {
            String path = route.template().replaceAll("\\{[^}]+}", "x_1");
            AdminRoutes.Resolution resolution = AdminRoutes.resolve(route.method(), path);
            assertThat(resolution).isInstanceOf(AdminRoutes.Matched.class);
            assertThat(((AdminRoutes.Matched) resolution).route()).isEqualTo(route);
        }
    }

    @Test
    void pathParametersAreNamedByTheTemplate() {
        var matched = (AdminRoutes.Matched) AdminRoutes.resolve("PUT", "/admin/v1/tenants/acme/budgets/project/proj_1");
        assertThat(matched.route()).isEqualTo(AdminRoutes.PUT_BUDGET);
        assertThat(matched.parameters()).isEqualTo(Map.of("tenantId", "acme", "scope", "project", "scopeId", "proj_1"));
        var trailing = (AdminRoutes.Matched) AdminRoutes.resolve("GET", "/admin/v1/tenants/acme/");
        assertThat(trailing.route()).isEqualTo(AdminRoutes.GET_TENANT);
    }

    @Test
    void routingPoliciesHaveTheirOwnRoutes() {
        var matched = (AdminRoutes.Matched) AdminRoutes.resolve("PUT", "/admin/v1/tenants/acme/routing/department/dept_1");
        assertThat(matched.route()).isEqualTo(AdminRoutes.PUT_ROUTING_POLICY);
        assertThat(matched.parameters()).isEqualTo(Map.of("tenantId", "acme", "scope", "department", "scopeId", "dept_1"));
        assertThat(((AdminRoutes.Matched) AdminRoutes.resolve("GET", "/admin/v1/tenants/acme/routing")).route())
                .isEqualTo(AdminRoutes.LIST_ROUTING_POLICIES);
        assertThat(((AdminRoutes.Matched) AdminRoutes.resolve("POST", "/admin/v1/tenants/acme/routing/calibrations")).route())
                .isEqualTo(AdminRoutes.CALIBRATE_ROUTING);
        assertThat(AdminRoutes.resolve("GET", "/admin/v1/tenants/acme/routing/calibrations"))
                .isEqualTo(new AdminRoutes.MethodNotAllowed(List.of("POST")));
    }

    @Test
    void meIsOutsideTheTenantsAndATenantCalledMeIsStillATenant() {
        assertThat(((AdminRoutes.Matched) AdminRoutes.resolve("GET", "/admin/v1/me")).route()).isEqualTo(AdminRoutes.ME);
        var tenantMe = (AdminRoutes.Matched) AdminRoutes.resolve("GET", "/admin/v1/tenants/me");
        assertThat(tenantMe.route()).isEqualTo(AdminRoutes.GET_TENANT);
        assertThat(AdminRoutes.resolve("DELETE", "/admin/v1/me")).isEqualTo(new AdminRoutes.MethodNotAllowed(List.of("GET")));
        assertThat(((AdminRoutes.Matched) AdminRoutes.resolve("GET", "/admin/v1/tenants/acme/alerts")).route())
                .isEqualTo(AdminRoutes.LIST_ALERTS);
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithTheAllowedMethods() {
        assertThat(AdminRoutes.resolve("DELETE", "/admin/v1/tenants/acme"))
                .isEqualTo(new AdminRoutes.MethodNotAllowed(List.of("GET", "PATCH")));
        assertThat(AdminRoutes.resolve("GET", "/admin/v1/tenants/acme/keys/key_1/revoke"))
                .isEqualTo(new AdminRoutes.MethodNotAllowed(List.of("POST")));
        assertThat(AdminRoutes.resolve("POST", "/admin/v1/tenants/acme/budgets/key/k"))
                .isEqualTo(new AdminRoutes.MethodNotAllowed(List.of("DELETE", "GET", "PUT")));
        assertThat(AdminRoutes.resolve("PATCH", "/admin/v1/tenants/acme/routing/project/p"))
                .isEqualTo(new AdminRoutes.MethodNotAllowed(List.of("DELETE", "GET", "PUT")));
        assertThat(AdminRoutes.resolve("POST", "/admin/v1/tenants/acme/routing"))
                .isEqualTo(new AdminRoutes.MethodNotAllowed(List.of("GET")));
    }

    @Test
    void unknownPathsAreUnknown() {
        for (String path : List.of("/admin/v1", "/admin/v2/tenants", "/admin/v1/tenants/acme/nothing", "/admin/v1/tenants//departments",
                "/admin/v1/tenants/acme/keys/k/revoke/now", "/v1/models", "", "admin/v1/tenants")) {
            assertThat(AdminRoutes.resolve("GET", path)).as(path).isInstanceOf(AdminRoutes.Unknown.class);
        }
    }

    /** {@code docs/openapi/admin-v1.yaml} documents exactly the routes the app serves. */
    @Test
    void theOpenApiDocumentDescribesExactlyTheseRoutes() throws Exception {
        Path document = RepositoryRoot.locate().resolve("docs/openapi/admin-v1.yaml");
        assertThat(document).isRegularFile();
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(document)).path("paths");
        Set<Route> documented = new HashSet<>();
        Set<String> methods = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> names = path.getValue().fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (methods.contains(name)) {
                    documented.add(new Route(name.toUpperCase(Locale.ROOT), path.getKey()));
                }
            }
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(AdminRoutes.ALL);
    }

    /**
     * docs/admin-api.md's route table lists exactly the routes the app serves. A row names its
     * methods ({@code `GET`, `POST /admin/v1/tenants`}) and a path, where {@code …/{tenantId}/x}
     * stands for {@code /admin/v1/tenants/{tenantId}/x} and {@code …/x} for one under a tenant.
     */
    @Test
    void theAdminApiGuideListsExactlyTheseRoutes() throws Exception {
        String guide = Files.readString(RepositoryRoot.locate().resolve("docs/admin-api.md"));
        String table = guide.substring(guide.indexOf("## Routes"), guide.indexOf("\n## ", guide.indexOf("## Routes") + 1));
        java.util.regex.Pattern method = java.util.regex.Pattern.compile("`(GET|POST|PUT|PATCH|DELETE)(?: ([^`]+))?`");
        Set<Route> listed = new HashSet<>();
        for (String row : table.split("\n")) {
            String first = row.startsWith("| `") ? row.substring(2, row.indexOf(" |", 2)) : "";
            java.util.regex.Matcher m = method.matcher(first);
            List<String> methods = new java.util.ArrayList<>();
            String path = null;
            while (m.find()) {
                methods.add(m.group(1));
                path = m.group(2) != null ? m.group(2) : path;
            }
            if (path == null) {
                continue;
            }
            String template = path.startsWith("…/{tenantId}") ? AdminRoutes.BASE + path.substring(1)
                    : path.startsWith("…/") ? AdminRoutes.BASE + "/{tenantId}" + path.substring(1) : path;
            methods.forEach(name -> listed.add(new Route(name, template)));
        }
        assertThat(listed).as("the routes docs/admin-api.md lists").containsExactlyInAnyOrderElementsOf(AdminRoutes.ALL);
    }
}
