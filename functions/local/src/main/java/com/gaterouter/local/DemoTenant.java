package com.gaterouter.local;

import com.gaterouter.common.accounts.AccountEntity;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.ApiKeyRecord;
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
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.User;
import com.gaterouter.common.accounts.WriteRejectedException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The demo tenant every local gateway starts with: tenant {@code demo} with one department,
 * project and user, and an app key for that user. It is written through the same store, with the
 * same audit entries, as anything the admin API creates. Seeding is idempotent for the accounts,
 * so a persisted data directory keeps its data; the demo app key is <em>replaced</em> at every
 * start: the key with this start's secret is the only demo key that works afterwards (the same
 * GATEROUTER_DEMO_API_KEY keeps its key; a new one, or a fresh random one, revokes the keys earlier
 * starts seeded). Keys people created for the demo user through the admin API are left alone: the
 * seed's keys are the ones it names {@value #KEY_NAME}.
 */
public final class DemoTenant {

    public static final String TENANT_ID = "demo";
    public static final String DEPARTMENT_ID = "dept_demo";
    public static final String PROJECT_ID = "proj_demo";
    public static final String USER_ID = "user_demo";
    /** The name of the key the seed creates; at each start, earlier such keys of the demo user are revoked. */
    public static final String KEY_NAME = "demo key";

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
        String keyId = keys.findByHash(hash).map(DemoTenant::reusable).orElseGet(() -> {
            String id = ApiKeySecrets.newKeyId();
            insertIfAbsent(accounts, new ManagedKey(TENANT_ID, id, KEY_NAME, KeyType.APP, USER_ID, Optional.of(DEPARTMENT_ID),
                    Optional.of(PROJECT_ID), KeyStatus.ACTIVE, ModelPolicy.UNRESTRICTED, List.of(new KeySecret(hash, Optional.empty())),
                    now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), now, 1), now);
            return id;
        });
        revokeEarlierSeedKeys(accounts, keyId, now);
        return keyId;
    }

    /** The id of the key that already has this start's secret, when it is a working demo key the seed made. */
    private static String reusable(ApiKeyRecord existing) {
        if (!isSeedKey(existing.tenantId(), existing.type(), existing.userId(), existing.projectId(), existing.name())) {
            throw new IllegalStateException("the demo app key's secret belongs to another key (" + existing.keyId()
                    + " of tenant " + existing.tenantId() + "); choose another GATEROUTER_DEMO_API_KEY");
        }
        if (existing.status() != KeyStatus.ACTIVE) {
            throw new IllegalStateException("the demo app key with this secret (" + existing.keyId() + ") was revoked; "
                    + "choose another GATEROUTER_DEMO_API_KEY, or leave it unset for a fresh key");
        }
        return existing.keyId();
    }

    private static boolean isSeedKey(String tenantId, KeyType type, String userId, Optional<String> projectId, String name) {
        return tenantId.equals(TENANT_ID) && type == KeyType.APP && userId.equals(USER_ID)
                && projectId.equals(Optional.of(PROJECT_ID)) && name.equals(KEY_NAME);
    }

    /** Revokes, with an audit entry, every active key an earlier start seeded other than {@code keepKeyId}. */
    private static void revokeEarlierSeedKeys(AccountStore accounts, String keepKeyId, Instant now) {
        Optional<String> next = Optional.empty();
        List<ManagedKey> earlier = new ArrayList<>();
        do {
            Page<ManagedKey> page = accounts.listKeys(TENANT_ID, new PageRequest(PageRequest.MAX_LIMIT, next),
                    k -> k.status() == KeyStatus.ACTIVE && !k.keyId().equals(keepKeyId)
                            && isSeedKey(k.tenantId(), k.type(), k.userId(), k.projectId(), k.name()));
            earlier.addAll(page.items());
            next = page.nextToken();
        } while (next.isPresent());
        for (ManagedKey k : earlier) {
            ManagedKey revoked = new ManagedKey(k.tenantId(), k.keyId(), k.name(), k.type(), k.userId(), k.departmentId(),
                    k.projectId(), KeyStatus.REVOKED, k.models(), k.secrets(), k.createdAt(), k.expiresAt(), k.rotatedAt(),
                    Optional.of(now), k.lastUsedAt(), now, k.version() + 1);
            accounts.replace(revoked, new AuditEntry(TENANT_ID, UUID.randomUUID().toString(), now, SEEDER, "key.revoke",
                    k.ref(), Optional.empty(), Optional.empty(), "local-seed"));
        }
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
