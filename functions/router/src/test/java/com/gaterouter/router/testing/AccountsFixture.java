package com.gaterouter.router.testing;

import com.gaterouter.common.accounts.AccountEntity;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.KeySecret;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.accounts.ScopePolicy;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.User;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes accounts for store-backed router tests through the real {@link AccountStore}, as the admin
 * API would (each change with its audit entry, keys with their ApiKeys projection): a tenant with
 * one department {@code d1}, project {@code p1} and user {@code u1}.
 */
public final class AccountsFixture {

    public static final String DEPARTMENT = "d1";
    public static final String PROJECT = "p1";
    public static final String USER = "u1";

    private static final Actor TEST = new Actor(Actor.Kind.SYSTEM, "router-test", Optional.empty());

    private final AccountStore accounts;
    private final String tenantId;
    private final Instant now = Instant.now();

    /** Creates the tenant, its department, project and user. */
    public AccountsFixture(AccountStore accounts, String tenantId) {
        this.accounts = accounts;
        this.tenantId = tenantId;
        insert(new Tenant(tenantId, "Tenant " + tenantId, ZoneOffset.UTC, EntityStatus.ACTIVE, now, now, 1));
        insert(new Department(tenantId, DEPARTMENT, "Engineering", EntityStatus.ACTIVE, now, now, 1));
        insert(new Project(tenantId, PROJECT, DEPARTMENT, "App", EntityStatus.ACTIVE, now, now, 1));
        insert(new User(tenantId, USER, USER + "@example.com", "User", Optional.of(DEPARTMENT), Role.MEMBER, EntityStatus.ACTIVE,
                now, now, 1));
    }

    public String tenantId() {
        return tenantId;
    }

    /** A new app key of u1 in p1; returns its secret. */
    public String appKey(ModelPolicy models) {
        return key(KeyType.APP, models).secret();
    }

    public record CreatedKey(String keyId, String secret) {
    }

    public CreatedKey key(KeyType type, ModelPolicy models) {
        String secret = ApiKeySecrets.newSecret();
        String keyId = ApiKeySecrets.newKeyId();
        boolean app = type == KeyType.APP;
        insert(new ManagedKey(tenantId, keyId, "test key", type, USER, Optional.of(DEPARTMENT),
                app ? Optional.of(PROJECT) : Optional.empty(), KeyStatus.ACTIVE, models,
                List.of(new KeySecret(ApiKeySecrets.hash(secret), Optional.empty())),
                now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), now, 1));
        return new CreatedKey(keyId, secret);
    }

    /** A budget on {@code scope}/{@code scopeId} of this tenant. */
    public void budget(com.gaterouter.common.accounts.BudgetScope scope, String scopeId, com.gaterouter.common.accounts.Limits limits) {
        insert(new com.gaterouter.common.accounts.Budget(tenantId, scope, scopeId, limits,
                com.gaterouter.common.accounts.Budget.DEFAULT_THRESHOLDS, List.of(), now, now, 1));
    }

    public void policy(PolicyScope scope, ModelPolicy models) {
        String scopeId = switch (scope) {
            case TENANT -> tenantId;
            case DEPARTMENT -> DEPARTMENT;
            case PROJECT -> PROJECT;
            case USER -> USER;
        };
        insert(new ScopePolicy(tenantId, scope, scopeId, models, now, now, 1));
    }

    /** Archives p1 alone, without the admin API's cascade that would revoke its keys (to test the router's own check). */
    public void archiveProjectOnly() {
        Project project = accounts.findProject(tenantId, PROJECT).orElseThrow();
        replace(new Project(tenantId, PROJECT, project.departmentId(), project.name(), EntityStatus.ARCHIVED, project.createdAt(),
                Instant.now(), project.version() + 1), "project.archive");
    }

    /** Lets browser apps at these origins read the tenant's answers (CORS), as {@code PATCH …/tenants/{t}} would. */
    public void allowOrigins(String... origins) {
        Tenant t = accounts.findTenant(tenantId).orElseThrow();
        replace(new Tenant(tenantId, t.name(), t.timeZone(), t.status(), t.createdAt(), Instant.now(), t.version() + 1,
                com.gaterouter.common.accounts.AllowedOrigins.of(List.of(origins))), "tenant.update");
    }

    public void revoke(String keyId) {
        ManagedKey k = accounts.findKey(tenantId, keyId).orElseThrow();
        replace(new ManagedKey(k.tenantId(), k.keyId(), k.name(), k.type(), k.userId(), k.departmentId(), k.projectId(),
                KeyStatus.REVOKED, k.models(), k.secrets(), k.createdAt(), k.expiresAt(), k.rotatedAt(), Optional.of(Instant.now()),
                k.lastUsedAt(), Instant.now(), k.version() + 1), "key.revoke");
    }

    private void insert(AccountEntity entity) {
        accounts.insert(entity, audit(entity, entity.ref().kind().wireName() + ".create"));
    }

    private void replace(AccountEntity entity, String action) {
        accounts.replace(entity, audit(entity, action));
    }

    private AuditEntry audit(AccountEntity entity, String action) {
        return new AuditEntry(tenantId, UUID.randomUUID().toString(), Instant.now(), TEST, action, entity.ref(),
                Optional.empty(), Optional.empty(), "router-test");
    }
}
