package com.gaterouter.router.testing;

import com.gaterouter.common.accounts.AccountEntity;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.AuditQuery;
import com.gaterouter.common.accounts.Budget;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.ScopeChain;
import com.gaterouter.common.accounts.RoutingPolicy;
import com.gaterouter.common.accounts.ScopePolicy;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.User;
import com.gaterouter.router.auth.Caller;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Accounts for router unit tests: app keys, scope chains and an in-memory store of the two reads the router makes. */
public final class TestAccounts {

    public static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    public static final String TENANT = "t1";
    public static final String DEPARTMENT = "d1";
    public static final String PROJECT = "p1";

    private TestAccounts() {
    }

    public static ModelPolicy allow(String... entries) {
        return new ModelPolicy(Set.of(entries), Set.of());
    }

    public static ModelPolicy deny(String... entries) {
        return new ModelPolicy(Set.of(), Set.of(entries));
    }

    /** An active app key of {@link #TENANT}/{@link #DEPARTMENT}/{@link #PROJECT}. */
    public static ApiKeyRecord appKey(String keyHash, String keyId, ModelPolicy models) {
        return new ApiKeyRecord(keyHash, keyId, "test key", KeyType.APP, TENANT, "u1", Optional.of(DEPARTMENT),
                Optional.of(PROJECT), KeyStatus.ACTIVE, T0, Optional.empty(), Optional.empty(), models);
    }

    /** An active tenant, department and project, each with the given policy ({@code null} = no policy item). */
    public static ScopeChain chain(ModelPolicy tenant, ModelPolicy department, ModelPolicy project) {
        return chain(EntityStatus.ACTIVE, EntityStatus.ACTIVE, EntityStatus.ACTIVE, tenant, department, project);
    }

    public static ScopeChain chain(EntityStatus tenant, EntityStatus department, EntityStatus project,
                                   ModelPolicy tenantPolicy, ModelPolicy departmentPolicy, ModelPolicy projectPolicy) {
        return new ScopeChain(
                Optional.of(new Tenant(TENANT, "Tenant", ZoneOffset.UTC, tenant, T0, T0, 1)),
                Optional.of(new Department(TENANT, DEPARTMENT, "Dept", department, T0, T0, 1)),
                Optional.of(new Project(TENANT, PROJECT, DEPARTMENT, "Proj", project, T0, T0, 1)),
                policy(PolicyScope.TENANT, TENANT, tenantPolicy),
                policy(PolicyScope.DEPARTMENT, DEPARTMENT, departmentPolicy),
                policy(PolicyScope.PROJECT, PROJECT, projectPolicy));
    }

    private static Optional<ScopePolicy> policy(PolicyScope scope, String id, ModelPolicy models) {
        return Optional.ofNullable(models).map(m -> new ScopePolicy(TENANT, scope, id, m, T0, T0, 1));
    }

    /** A caller whose access is tenant ∩ department ∩ project ∩ key. */
    public static Caller caller(ModelPolicy key, ModelPolicy tenant, ModelPolicy department, ModelPolicy project) {
        ApiKeyRecord record = appKey("hash", "key_1", key);
        return new Caller(record, chain(tenant, department, project).accessFor(record));
    }

    /** A caller that may use every model. */
    public static Caller unrestricted() {
        return caller(ModelPolicy.UNRESTRICTED, null, null, null);
    }

    /**
     * The router's account reads: scope chains (set per project, default: all active, no
     * policies), tenants (those of the chains) and key touches, recorded. Everything else is the admin API's and unsupported here.
     */
    public static final class InMemoryAccounts implements AccountStore {
        public final Map<String, ScopeChain> chains = new ConcurrentHashMap<>();
        public final AtomicInteger chainReads = new AtomicInteger();
        public final AtomicInteger tenantReads = new AtomicInteger();
        public final List<String> touches = new CopyOnWriteArrayList<>();
        public volatile RuntimeException touchFailure;
        public volatile RuntimeException tenantReadFailure;

