package com.gaterouter.local;

import com.gaterouter.common.accounts.AccountEntity;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.ApiKeyStore;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.KeySecret;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.User;
import com.gaterouter.common.accounts.WriteRejectedException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The demo tenant every local gateway starts with: tenant {@code demo} with one department,
 * project and user, and an app key for that user. It is written through the same store, with the
 * same audit entries, as anything the admin API creates. Seeding is idempotent, so a persisted
 * data directory keeps its data and a fixed GATEROUTER_DEMO_API_KEY keeps working across restarts.
 */
public final class DemoTenant {

    public static final String TENANT_ID = "demo";
    public static final String DEPARTMENT_ID = "dept_demo";
    public static final String PROJECT_ID = "proj_demo";
    public static final String USER_ID = "user_demo";

    private static final Actor SEEDER = new Actor(Actor.Kind.SYSTEM, "local-gateway-seed", Optional.empty());

    private DemoTenant() {
    }

    /** Seeds the accounts and an app key whose secret is {@code secret}; returns the key's public id. */
    public static String seed(AccountStore accounts, ApiKeyStore keys, String secret, Instant now) {
        insertIfAbsent(accounts, new Tenant(TENANT_ID, "Demo Corp", ZoneOffset.UTC, EntityStatus.ACTIVE, now, now, 1), now);
        insertIfAbsent(accounts, new Department(TENANT_ID, DEPARTMENT_ID, "Engineering", EntityStatus.ACTIVE, now, now, 1), now);
        insertIfAbsent(accounts, new Project(TENANT_ID, PROJECT_ID, DEPARTMENT_ID, "Demo app", EntityStatus.ACTIVE, now, now, 1), now);
        insertIfAbsent(accounts, new User(TENANT_ID, USER_ID, "demo@example.com", "Demo User", Optional.of(DEPARTMENT_ID),
                Role.MEMBER, EntityStatus.ACTIVE, now, now, 1), now);

        String hash = ApiKeySecrets.hash(secret);
        var existing = keys.findByHash(hash);
        if (existing.isPresent()) {
            return existing.get().keyId();
        }
        String keyId = ApiKeySecrets.newKeyId();
        insertIfAbsent(accounts, new ManagedKey(TENANT_ID, keyId, "demo key", KeyType.APP, USER_ID, Optional.of(DEPARTMENT_ID),
                Optional.of(PROJECT_ID), KeyStatus.ACTIVE, ModelPolicy.UNRESTRICTED, List.of(new KeySecret(hash, Optional.empty())),
                now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), now, 1), now);
        return keyId;
    }

    private static void insertIfAbsent(AccountStore accounts, AccountEntity entity, Instant now) {
        var audit = new AuditEntry(TENANT_ID, UUID.randomUUID().toString(), now, SEEDER,
                entity.ref().kind().wireName() + ".create", entity.ref(), Optional.empty(), Optional.empty(), "local-seed");
        try {
            accounts.insert(entity, audit);
        } catch (WriteRejectedException e) {
            if (e.reason() != WriteRejectedException.Reason.ALREADY_EXISTS) {
                throw e;
            }
            // a persisted data dir from an earlier run
        }
    }
}
