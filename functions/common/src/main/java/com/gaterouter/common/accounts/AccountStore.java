package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Port: the accounts of every tenant (one partition each) and the platform's credentials.
 *
 * <p>Writes are generic over {@link AccountEntity} and always carry their {@link AuditEntry}: the
 * adapter writes the change and its entry in one transaction, together with whatever the entity
 * implies (a tenant's registry entry, a user's email claim, a key's ApiKeys projection) and checks
 * that parents are active. Lists are newest-last by id except the audit log (newest first); a
 * {@code filter} is applied before paging, so a page holds {@code limit} matches unless the list ends
 * (the audit log's {@link AuditQuery} is the exception: see {@link #audit(String, AuditQuery, PageRequest)}).
 */
public interface AccountStore {

    /** Whether {@code keyHash} is the SHA-256 of a platform admin key (the local bootstrap key). */
    boolean isPlatformAdminKey(String keyHash);

    /**
     * Makes {@code keyHash} the only platform admin key (the local gateway's bootstrap key, one per
     * start): the new key is recorded first, then every other one is removed, so there is no moment
     * with none.
     */
    void replacePlatformAdminKey(String keyHash, Instant createdAt);

    Optional<Tenant> findTenant(String tenantId);

    Page<Tenant> listTenants(PageRequest page);

    Optional<Department> findDepartment(String tenantId, String departmentId);

    Page<Department> listDepartments(String tenantId, PageRequest page, Predicate<Department> filter);

    Optional<Project> findProject(String tenantId, String projectId);

    Page<Project> listProjects(String tenantId, PageRequest page, Predicate<Project> filter);

    Optional<User> findUser(String tenantId, String userId);

    Page<User> listUsers(String tenantId, PageRequest page, Predicate<User> filter);

    Optional<ManagedKey> findKey(String tenantId, String keyId);

    Page<ManagedKey> listKeys(String tenantId, PageRequest page, Predicate<ManagedKey> filter);

    Optional<Budget> findBudget(String tenantId, BudgetScope scope, String scopeId);

    Page<Budget> listBudgets(String tenantId, PageRequest page, Predicate<Budget> filter);

    Optional<ScopePolicy> findPolicy(String tenantId, PolicyScope scope, String scopeId);

    Page<ScopePolicy> listPolicies(String tenantId, PageRequest page, Predicate<ScopePolicy> filter);

    Optional<RoutingPolicy> findRoutingPolicy(String tenantId, PolicyScope scope, String scopeId);

    Page<RoutingPolicy> listRoutingPolicies(String tenantId, PageRequest page, Predicate<RoutingPolicy> filter);

    /** The tenant's pricing (discount and per-model price overrides); empty: the tenant pays list prices. */
    Optional<TenantPricing> findPricing(String tenantId);

    /**
     * Version {@code version} of the tenant's pricing as it was written: every version is kept (the
     * versioned price table re-pricing reads); empty when the tenant never had that version.
     */
    Optional<TenantPricing> findPricingVersion(String tenantId, long version);

    /**
     * The entries of the tenant's audit log that {@code query} selects ({@link AuditQuery#matches}),
     * newest first. Unlike the other lists, a page may hold fewer than {@code limit} entries (even
     * none) while a {@code nextToken} says more may follow: an adapter bounds how much of the log one
     * page reads. When no more entries match, {@code nextToken} is empty, so an empty page with a
     * token is never the end of the list. A token is only meaningful with the query that produced it.
     */
    Page<AuditEntry> audit(String tenantId, AuditQuery query, PageRequest page);

    /** The tenant's whole audit log, newest first. */
    default Page<AuditEntry> audit(String tenantId, PageRequest page) {
        return audit(tenantId, AuditQuery.all(), page);
    }

    /**
     * Tenant, department, project, their policies, the tenant's pricing and the budgets of the
     * tenant, department, project, user and key in one read (the router's per-key context). A {@code null} id skips
     * that scope.
     */
    ScopeChain scopeChain(String tenantId, String departmentId, String projectId, String userId, String keyId);

    /** {@link #scopeChain(String, String, String, String, String)} without user and key budgets. */
    default ScopeChain scopeChain(String tenantId, String departmentId, String projectId) {
        return scopeChain(tenantId, departmentId, projectId, null, null);
    }

    /**
     * Creates {@code entity}, which must have version 1, with its audit entry.
     *
     * @throws WriteRejectedException ALREADY_EXISTS, or PARENT_INACTIVE when it would hang under
     *                                something missing or archived
     */
    default void insert(AccountEntity entity, AuditEntry audit) {
        insertAll(List.of(new Insertion(entity, audit)));
    }

    /** A new entity and the audit entry that records its creation. */
    record Insertion(AccountEntity entity, AuditEntry audit) {
        public Insertion {
            Objects.requireNonNull(entity, "entity");
            Objects.requireNonNull(audit, "audit");
        }
    }

    /**
     * Creates several entities of one tenant in one transaction, all or none: a tenant with its
     * first admin and their key, a key with its budget. A parent created in the same call counts
     * as active for the ones after it.
     *
     * @throws WriteRejectedException as {@link #insert}
     */
    void insertAll(List<Insertion> insertions);

    /**
     * Replaces the stored entity with {@code updated}, whose version must be the stored version + 1.
     *
     * @throws WriteRejectedException VERSION_MISMATCH when the stored version is not {@code updated.version() - 1}
     */
    void replace(AccountEntity updated, AuditEntry audit);

    /**
     * Deletes {@code current} (budgets and policies; everything else is archived, not deleted).
     *
     * @throws WriteRejectedException VERSION_MISMATCH when the stored version is not {@code current.version()}
     */
    void delete(AccountEntity current, AuditEntry audit);

    /** Records that a key was used; never changes its version. Missing keys are ignored. */
    void touchKey(String tenantId, String keyId, Instant usedAt);
}