        public InMemoryAccounts put(String tenantId, String departmentId, String projectId, ScopeChain chain) {
            chains.put(tenantId + "/" + departmentId + "/" + projectId, chain);
            return this;
        }

        @Override
        public ScopeChain scopeChain(String tenantId, String departmentId, String projectId, String userId, String keyId) {
            chainReads.incrementAndGet();
            return chains.getOrDefault(tenantId + "/" + departmentId + "/" + projectId, chain(null, null, null));
        }

        @Override
        public void touchKey(String tenantId, String keyId, Instant usedAt) {
            if (touchFailure != null) {
                throw touchFailure;
            }
            touches.add(tenantId + "/" + keyId + "@" + usedAt);
        }

        private static UnsupportedOperationException unsupported() {
            return new UnsupportedOperationException("not a router read");
        }

        @Override public boolean isPlatformAdminKey(String keyHash) { throw unsupported(); }
        @Override public void replacePlatformAdminKey(String keyHash, java.time.Instant createdAt) { throw unsupported(); }
        /** The tenant of the chains put here (the default chain's active tenant for {@link #TENANT}). */
        @Override
        public Optional<Tenant> findTenant(String tenantId) {
            tenantReads.incrementAndGet();
            if (tenantReadFailure != null) {
                throw tenantReadFailure;
            }
            return chains.values().stream().flatMap(c -> c.tenant().stream()).filter(t -> t.tenantId().equals(tenantId)).findFirst()
                    .or(() -> chain(null, null, null).tenant().filter(t -> t.tenantId().equals(tenantId)));
        }
        @Override public Page<Tenant> listTenants(PageRequest page) { throw unsupported(); }
        @Override public Optional<Department> findDepartment(String tenantId, String departmentId) { throw unsupported(); }
        @Override public Page<Department> listDepartments(String tenantId, PageRequest page, Predicate<Department> filter) { throw unsupported(); }
        @Override public Optional<Project> findProject(String tenantId, String projectId) { throw unsupported(); }
        @Override public Page<Project> listProjects(String tenantId, PageRequest page, Predicate<Project> filter) { throw unsupported(); }
        @Override public Optional<User> findUser(String tenantId, String userId) { throw unsupported(); }
        @Override public Page<User> listUsers(String tenantId, PageRequest page, Predicate<User> filter) { throw unsupported(); }
        @Override public Optional<ManagedKey> findKey(String tenantId, String keyId) { throw unsupported(); }
        @Override public Page<ManagedKey> listKeys(String tenantId, PageRequest page, Predicate<ManagedKey> filter) { throw unsupported(); }
        @Override public Optional<Budget> findBudget(String tenantId, BudgetScope scope, String scopeId) { throw unsupported(); }
        @Override public Page<Budget> listBudgets(String tenantId, PageRequest page, Predicate<Budget> filter) { throw unsupported(); }
        @Override public Optional<ScopePolicy> findPolicy(String tenantId, PolicyScope scope, String scopeId) { throw unsupported(); }
        @Override public Page<ScopePolicy> listPolicies(String tenantId, PageRequest page, Predicate<ScopePolicy> filter) { throw unsupported(); }
        @Override public Optional<RoutingPolicy> findRoutingPolicy(String tenantId, PolicyScope scope, String scopeId) { throw unsupported(); }
        @Override public Page<RoutingPolicy> listRoutingPolicies(String tenantId, PageRequest page, Predicate<RoutingPolicy> filter) { throw unsupported(); }
        @Override public Page<AuditEntry> audit(String tenantId, AuditQuery query, PageRequest page) { throw unsupported(); }
        @Override public Optional<com.gaterouter.common.accounts.TenantPricing> findPricing(String tenantId) { throw unsupported(); }
        @Override public Optional<com.gaterouter.common.accounts.TenantPricing> findPricingVersion(String tenantId, long version) { throw unsupported(); }
        @Override public void insertAll(java.util.List<Insertion> insertions) { throw unsupported(); }
        @Override public void replace(AccountEntity updated, AuditEntry audit) { throw unsupported(); }
        @Override public void delete(AccountEntity current, AuditEntry audit) { throw unsupported(); }
    }
}
