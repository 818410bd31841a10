package com.gaterouter.rollup.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gaterouter.common.accounts.AccountEntity;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.Budget;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.Limits;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.Tenant;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** Writes a tenant and what hangs under it through the real account store, with audit entries as the admin API would. */
public final class AccountsFixture {

    public static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AccountStore store;

    public AccountsFixture(AccountStore store) {
        this.store = store;
    }

    public static String id(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public Tenant tenant(String tenantId, String name, ZoneId zone) {
        Tenant tenant = new Tenant(tenantId, name, zone, EntityStatus.ACTIVE, T0, T0, 1);
        insert(tenant);
        return tenant;
    }

    public Department department(String tenantId, String departmentId, String name) {
        Department department = new Department(tenantId, departmentId, name, EntityStatus.ACTIVE, T0, T0, 1);
        insert(department);
        return department;
    }

    public Project project(String tenantId, String projectId, String departmentId, String name) {
        Project project = new Project(tenantId, projectId, departmentId, name, EntityStatus.ACTIVE, T0, T0, 1);
        insert(project);
        return project;
    }

    /** A budget with a monthly and optionally a daily USD limit (0 = none). */
    public Budget budget(String tenantId, BudgetScope scope, String scopeId, long monthlyUsdMicros, long dailyUsdMicros,
            List<Integer> thresholds, List<String> recipients) {
        return budget(tenantId, scope, scopeId, monthlyUsdMicros, dailyUsdMicros, thresholds, recipients, List.of());
    }

    public Budget budget(String tenantId, BudgetScope scope, String scopeId, long monthlyUsdMicros, long dailyUsdMicros,
            List<Integer> thresholds, List<String> recipients, List<String> escalation) {
        Limits limits = new Limits(monthlyUsdMicros > 0 ? OptionalLong.of(monthlyUsdMicros) : OptionalLong.empty(),
                dailyUsdMicros > 0 ? OptionalLong.of(dailyUsdMicros) : OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
        Budget budget = new Budget(tenantId, scope, scopeId, limits, thresholds, recipients, escalation, T0, T0, 1);
        insert(budget);
        return budget;
    }

    private void insert(AccountEntity entity) {
        store.insert(entity, new AuditEntry(entity.tenantId(), id("aud"), T0, new Actor(Actor.Kind.PLATFORM, "test", Optional.empty()),
                entity.ref().kind().wireName() + ".create", entity.ref(), Optional.empty(),
                Optional.of(JSON.createObjectNode().put("id", entity.ref().id())), id("req")));
    }
}
