package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.admin.http.AdminRoutes;
import com.gaterouter.admin.http.Route;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.AlertFixtures;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.admin.testing.UsageFixtures;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.alerts.AlertTrigger;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.testing.FutureYear;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may do what, to what: every route of {@link AdminRoutes} × every kind of caller × a target
 * in the caller's own department, in another department of the same tenant, and in another tenant.
 *
 * <p>The expected outcomes are written out below by hand ({@link #EXPECTED}, {@link #EXPECTED_SINGLE}),
 * from the spec, not computed from the production rules. The table itself is checked against the
 * invariants that must never break (another tenant: always 404; finance: every write 403; another
 * department: department admins and members always refused), and a route added to
 * {@link AdminRoutes} without a row here fails the test. Beyond status codes, answers are checked
 * for leaks: a cross-tenant 404 is byte-for-byte the 404 of a tenant that does not exist, and no
 * successful answer to a department admin or member contains anything of another department.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class TenantIsolationMatrixTest {

    enum Who { PL, TA, DA, FI, ME }

    enum Target { OWN, OTHER, FOREIGN }

    /** What a row's target is: nothing tenant-bound (platform routes, {@code /me}), the tenant as a whole, or something in a department. */
    enum Kind { PLATFORM, TENANT, DEPARTMENT }

    // ------------------------------------------------------------------------------------------------
    // The expected outcomes. Columns: platform | tenant admin | department admin (department 1) |
    // finance | member (department 1); in each, the target in department 1 of tenant A ("own"),
    // in department 2 of tenant A ("other"), in tenant B ("foreign"). For tenant-wide targets own and
    // other are the same tenant A. "~" stands for /admin/v1/tenants/{tenantId}.
    // ok = 2xx; 400 = invalid_request (a request no caller may make, e.g. an app key outside its user's department);
    // 403 = permission_denied; 404 = not_found.
    // ------------------------------------------------------------------------------------------------
    static final String EXPECTED = """
            GET /admin/v1/me                                | ok ok ok | ok ok ok    | ok ok ok    | ok ok ok    | ok ok ok
            POST /admin/v1/tenants                          | ok ok ok | 403 403 403 | 403 403 403 | 403 403 403 | 403 403 403
            GET /admin/v1/tenants                           | ok ok ok | 403 403 403 | 403 403 403 | 403 403 403 | 403 403 403
            GET ~                                           | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | ok ok 404
            PATCH ~                                         | ok ok ok | ok ok 404   | 403 403 404 | 403 403 404 | 403 403 404
            POST ~/departments                              | ok ok ok | ok ok 404   | 403 403 404 | 403 403 404 | 403 403 404
            GET ~/departments                               | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | ok ok 404
            GET ~/departments/{departmentId}                | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | ok 404 404
            PATCH ~/departments/{departmentId}              | ok ok ok | ok ok 404   | 403 404 404 | 403 403 404 | 403 404 404
            DELETE ~/departments/{departmentId}             | ok ok ok | ok ok 404   | 403 404 404 | 403 403 404 | 403 404 404
            POST ~/projects                                 | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 403 404 404
            GET ~/projects                                  | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | ok 404 404
            GET ~/projects/{projectId}                      | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | ok 404 404
            PATCH ~/projects/{projectId}                    | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 403 404 404
            DELETE ~/projects/{projectId}                   | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 403 404 404
            POST ~/users                                    | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 403 404 404
            GET ~/users                                     | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | ok 404 404
            GET ~/users/{userId}                            | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | 404 404 404
            PATCH ~/users/{userId}                          | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            DELETE ~/users/{userId}                         | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            POST ~/keys                                     | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            GET ~/keys                                      | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | ok 404 404
            GET ~/keys/{keyId}                              | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            PATCH ~/keys/{keyId}                            | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            POST ~/keys/{keyId}/revoke                      | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            POST ~/keys/{keyId}/rotate                      | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            GET ~/budgets                                   | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | ok ok 404
            GET ~/budgets/{scope}/{scopeId} [tenant]        | ok ok ok | ok ok 404   | 404 404 404 | ok ok 404   | 404 404 404
            GET ~/budgets/{scope}/{scopeId} [department]    | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | 404 404 404
            GET ~/budgets/{scope}/{scopeId} [project]       | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | 404 404 404
            GET ~/budgets/{scope}/{scopeId} [user]          | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | 404 404 404
            GET ~/budgets/{scope}/{scopeId} [key]           | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | 404 404 404
            PUT ~/budgets/{scope}/{scopeId} [tenant]        | ok ok ok | ok ok 404   | 404 404 404 | 403 403 404 | 404 404 404
            PUT ~/budgets/{scope}/{scopeId} [department]    | ok ok ok | ok ok 404   | 403 404 404 | 403 403 404 | 404 404 404
            PUT ~/budgets/{scope}/{scopeId} [project]       | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            PUT ~/budgets/{scope}/{scopeId} [user]          | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            PUT ~/budgets/{scope}/{scopeId} [key]           | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            DELETE ~/budgets/{scope}/{scopeId} [tenant]     | ok ok ok | ok ok 404   | 404 404 404 | 403 403 404 | 404 404 404
            DELETE ~/budgets/{scope}/{scopeId} [department] | ok ok ok | ok ok 404   | 403 404 404 | 403 403 404 | 404 404 404
            DELETE ~/budgets/{scope}/{scopeId} [project]    | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            DELETE ~/budgets/{scope}/{scopeId} [user]       | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            DELETE ~/budgets/{scope}/{scopeId} [key]        | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            GET ~/alerts                                    | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | 403 403 404
            GET ~/policies                                  | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | ok ok 404
            GET ~/policies/{scope}/{scopeId} [tenant]       | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | ok ok 404
            GET ~/policies/{scope}/{scopeId} [department]   | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | ok 404 404
            GET ~/policies/{scope}/{scopeId} [project]      | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | ok 404 404
            PUT ~/policies/{scope}/{scopeId} [tenant]       | ok ok ok | ok ok 404   | 403 403 404 | 403 403 404 | 403 403 404
            PUT ~/policies/{scope}/{scopeId} [department]   | ok ok ok | ok ok 404   | 403 404 404 | 403 403 404 | 403 404 404
            PUT ~/policies/{scope}/{scopeId} [project]      | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 403 404 404
            DELETE ~/policies/{scope}/{scopeId} [tenant]    | ok ok ok | ok ok 404   | 403 403 404 | 403 403 404 | 403 403 404
            DELETE ~/policies/{scope}/{scopeId} [department]| ok ok ok | ok ok 404   | 403 404 404 | 403 403 404 | 403 404 404
            DELETE ~/policies/{scope}/{scopeId} [project]   | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 403 404 404
            GET ~/policies/{scope}/{scopeId} [user]         | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | 404 404 404
            PUT ~/policies/{scope}/{scopeId} [user]         | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            DELETE ~/policies/{scope}/{scopeId} [user]      | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 404 404 404
            GET ~/routing                                   | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | ok ok 404
            GET ~/routing/{scope}/{scopeId} [tenant]        | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | ok ok 404
            GET ~/routing/{scope}/{scopeId} [department]    | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | ok 404 404
            GET ~/routing/{scope}/{scopeId} [project]       | ok ok ok | ok ok 404   | ok 404 404  | ok ok 404   | ok 404 404
            PUT ~/routing/{scope}/{scopeId} [tenant]        | ok ok ok | ok ok 404   | 403 403 404 | 403 403 404 | 403 403 404
            PUT ~/routing/{scope}/{scopeId} [department]    | ok ok ok | ok ok 404   | 403 404 404 | 403 403 404 | 403 404 404
            PUT ~/routing/{scope}/{scopeId} [project]       | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 403 404 404
            DELETE ~/routing/{scope}/{scopeId} [tenant]     | ok ok ok | ok ok 404   | 403 403 404 | 403 403 404 | 403 403 404
            DELETE ~/routing/{scope}/{scopeId} [department] | ok ok ok | ok ok 404   | 403 404 404 | 403 403 404 | 403 404 404
            DELETE ~/routing/{scope}/{scopeId} [project]    | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 403 404 404
            POST ~/routing/calibrations [tenant]            | ok ok ok | ok ok 404   | 403 403 404 | 403 403 404 | 403 403 404
            POST ~/routing/calibrations [department]        | ok ok ok | ok ok 404   | 403 404 404 | 403 403 404 | 403 404 404
            POST ~/routing/calibrations [project]           | ok ok ok | ok ok 404   | ok 404 404  | 403 403 404 | 403 404 404
            GET ~/pricing                                   | ok ok ok | ok ok 404   | 403 403 404 | ok ok 404   | 403 403 404
            PUT ~/pricing                                   | ok ok ok | 403 403 404 | 403 403 404 | 403 403 404 | 403 403 404
            GET ~/pricing/reprice                           | ok ok ok | ok ok 404   | 403 403 404 | ok ok 404   | 403 403 404
            GET ~/contracts                                 | ok ok ok | ok ok 404   | 403 403 404 | ok ok 404   | 403 403 404
            GET ~/contracts/{vendor}                        | ok ok ok | ok ok 404   | 403 403 404 | ok ok 404   | 403 403 404
            PUT ~/contracts/{vendor}                        | ok ok ok | ok ok 404   | 403 403 404 | 403 403 404 | 403 403 404
            GET ~/analytics/spend [department]              | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | 403 403 404
            GET ~/analytics/spend [project]                 | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | 403 403 404
            GET ~/analytics/spend [user]                    | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | 403 403 404
            GET ~/analytics/spend [key]                     | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | 403 403 404
            GET ~/analytics/spend [model, by month]         | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | 403 403 404
            GET ~/analytics/spend [csv]                     | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | 403 403 404
            GET ~/analytics/models                          | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | 403 403 404
            GET ~/analytics/keys                            | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | 403 403 404
            GET ~/analytics/top-users                       | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | 403 403 404
            GET ~/analytics/routing                         | ok ok ok | ok ok 404   | ok ok 404   | ok ok 404   | 403 403 404
            GET ~/chargeback                                | ok ok ok | ok ok 404   | 403 403 404 | ok ok 404   | 403 403 404
            GET ~/chargeback [csv]                          | ok ok ok | ok ok 404   | 403 403 404 | ok ok 404   | 403 403 404
            GET ~/exports/focus                             | ok ok ok | ok ok 404   | 403 403 404 | ok ok 404   | 403 403 404
            GET ~/exports/focus [json]                      | ok ok ok | ok ok 404   | 403 403 404 | ok ok 404   | 403 403 404
            POST ~/month-closes                             | ok ok ok | ok ok 404   | 403 403 404 | 403 403 404 | 403 403 404
            GET ~/month-closes/{month}                      | ok ok ok | ok ok 404   | 403 403 404 | ok ok 404   | 403 403 404
            POST ~/reconciliations                          | ok ok ok | ok ok 404   | 403 403 404 | ok ok 404   | 403 403 404
            GET ~/reconciliations                           | ok ok ok | ok ok 404   | 403 403 404 | ok ok 404   | 403 403 404
            GET ~/reconciliations/{reconciliationId}        | ok ok ok | ok ok 404   | 403 403 404 | ok ok 404   | 403 403 404
            POST ~/rollups/run                              | ok ok ok | ok ok 404   | 403 403 404 | 403 403 404 | 403 403 404
            GET ~/audit                                     | ok ok ok | ok ok 404   | 403 403 404 | 403 403 404 | 403 403 404
            """;

    /**
     * Single-target rows: the caller's own things, and targets that test role limits inside
     * department 1 ("-": not applicable to the platform, which has no user).
     */
    static final String EXPECTED_SINGLE = """
            GET ~/users/{userId} [self]                         | -  | ok | ok  | ok  | ok
            PATCH ~/users/{userId} [self]                       | -  | ok | ok  | 403 | 403
            GET ~/users [unfiltered]                            | ok | ok | ok  | ok  | ok
            GET ~/keys [own]                                    | -  | ok | ok  | 403 | ok
            GET ~/keys/{keyId} [own]                            | -  | ok | ok  | 403 | ok
            PATCH ~/keys/{keyId} [own, name]                    | -  | ok | ok  | 403 | ok
            PATCH ~/keys/{keyId} [own, allowedModels]           | -  | ok | 403 | 403 | 403
            POST ~/keys/{keyId}/revoke [own]                    | -  | ok | ok  | 403 | ok
            POST ~/keys/{keyId}/rotate [own]                    | -  | ok | ok  | 403 | ok
            POST ~/keys [own app key]                           | -  | ok | ok  | 403 | ok
            POST ~/keys [own admin key]                         | -  | ok | ok  | 403 | 403
            GET ~/budgets/{scope}/{scopeId} [own user]          | -  | ok | ok  | ok  | ok
            GET ~/budgets/{scope}/{scopeId} [own key]           | -  | ok | ok  | ok  | ok
            PUT ~/budgets/{scope}/{scopeId} [own user]          | -  | ok | 403 | 403 | 403
            PUT ~/budgets/{scope}/{scopeId} [own key]           | -  | ok | 403 | 403 | 403
            GET ~/policies/{scope}/{scopeId} [own user]         | -  | ok | ok  | ok  | ok
            PUT ~/policies/{scope}/{scopeId} [own user]         | -  | ok | 403 | 403 | 403
            PATCH ~ [selfServiceKeys]                           | ok | ok | 403 | 403 | 403
            POST ~/users [tenant_admin in department 1]         | ok | ok | 403 | 403 | 403
            POST ~/users [finance in department 1]              | ok | ok | 403 | 403 | 403
            POST ~/users [department_admin in department 1]     | ok | ok | ok  | 403 | 403
            PATCH ~/users/{userId} [member of dept 1 → tenant_admin] | ok | ok | 403 | 403 | 404
            PATCH ~/users/{userId} [member of dept 1 → dept 2]  | ok | ok | 404 | 403 | 404
            PATCH ~/users/{userId} [tenant admin in dept 1]     | ok | ok | 403 | 403 | 404
            DELETE ~/users/{userId} [tenant admin in dept 1]    | ok | ok | 403 | 403 | 404
            GET ~/users/{userId} [tenant admin in dept 1]       | ok | ok | ok  | ok  | 404
            POST ~/keys [admin key for member of dept 1]        | ok | ok | ok  | 403 | 404
            POST ~/keys [dept 1 member, dept 2 project]         | 400 | 400 | 404 | 403 | 404
            POST ~/keys/{keyId}/rotate [tenant admin's key in dept 1] | ok | ok | 403 | 403 | 404
            GET ~/analytics/spend [departmentId = dept 1]       | ok | ok | ok  | ok  | 403
            GET ~/analytics/spend [departmentId = dept 2]       | ok | ok | 404 | ok  | 403
            GET ~/analytics/top-users [departmentId = dept 2]   | ok | ok | 404 | ok  | 403
            GET ~/analytics/keys [departmentId = dept 2]        | ok | ok | 404 | ok  | 403
            """;

    private static final String T = "/admin/v1/tenants/{tenantId}";

    private static AdminHarness h;
    private static Fixtures f;
    private static UsageFixtures usage;
    private static AlertFixtures alerts;
    private static final Map<Who, String> SECRETS = new EnumMap<>(Who.class);
    private static final Map<Who, String> USER_IDS = new EnumMap<>(Who.class);
    private static final Map<Target, Scope> SCOPES = new EnumMap<>(Target.class);
    /** Ids of things in department 2 of tenant A: never in a successful answer to a department admin or member. */
    private static final Set<String> OTHER_DEPARTMENT = ConcurrentHashMap.newKeySet();
    private static final Set<String> FOREIGN = ConcurrentHashMap.newKeySet();
    /** A stored reconciliation of each tenant, by tenant id. */
    private static final Map<String, String> RECONCILIATIONS = new ConcurrentHashMap<>();
    /** A February invoice line in the fixtures' export format. */
    private static final String INVOICE = com.gaterouter.admin.testing.ReconciliationFixtures.csvLine("gpt-4o-mini",
            FutureYear.date(2, 27), com.gaterouter.common.billing.InvoiceLine.TokenClass.INPUT, 1_000L, 1L, 120, null);
    private static String tenantA;
    private static String tenantB;
    private static String tenantAdminInDept1;
    private static String tenantAdminInDept1Key;

    /** Where a target lives: tenant, department, and a project, a member and an app key in it. */
    record Scope(Target target, String tenantId, String departmentId, String projectId, String userId, String keyId, String marker) {
        String base() {
            return Fixtures.base(tenantId);
        }
    }

    record Req(String method, String path, String body) {
    }

    @FunctionalInterface
    interface Builder {
        Req build(Who who, Scope scope);
    }

    record Row(String name, Route route, Kind kind, Builder builder) {
    }

    @BeforeAll
    static void world(LocalTables tables) {
        h = new AdminHarness(tables);
        f = new Fixtures(h);
        usage = new UsageFixtures(h);
        alerts = new AlertFixtures(h);
        Fixtures.TenantWithAdmin a = f.tenant("iso-a");
        tenantA = a.tenantId();
        tenantB = AdminHarness.tenantId("iso-b");
        Reply b = h.platform("POST", "/admin/v1/tenants", "{\"name\":\"FOREIGN corp\",\"tenantId\":\"" + tenantB + "\"}");
        assertThat(b.status()).isEqualTo(201);
        FOREIGN.add(tenantB);

        SCOPES.put(Target.OWN, scope(Target.OWN, tenantA, "DEPTONE"));
        SCOPES.put(Target.OTHER, scope(Target.OTHER, tenantA, "OTHERDEPT"));
        SCOPES.put(Target.FOREIGN, scope(Target.FOREIGN, tenantB, "FOREIGN"));
        scope(Target.FOREIGN, tenantB, "FOREIGN"); // a second department in B, only so B has two
        Scope own = SCOPES.get(Target.OWN);

        SECRETS.put(Who.TA, a.adminKey().secret());
        USER_IDS.put(Who.TA, a.adminUserId());
        for (Who who : List.of(Who.DA, Who.FI, Who.ME)) {
            String role = switch (who) {
                case DA -> "department_admin";
                case FI -> "finance";
                default -> "member";
            };
            String userId = user(tenantA, who == Who.FI ? null : own.departmentId(), role, who.name() + " caller");
            USER_IDS.put(who, userId);
            SECRETS.put(who, f.adminKey(tenantA, userId).secret());
        }
        for (Who who : List.of(Who.TA, Who.DA, Who.FI, Who.ME)) {
            String keyId = ownKey(who);
            f.budget(tenantA, "user", USER_IDS.get(who));
            f.budget(tenantA, "key", keyId);
        }
        tenantAdminInDept1 = user(tenantA, own.departmentId(), "tenant_admin", "second tenant admin");
        tenantAdminInDept1Key = f.appKey(tenantA, tenantAdminInDept1, own.projectId()).keyId();
        f.budget(tenantA, "user", tenantAdminInDept1);
    }

    private static Scope scope(Target target, String tenantId, String marker) {
        String department = f.department(tenantId, marker + " department");
        String project = f.project(tenantId, department, marker + " project");
        String member = user(tenantId, department, "member", marker + " member");
        String key = f.appKey(tenantId, member, project).keyId();
        for (String[] budget : new String[][] {{"tenant", tenantId}, {"department", department}, {"project", project},
                {"user", member}, {"key", key}}) {
            f.budget(tenantId, budget[0], budget[1]);
        }
        // a fired alert for each budget scope: a department admin's list must show their own department's only
        for (Object[] alert : new Object[][] {{BudgetScope.DEPARTMENT, department}, {BudgetScope.PROJECT, project},
                {BudgetScope.USER, member}, {BudgetScope.KEY, key}}) {
            BudgetScope scope = (BudgetScope) alert[0];
            alerts.fire(tenantId, scope, (String) alert[1], marker + " " + scope.wireName(), FutureYear.month(2).toString(),
                    new AlertTrigger.Threshold(80), h.clock.instant().minus(Duration.ofDays(1)), true);
        }
        f.policy(tenantId, "tenant", tenantId);
        f.policy(tenantId, "department", department);
        f.policy(tenantId, "project", project);
        f.policy(tenantId, "user", member);
        f.routing(tenantId, "tenant", tenantId);
        f.routing(tenantId, "department", department);
        f.routing(tenantId, "project", project);
        spend(tenantId, department, project, member, key);
        if (!RECONCILIATIONS.containsKey(tenantId)) {
            Reply reconciled = h.platform("POST", Fixtures.base(tenantId) + "/reconciliations?format=openai&month=" + FutureYear.text("YYYY-02"),
                    INVOICE);
            assertThat(reconciled.status()).as(reconciled.toString()).isEqualTo(201);
            RECONCILIATIONS.put(tenantId, reconciled.id("id"));
        }
        Set<String> sink = target == Target.OTHER ? OTHER_DEPARTMENT : target == Target.FOREIGN ? FOREIGN : new HashSet<>();
        sink.addAll(List.of(department, project, member, key));
        return new Scope(target, tenantId, department, project, member, key, marker);
    }

    /**
     * Spend of the scope's key: a final (rolled-up) day in February and raw usage today, so every
     * analytics answer has rows from both sources for the leak checks to look at.
     */
    private static void spend(String tenantId, String department, String project, String member, String key) {
        Principal principal = new Principal(tenantId, department, project, member, key);
        Instant today = h.clock.instant();
        usage.rolledUp(tenantId, UsageFixtures.request(principal, "openai/gpt-4o", FutureYear.instant("YYYY-02-27T10:00:00Z"), 100, 50, 1_000,
                false, UsageFixtures.routed("light", false, 1_000, 4_000)));
        h.rollups.advanceWatermark(tenantId, FutureYear.date(2, 28));
        usage.raw(UsageFixtures.request(principal, "anthropic/claude-sonnet-4-5", today, 200, 80, 2_500, true, Optional.empty()));
    }

    private static String user(String tenantId, String departmentId, String role, String name) {
        String email = "u-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
        String department = departmentId == null ? "" : ",\"departmentId\":\"" + departmentId + "\"";
        Reply reply = h.platform("POST", Fixtures.base(tenantId) + "/users",
                "{\"email\":\"" + email + "\",\"name\":\"" + name + "\",\"role\":\"" + role + "\"" + department + "}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.id("userId");
    }

    /** A fresh app key of the caller's own, in department 1's project. */
    private static String ownKey(Who who) {
        return f.appKey(tenantA, USER_IDS.get(who), SCOPES.get(Target.OWN).projectId()).keyId();
    }

    private static void track(Scope scope, String... ids) {
        if (scope.target() == Target.OTHER) {
            OTHER_DEPARTMENT.addAll(List.of(ids));
        } else if (scope.target() == Target.FOREIGN) {
            FOREIGN.addAll(List.of(ids));
        }
    }

    private static String freshDepartment(Scope s) {
        String id = f.department(s.tenantId(), s.marker() + " fresh department");
        track(s, id);
        return id;
    }

    private static String freshProject(Scope s) {
        String id = f.project(s.tenantId(), s.departmentId(), s.marker() + " fresh project");
        track(s, id);
        return id;
    }

    private static String freshMember(Scope s) {
        String id = user(s.tenantId(), s.departmentId(), "member", s.marker() + " fresh member");
        track(s, id);
        return id;
    }

    private static String freshKey(Scope s) {
        String id = f.appKey(s.tenantId(), s.userId(), s.projectId()).keyId();
        track(s, id);
        return id;
    }

    private static String scopeId(Scope s, String scope) {
        return switch (scope) {
            case "tenant" -> s.tenantId();
            case "department" -> s.departmentId();
            case "project" -> s.projectId();
            case "user" -> s.userId();
            case "key" -> s.keyId();
            default -> throw new IllegalArgumentException(scope);
        };
    }

    private static Map<String, Row> rows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        // who the caller is: every caller, about themselves only (nothing tenant-bound in the path)
        row(rows, "GET /admin/v1/me", Kind.PLATFORM, (w, s) -> new Req("GET", "/admin/v1/me", null));
        row(rows, "POST /admin/v1/tenants", Kind.PLATFORM, (w, s) -> new Req("POST", "/admin/v1/tenants", "{\"name\":\"made by " + w + "\"}"));
        row(rows, "GET /admin/v1/tenants", Kind.PLATFORM, (w, s) -> new Req("GET", "/admin/v1/tenants?limit=100", null));
        row(rows, "GET ~", Kind.TENANT, (w, s) -> new Req("GET", s.base(), null));
        row(rows, "PATCH ~", Kind.TENANT, (w, s) -> new Req("PATCH", s.base(),
                "{\"name\":\"" + (s.target() == Target.FOREIGN ? "FOREIGN corp" : "tenant A") + "\"}"));
        row(rows, "POST ~/departments", Kind.TENANT, (w, s) -> new Req("POST", s.base() + "/departments",
                "{\"name\":\"" + (s.target() == Target.OWN ? "tenant A" : s.marker()) + " new department\"}"));
        row(rows, "GET ~/departments", Kind.TENANT, (w, s) -> new Req("GET", s.base() + "/departments?limit=100", null));
        row(rows, "GET ~/departments/{departmentId}", Kind.DEPARTMENT, (w, s) -> new Req("GET", s.base() + "/departments/" + s.departmentId(), null));
        row(rows, "PATCH ~/departments/{departmentId}", Kind.DEPARTMENT, (w, s) -> new Req("PATCH",
                s.base() + "/departments/" + s.departmentId(), "{\"name\":\"" + s.marker() + " department\"}"));
        row(rows, "DELETE ~/departments/{departmentId}", Kind.DEPARTMENT, (w, s) -> {
            // the callers' own department 1 is targeted only by those expected to be refused; others archive a fresh one
            boolean callerOwnsDepartment1 = w == Who.DA || w == Who.ME;
            String department = s.target() == Target.OWN && callerOwnsDepartment1 ? s.departmentId() : freshDepartment(s);
            return new Req("DELETE", s.base() + "/departments/" + department, null);
        });
        row(rows, "POST ~/projects", Kind.DEPARTMENT, (w, s) -> new Req("POST", s.base() + "/projects",
                "{\"name\":\"" + s.marker() + " new project\",\"departmentId\":\"" + s.departmentId() + "\"}"));
        row(rows, "GET ~/projects", Kind.DEPARTMENT, (w, s) -> new Req("GET", s.base() + "/projects?departmentId=" + s.departmentId(), null));
        row(rows, "GET ~/projects/{projectId}", Kind.DEPARTMENT, (w, s) -> new Req("GET", s.base() + "/projects/" + s.projectId(), null));
        row(rows, "PATCH ~/projects/{projectId}", Kind.DEPARTMENT, (w, s) -> new Req("PATCH", s.base() + "/projects/" + s.projectId(),
                "{\"name\":\"" + s.marker() + " project\"}"));
        row(rows, "DELETE ~/projects/{projectId}", Kind.DEPARTMENT, (w, s) -> new Req("DELETE", s.base() + "/projects/" + freshProject(s), null));
        row(rows, "POST ~/users", Kind.DEPARTMENT, (w, s) -> new Req("POST", s.base() + "/users",
                "{\"email\":\"n-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com\",\"name\":\"" + s.marker()
                        + " new user\",\"role\":\"member\",\"departmentId\":\"" + s.departmentId() + "\"}"));
        row(rows, "GET ~/users", Kind.DEPARTMENT, (w, s) -> new Req("GET", s.base() + "/users?limit=100&departmentId=" + s.departmentId(), null));
        row(rows, "GET ~/users/{userId}", Kind.DEPARTMENT, (w, s) -> new Req("GET", s.base() + "/users/" + s.userId(), null));
        row(rows, "PATCH ~/users/{userId}", Kind.DEPARTMENT, (w, s) -> new Req("PATCH", s.base() + "/users/" + s.userId(),
                "{\"name\":\"" + s.marker() + " member\"}"));
        row(rows, "DELETE ~/users/{userId}", Kind.DEPARTMENT, (w, s) -> new Req("DELETE", s.base() + "/users/" + freshMember(s), null));
        row(rows, "POST ~/keys", Kind.DEPARTMENT, (w, s) -> new Req("POST", s.base() + "/keys",
                "{\"userId\":\"" + s.userId() + "\",\"projectId\":\"" + s.projectId() + "\",\"name\":\"" + s.marker() + " key\"}"));
        row(rows, "GET ~/keys", Kind.DEPARTMENT, (w, s) -> new Req("GET", s.base() + "/keys?limit=100&projectId=" + s.projectId(), null));
        row(rows, "GET ~/keys/{keyId}", Kind.DEPARTMENT, (w, s) -> new Req("GET", s.base() + "/keys/" + s.keyId(), null));
        row(rows, "PATCH ~/keys/{keyId}", Kind.DEPARTMENT, (w, s) -> new Req("PATCH", s.base() + "/keys/" + s.keyId(),
                "{\"name\":\"" + s.marker() + " key\"}"));
        row(rows, "POST ~/keys/{keyId}/revoke", Kind.DEPARTMENT, (w, s) -> new Req("POST", s.base() + "/keys/" + freshKey(s) + "/revoke", null));
        row(rows, "POST ~/keys/{keyId}/rotate", Kind.DEPARTMENT, (w, s) -> new Req("POST", s.base() + "/keys/" + freshKey(s) + "/rotate", "{}"));
        row(rows, "GET ~/budgets", Kind.TENANT, (w, s) -> new Req("GET", s.base() + "/budgets?limit=100", null));
        levelRows(rows, "budgets", List.of("tenant", "department", "project", "user", "key"), f::budget,
                "{\"monthlyUsd\":\"250.5\",\"monthlyTokens\":600000}");
        row(rows, "GET ~/alerts", Kind.TENANT, (w, s) -> new Req("GET", s.base() + "/alerts?limit=100", null));
        row(rows, "GET ~/policies", Kind.TENANT, (w, s) -> new Req("GET", s.base() + "/policies?limit=100", null));
        levelRows(rows, "policies", List.of("tenant", "department", "project", "user"), f::policy,
                "{\"deniedModels\":[\"openai/gpt-4\"]}");
        row(rows, "GET ~/routing", Kind.TENANT, (w, s) -> new Req("GET", s.base() + "/routing?limit=100", null));
        levelRows(rows, "routing", List.of("tenant", "department", "project"), f::routing,
                "{\"mode\":\"shadow\",\"thresholds\":{\"lightBelow\":0.25,\"heavyFrom\":0.7},"
                        + "\"tiers\":{\"light\":[\"openai/gpt-4o-mini\"]},\"pinnedModel\":\"openai/gpt-4o\"}");
        // who may calibrate a level's routing is who may set its routing policy (the examples are never stored)
        for (String scope : List.of("tenant", "department", "project")) {
            row(rows, "POST ~/routing/calibrations [" + scope + "]", scope.equals("tenant") ? Kind.TENANT : Kind.DEPARTMENT, (w, s) ->
                    new Req("POST", s.base() + "/routing/calibrations", "{\"scope\":\"" + scope + "\",\"scopeId\":\"" + scopeId(s, scope)
                            + "\",\"examples\":[{\"prompt\":\"What is 2 + 2?\",\"needs_strong\":false},"
                            + "{\"prompt\":\"Prove Fermat's little theorem.\",\"needs_strong\":true}]}"));
        }
        row(rows, "GET ~/pricing", Kind.TENANT, (w, s) -> new Req("GET", s.base() + "/pricing", null));
        row(rows, "PUT ~/pricing", Kind.TENANT, (w, s) -> new Req("PUT", s.base() + "/pricing",
                "{\"discountBasisPoints\":1000,\"models\":{\"openai/gpt-4o\":{\"input\":\"2\",\"output\":\"8\"}}}"));
        row(rows, "GET ~/pricing/reprice", Kind.TENANT, (w, s) -> new Req("GET",
                s.base() + "/pricing/reprice?month=" + FutureYear.text("YYYY-02"), null));
        String terms = "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-01-01") + "\",\"discountPercent\":20}";
        row(rows, "GET ~/contracts", Kind.TENANT, (w, s) -> new Req("GET", s.base() + "/contracts", null));
        row(rows, "GET ~/contracts/{vendor}", Kind.TENANT, (w, s) -> {
            assertThat(h.platform("PUT", s.base() + "/contracts/openai", terms).status()).isIn(200, 201);
            return new Req("GET", s.base() + "/contracts/openai", null);
        });
        row(rows, "PUT ~/contracts/{vendor}", Kind.TENANT, (w, s) -> new Req("PUT", s.base() + "/contracts/anthropic", terms));
        String closeFebruary = "{\"month\":\"" + FutureYear.text("YYYY-02") + "\"}";
        row(rows, "POST ~/month-closes", Kind.TENANT, (w, s) -> new Req("POST", s.base() + "/month-closes", closeFebruary));
        row(rows, "GET ~/month-closes/{month}", Kind.TENANT, (w, s) -> {
            assertThat(h.platform("POST", s.base() + "/month-closes", closeFebruary).status()).isIn(200, 201);
            return new Req("GET", s.base() + "/month-closes/" + FutureYear.text("YYYY-02"), null);
        });
        String range = "from=" + FutureYear.text("YYYY-02-01") + "&to=" + FutureYear.text("YYYY-03-01");
        for (String groupBy : List.of("department", "project", "user", "key")) {
            row(rows, "GET ~/analytics/spend [" + groupBy + "]", Kind.TENANT, (w, s) -> new Req("GET",
                    s.base() + "/analytics/spend?groupBy=" + groupBy + "&" + range, null));
        }
        row(rows, "GET ~/analytics/spend [model, by month]", Kind.TENANT, (w, s) -> new Req("GET",
                s.base() + "/analytics/spend?groupBy=model&granularity=month&from=" + FutureYear.text("YYYY-02-10") + "&to="
                        + FutureYear.text("YYYY-03-01"), null));
        row(rows, "GET ~/analytics/spend [csv]", Kind.TENANT, (w, s) -> new Req("GET",
                s.base() + "/analytics/spend?groupBy=user&format=csv&" + range, null));
        for (String report : List.of("models", "keys", "top-users", "routing")) {
            row(rows, "GET ~/analytics/" + report, Kind.TENANT, (w, s) -> new Req("GET", s.base() + "/analytics/" + report + "?" + range, null));
        }
        for (String format : List.of("", "&format=csv")) {
            row(rows, "GET ~/chargeback" + (format.isEmpty() ? "" : " [csv]"), Kind.TENANT, (w, s) -> new Req("GET",
                    s.base() + "/chargeback?month=" + FutureYear.text("YYYY-02") + format, null));
        }
        for (String format : List.of("", "&format=json")) {
            row(rows, "GET ~/exports/focus" + (format.isEmpty() ? "" : " [json]"), Kind.TENANT, (w, s) -> new Req("GET",
                    s.base() + "/exports/focus?month=" + FutureYear.text("YYYY-02") + format, null));
        }
        row(rows, "POST ~/reconciliations", Kind.TENANT, (w, s) -> new Req("POST", s.base() + "/reconciliations?format=openai&month="
                + FutureYear.text("YYYY-02"), INVOICE));
        row(rows, "GET ~/reconciliations", Kind.TENANT, (w, s) -> new Req("GET", s.base() + "/reconciliations?limit=100", null));
        row(rows, "GET ~/reconciliations/{reconciliationId}", Kind.TENANT, (w, s) -> new Req("GET",
                s.base() + "/reconciliations/" + RECONCILIATIONS.get(s.tenantId()), null));
        row(rows, "POST ~/rollups/run", Kind.TENANT, (w, s) -> new Req("POST", s.base() + "/rollups/run", null));
        row(rows, "GET ~/audit", Kind.TENANT, (w, s) -> new Req("GET", s.base() + "/audit?limit=100", null));
        return rows;
    }

    private static Map<String, Row> singleRows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        Scope own = SCOPES.get(Target.OWN);
        String b = own.base();
        row(rows, "GET ~/users/{userId} [self]", Kind.DEPARTMENT, (w, s) -> new Req("GET", b + "/users/" + USER_IDS.get(w), null));
        row(rows, "PATCH ~/users/{userId} [self]", Kind.DEPARTMENT, (w, s) -> new Req("PATCH", b + "/users/" + USER_IDS.get(w),
                "{\"name\":\"" + w + " caller\"}"));
        row(rows, "GET ~/users [unfiltered]", Kind.TENANT, (w, s) -> new Req("GET", b + "/users?limit=100", null));
        row(rows, "GET ~/keys [own]", Kind.DEPARTMENT, (w, s) -> new Req("GET", b + "/keys?limit=100&userId=" + USER_IDS.get(w), null));
        row(rows, "GET ~/keys/{keyId} [own]", Kind.DEPARTMENT, (w, s) -> new Req("GET", b + "/keys/" + ownKey(w), null));
        row(rows, "PATCH ~/keys/{keyId} [own, name]", Kind.DEPARTMENT, (w, s) -> new Req("PATCH", b + "/keys/" + ownKey(w), "{\"name\":\"mine\"}"));
        row(rows, "PATCH ~/keys/{keyId} [own, allowedModels]", Kind.DEPARTMENT, (w, s) -> new Req("PATCH", b + "/keys/" + ownKey(w),
                "{\"allowedModels\":[\"*\"]}"));
        row(rows, "POST ~/keys/{keyId}/revoke [own]", Kind.DEPARTMENT, (w, s) -> new Req("POST", b + "/keys/" + ownKey(w) + "/revoke", null));
        row(rows, "POST ~/keys/{keyId}/rotate [own]", Kind.DEPARTMENT, (w, s) -> new Req("POST", b + "/keys/" + ownKey(w) + "/rotate", null));
        row(rows, "POST ~/keys [own app key]", Kind.DEPARTMENT, (w, s) -> new Req("POST", b + "/keys",
                "{\"userId\":\"" + USER_IDS.get(w) + "\",\"projectId\":\"" + own.projectId() + "\",\"name\":\"mine\"}"));
        row(rows, "POST ~/keys [own admin key]", Kind.DEPARTMENT, (w, s) -> new Req("POST", b + "/keys",
                "{\"userId\":\"" + USER_IDS.get(w) + "\",\"type\":\"admin\",\"name\":\"mine\"}"));
        row(rows, "GET ~/budgets/{scope}/{scopeId} [own user]", Kind.DEPARTMENT, (w, s) -> new Req("GET",
                b + "/budgets/user/" + USER_IDS.get(w), null));
        row(rows, "GET ~/budgets/{scope}/{scopeId} [own key]", Kind.DEPARTMENT, (w, s) -> {
            String key = ownKey(w);
            f.budget(tenantA, "key", key);
            return new Req("GET", b + "/budgets/key/" + key, null);
        });
        row(rows, "PUT ~/budgets/{scope}/{scopeId} [own user]", Kind.DEPARTMENT, (w, s) -> new Req("PUT",
                b + "/budgets/user/" + USER_IDS.get(w), "{\"monthlyUsd\":1000}"));
        row(rows, "PUT ~/budgets/{scope}/{scopeId} [own key]", Kind.DEPARTMENT, (w, s) -> new Req("PUT",
                b + "/budgets/key/" + ownKey(w), "{\"monthlyUsd\":1000}"));
        row(rows, "GET ~/policies/{scope}/{scopeId} [own user]", Kind.DEPARTMENT, (w, s) -> {
            f.policy(tenantA, "user", USER_IDS.get(w));
            return new Req("GET", b + "/policies/user/" + USER_IDS.get(w), null);
        });
        row(rows, "PUT ~/policies/{scope}/{scopeId} [own user]", Kind.DEPARTMENT, (w, s) -> new Req("PUT",
                b + "/policies/user/" + USER_IDS.get(w), "{}"));
        row(rows, "PATCH ~ [selfServiceKeys]", Kind.TENANT, (w, s) -> new Req("PATCH", b, "{\"selfServiceKeys\":true}"));
        for (String role : List.of("tenant_admin", "finance", "department_admin")) {
            row(rows, "POST ~/users [" + role + " in department 1]", Kind.DEPARTMENT, (w, s) -> new Req("POST", b + "/users",
                    "{\"email\":\"r-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com\",\"name\":\"new " + role
                            + "\",\"role\":\"" + role + "\",\"departmentId\":\"" + own.departmentId() + "\"}"));
        }
        row(rows, "PATCH ~/users/{userId} [member of dept 1 → tenant_admin]", Kind.DEPARTMENT, (w, s) -> new Req("PATCH",
                b + "/users/" + freshMember(own), "{\"role\":\"tenant_admin\"}"));
        row(rows, "PATCH ~/users/{userId} [member of dept 1 → dept 2]", Kind.DEPARTMENT, (w, s) -> new Req("PATCH",
                b + "/users/" + freshMember(own), "{\"departmentId\":\"" + SCOPES.get(Target.OTHER).departmentId() + "\"}"));
        row(rows, "PATCH ~/users/{userId} [tenant admin in dept 1]", Kind.DEPARTMENT, (w, s) -> new Req("PATCH",
                b + "/users/" + tenantAdminInDept1, "{\"name\":\"second tenant admin\"}"));
        row(rows, "DELETE ~/users/{userId} [tenant admin in dept 1]", Kind.DEPARTMENT, (w, s) -> new Req("DELETE",
                b + "/users/" + user(tenantA, own.departmentId(), "tenant_admin", "doomed tenant admin"), null));
        row(rows, "GET ~/users/{userId} [tenant admin in dept 1]", Kind.DEPARTMENT, (w, s) -> new Req("GET",
                b + "/users/" + tenantAdminInDept1, null));
        row(rows, "POST ~/keys [admin key for member of dept 1]", Kind.DEPARTMENT, (w, s) -> new Req("POST", b + "/keys",
                "{\"userId\":\"" + own.userId() + "\",\"type\":\"admin\",\"name\":\"for a member\"}"));
        row(rows, "POST ~/keys [dept 1 member, dept 2 project]", Kind.DEPARTMENT, (w, s) -> new Req("POST", b + "/keys",
                "{\"userId\":\"" + own.userId() + "\",\"projectId\":\"" + SCOPES.get(Target.OTHER).projectId() + "\",\"name\":\"cross\"}"));
        row(rows, "POST ~/keys/{keyId}/rotate [tenant admin's key in dept 1]", Kind.DEPARTMENT, (w, s) -> new Req("POST",
                b + "/keys/" + tenantAdminInDept1Key + "/rotate", null));
        String other = SCOPES.get(Target.OTHER).departmentId();
        row(rows, "GET ~/analytics/spend [departmentId = dept 1]", Kind.DEPARTMENT, (w, s) -> new Req("GET",
                b + "/analytics/spend?groupBy=key&departmentId=" + own.departmentId(), null));
        row(rows, "GET ~/analytics/spend [departmentId = dept 2]", Kind.DEPARTMENT, (w, s) -> new Req("GET",
                b + "/analytics/spend?groupBy=key&departmentId=" + other, null));
        row(rows, "GET ~/analytics/top-users [departmentId = dept 2]", Kind.DEPARTMENT, (w, s) -> new Req("GET",
                b + "/analytics/top-users?departmentId=" + other, null));
        row(rows, "GET ~/analytics/keys [departmentId = dept 2]", Kind.DEPARTMENT, (w, s) -> new Req("GET",
                b + "/analytics/keys?departmentId=" + other, null));
        return rows;
    }

    /** Sets one level's thing of a tenant (a budget, a policy, a routing policy) through the fixtures. */
    interface LevelSeed {
        void set(String tenantId, String scope, String scopeId);
    }

    /**
     * GET, PUT and DELETE {@code ~/<resource>/{scope}/{scopeId}} for each level: tenant rows are
     * tenant-wide, the others department-bound; GET and DELETE first set the level's thing with {@code seed}.
     */
    private static void levelRows(Map<String, Row> rows, String resource, List<String> scopes, LevelSeed seed, String putBody) {
        for (String scope : scopes) {
            Kind kind = scope.equals("tenant") ? Kind.TENANT : Kind.DEPARTMENT;
            String route = " ~/" + resource + "/{scope}/{scopeId} [" + scope + "]";
            row(rows, "GET" + route, kind, (w, s) -> {
                seed.set(s.tenantId(), scope, scopeId(s, scope));
                return new Req("GET", s.base() + "/" + resource + "/" + scope + "/" + scopeId(s, scope), null);
            });
            row(rows, "PUT" + route, kind, (w, s) ->
                    new Req("PUT", s.base() + "/" + resource + "/" + scope + "/" + scopeId(s, scope), putBody));
            row(rows, "DELETE" + route, kind, (w, s) -> {
                seed.set(s.tenantId(), scope, scopeId(s, scope));
                return new Req("DELETE", s.base() + "/" + resource + "/" + scope + "/" + scopeId(s, scope), null);
            });
        }
    }

    private static void row(Map<String, Row> rows, String name, Kind kind, Builder builder) {
        String spec = name.contains(" [") ? name.substring(0, name.indexOf(" [")) : name;
        String[] parts = spec.split(" ", 2);
        Route route = new Route(parts[0], parts[1].replace("~", T));
        if (rows.put(name, new Row(name, route, kind, builder)) != null) {
            throw new IllegalStateException("two rows " + name);
        }
    }

    /** name → caller → outcomes (one per target, or a single one). */
    private static Map<String, Map<Who, List<String>>> parse(String table, int perCaller) {
        Map<String, Map<Who, List<String>>> expected = new LinkedHashMap<>();
        for (String line : table.strip().split("\n")) {
            String[] cells = line.split("\\|");
            assertThat(cells).as(line).hasSize(6);
            Map<Who, List<String>> byCaller = new EnumMap<>(Who.class);
            for (Who who : Who.values()) {
                List<String> outcomes = List.of(cells[who.ordinal() + 1].strip().split("\\s+"));
                assertThat(outcomes).as(line).hasSize(perCaller).allMatch(o -> o.matches("ok|400|403|404|-"));
                byCaller.put(who, outcomes);
            }
            assertThat(expected.put(cells[0].strip(), byCaller)).as("duplicate row " + cells[0]).isNull();
        }
        return expected;
    }

    @Test
    void theTableCoversEveryRouteAndKeepsTheInvariants() {
        Map<String, Map<Who, List<String>>> expected = parse(EXPECTED, 3);
        Map<String, Row> rows = rows();
        assertThat(expected.keySet()).as("rows with an expectation = rows with a request").containsExactlyInAnyOrderElementsOf(rows.keySet());
        Set<Route> covered = new HashSet<>();
        rows.values().forEach(r -> covered.add(r.route()));
        assertThat(AdminRoutes.ALL).containsAll(covered);
        assertThat(covered).as("every route of AdminRoutes needs rows in EXPECTED").containsAll(AdminRoutes.ALL);

        for (Row row : rows.values()) {
            Map<Who, List<String>> cells = expected.get(row.name());
            assertThat(cells.get(Who.PL)).as(row.name() + ": the platform may do everything").containsOnly("ok");
            if (row.kind() != Kind.PLATFORM) {
                for (Who who : List.of(Who.TA, Who.DA, Who.FI, Who.ME)) {
                    assertThat(cells.get(who).get(Target.FOREIGN.ordinal())).as(row.name() + ": another tenant is 404 for " + who)
                            .isEqualTo("404");
                }
            }
            // a reconciliation changes nothing in the tenant's accounts: it is a finance report that is kept (docs/finops.md)
            if (!row.route().method().equals("GET") && !row.route().equals(AdminRoutes.CREATE_RECONCILIATION)) {
                assertThat(cells.get(Who.FI).subList(0, 2)).as(row.name() + ": finance writes nothing").containsOnly("403");
            }
            if (row.kind() == Kind.DEPARTMENT) {
                for (Who who : List.of(Who.DA, Who.ME)) {
                    assertThat(cells.get(who).get(Target.OTHER.ordinal())).as(row.name() + ": another department is refused to " + who)
                            .isIn("403", "404");
                }
            }
        }
        Map<String, Map<Who, List<String>>> single = parse(EXPECTED_SINGLE, 1);
        assertThat(single.keySet()).containsExactlyInAnyOrderElementsOf(singleRows().keySet());
        singleRows().values().forEach(r -> {
            assertThat(AdminRoutes.ALL).contains(r.route());
            if (!r.route().method().equals("GET")) {
                assertThat(single.get(r.name()).get(Who.FI)).as(r.name() + ": finance writes nothing").containsOnly("403");
            }
        });
    }

    @Test
    void everyRouteEveryCallerEveryTarget() {
        Map<String, Map<Who, List<String>>> expected = parse(EXPECTED, 3);
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (Row row : rows().values()) {
            for (Who who : Who.values()) {
                for (Target target : Target.values()) {
                    String outcome = expected.get(row.name()).get(who).get(target.ordinal());
                    Req req = row.builder().build(who, SCOPES.get(target));
                    Reply reply = send(who, req);
                    cases++;
                    String where = row.name() + " × " + who + " × " + target + " (" + req.method() + " " + req.path() + ")";
                    check(failures, where, outcome, reply);
                    checkNoLeaks(failures, where, who, reply);
                    if (target == Target.FOREIGN && who != Who.PL && row.kind() != Kind.PLATFORM) {
                        checkLooksMissing(failures, where, who, req, reply);
                    }
                }
            }
        }
        Map<String, Map<Who, List<String>>> single = parse(EXPECTED_SINGLE, 1);
        for (Row row : singleRows().values()) {
            for (Who who : Who.values()) {
                String outcome = single.get(row.name()).get(who).getFirst();
                if (outcome.equals("-")) {
                    continue;
                }
                Req req = row.builder().build(who, SCOPES.get(Target.OWN));
                Reply reply = send(who, req);
                cases++;
                String where = row.name() + " × " + who + " (" + req.method() + " " + req.path() + ")";
                check(failures, where, outcome, reply);
                checkNoLeaks(failures, where, who, reply);
            }
        }
        assertThat(failures).as(failures.size() + " of " + cases + " cases differ:\n" + String.join("\n", failures)).isEmpty();
        assertThat(cases).isGreaterThan(800);
    }

    private static Reply send(Who who, Req req) {
        return who == Who.PL ? h.platform(req.method(), req.path(), req.body()) : h.as(SECRETS.get(who), req.method(), req.path(), req.body());
    }

    private static void check(List<String> failures, String where, String outcome, Reply reply) {
        boolean matches = switch (outcome) {
            case "ok" -> reply.status() >= 200 && reply.status() < 300;
            case "400" -> reply.status() == 400 && reply.errorCode().equals("invalid_request");
            case "403" -> reply.status() == 403 && reply.errorCode().equals("permission_denied");
            case "404" -> reply.status() == 404 && reply.errorCode().equals("not_found");
            default -> false;
        };
        if (!matches) {
            failures.add(where + ": expected " + outcome + ", got " + reply);
        }
    }

    /** Department admins and members never get anything of department 2; tenant users never anything of tenant B. */
    private static void checkNoLeaks(List<String> failures, String where, Who who, Reply reply) {
        if (who == Who.PL) {
            return;
        }
        if (reply.status() < 300) {
            List<String> leaked = new ArrayList<>();
            FOREIGN.stream().filter(reply.text()::contains).forEach(leaked::add);
            if (reply.text().contains("FOREIGN")) {
                leaked.add("FOREIGN");
            }
            if (who == Who.DA || who == Who.ME) {
                OTHER_DEPARTMENT.stream().filter(reply.text()::contains).forEach(leaked::add);
                if (reply.text().contains("OTHERDEPT")) {
                    leaked.add("OTHERDEPT");
                }
            }
            if (!leaked.isEmpty()) {
                failures.add(where + ": answer contains " + leaked + ": " + reply.text());
            }
        }
    }

    /** Another tenant answers exactly as a tenant that does not exist: same status, headers aside, same body. */
    private static void checkLooksMissing(List<String> failures, String where, Who who, Req req, Reply reply) {
        String missing = "zz-missing-" + UUID.randomUUID().toString().substring(0, 8);
        Req probe = new Req(req.method(), req.path().replace(tenantB, missing), req.body());
        Reply absent = send(who, probe);
        String normalised = absent.text().replace(missing, tenantB);
        if (absent.status() != reply.status() || !normalised.equals(reply.text())) {
            failures.add(where + ": another tenant answers " + reply + " but a missing one " + absent);
        }
        if (reply.text().contains("FOREIGN")) {
            failures.add(where + ": the 404 names tenant B's data: " + reply.text());
        }
    }

}
