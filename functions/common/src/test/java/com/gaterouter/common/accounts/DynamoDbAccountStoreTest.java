package com.gaterouter.common.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.WriteRejectedException.Reason;
import com.gaterouter.common.accounts.dynamodb.AccountItems;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.accounts.dynamodb.DynamoDbApiKeyStore;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbAccountStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private LocalTables tables;
    private DynamoDbAccountStore store;
    private DynamoDbApiKeyStore apiKeys;
    /** Audit times grow by one millisecond per entry, so "newest first" is well defined. */
    private final AtomicLong clockMillis = new AtomicLong();

    @BeforeEach
    void setUp(LocalTables tables) {
        this.tables = tables;
        this.store = new DynamoDbAccountStore(tables.client(), tables.name(GatewayTable.ACCOUNTS),
                tables.name(GatewayTable.API_KEYS));
        this.apiKeys = new DynamoDbApiKeyStore(tables.client(), tables.name(GatewayTable.API_KEYS));
    }

    // ---------------------------------------------------------------- fixtures

    private static String id(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private Instant tick() {
        return T0.plusMillis(clockMillis.incrementAndGet());
    }

    private AuditEntry audit(AccountEntity entity, String action) {
        ObjectNode after = JSON.objectNode().put("id", entity.ref().id()).put("version", entity.version());
        return new AuditEntry(entity.tenantId(), id("aud"), tick(), new Actor(Actor.Kind.USER, "usr_admin", Optional.of("key_admin")),
                action, entity.ref(), Optional.empty(), Optional.of(after), id("req"));
    }

    private void insert(AccountEntity entity) {
        store.insert(entity, audit(entity, entity.ref().kind().wireName() + ".create"));
    }

    private void replace(AccountEntity entity) {
        store.replace(entity, audit(entity, entity.ref().kind().wireName() + ".update"));
    }

    private static Tenant tenant(String tenantId) {
        return new Tenant(tenantId, "Acme " + tenantId, ZoneId.of("Europe/Berlin"), EntityStatus.ACTIVE, T0, T0, 1);
    }

    private static Department department(String tenantId, String departmentId) {
        return new Department(tenantId, departmentId, "Dept " + departmentId, EntityStatus.ACTIVE, T0, T0, 1);
    }

    private static Project project(String tenantId, String projectId, String departmentId) {
        return new Project(tenantId, projectId, departmentId, "Project " + projectId, EntityStatus.ACTIVE, T0, T0, 1);
    }

    private static User user(String tenantId, String userId, String email, Optional<String> departmentId, Role role) {
        return new User(tenantId, userId, email, "Name " + userId, departmentId, role, EntityStatus.ACTIVE, T0, T0, 1);
    }

    private static ManagedKey appKey(World w, String keyId, String... hashes) {
        List<KeySecret> secrets = new ArrayList<>();
        for (String hash : hashes) {
            secrets.add(new KeySecret(hash, Optional.empty()));
        }
        return new ManagedKey(w.tenantId, keyId, "ci key", KeyType.APP, w.userId, Optional.of(w.departmentId),
                Optional.of(w.projectId), KeyStatus.ACTIVE, new ModelPolicy(Set.of("openai/*"), Set.of("openai/o1")), secrets,
                T0, Optional.of(T0.plusSeconds(86_400 * 30)), Optional.empty(), Optional.empty(), Optional.empty(), T0, 1);
    }

    private static Budget budget(String tenantId, BudgetScope scope, String scopeId, long monthlyUsdMicros, long version) {
        return new Budget(tenantId, scope, scopeId,
                new Limits(OptionalLong.of(monthlyUsdMicros), OptionalLong.of(25_000_000), OptionalLong.empty(),
                        OptionalLong.of(1_000_000), OptionalLong.of(60), OptionalLong.empty()),
                List.of(50, 80, 100), List.of(), T0, T0, version);
    }

    private static String hash() {
        return ApiKeySecrets.hash(ApiKeySecrets.newSecret());
    }

    /** An active tenant with one department, project and member user. */
    private final class World {
        final String tenantId = id("t");
        final String departmentId = id("dept");
        final String projectId = id("proj");
        final String userId = id("usr");

        World create() {
            insert(tenant(tenantId));
            insert(department(tenantId, departmentId));
            insert(project(tenantId, projectId, departmentId));
            insert(user(tenantId, userId, userId + "@example.com", Optional.of(departmentId), Role.MEMBER));
            return this;
        }
    }

    private static void assertRejected(ThrowingCallable write, Reason reason) {
        assertThatThrownBy(write).isInstanceOfSatisfying(WriteRejectedException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private List<AuditEntry> wholeAudit(String tenantId) {
        return store.audit(tenantId, PageRequest.first(100)).items();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void insertsAndFindsEveryEntityType() {
        World w = new World().create();
        var admin = user(w.tenantId, id("usr"), "Boss@Example.com", Optional.empty(), Role.TENANT_ADMIN);
        insert(admin);
        ManagedKey key = appKey(w, ApiKeySecrets.newKeyId(), hash());
        insert(key);
        ManagedKey adminKey = new ManagedKey(w.tenantId, ApiKeySecrets.newKeyId(), "admin", KeyType.ADMIN, admin.userId(),
                Optional.empty(), Optional.empty(), KeyStatus.ACTIVE, ModelPolicy.UNRESTRICTED,
                List.of(new KeySecret(hash(), Optional.empty())), T0, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), T0, 1);
        insert(adminKey);
        Budget budget = new Budget(w.tenantId, BudgetScope.DEPARTMENT, w.departmentId,
                new Limits(OptionalLong.of(500_000_000), OptionalLong.empty(), OptionalLong.of(10_000_000),
                        OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(90_000)),
                List.of(50, 80, 100), List.of("finance@example.com", "cfo@example.com"), List.of("ceo@example.com"), T0, T0, 1);
        insert(budget);
        Budget bare = new Budget(w.tenantId, BudgetScope.KEY, key.keyId(), Limits.NONE, List.of(), List.of(), T0, T0, 1);
        insert(bare);
        ScopePolicy policy = new ScopePolicy(w.tenantId, PolicyScope.PROJECT, w.projectId,
                new ModelPolicy(Set.of("anthropic/*", "openai/gpt-4o"), Set.of("anthropic/claude-opus-4")), T0, T0, 1);
        insert(policy);

        assertThat(store.findTenant(w.tenantId)).contains(tenant(w.tenantId));
        assertThat(store.findDepartment(w.tenantId, w.departmentId)).contains(department(w.tenantId, w.departmentId));
        assertThat(store.findProject(w.tenantId, w.projectId)).contains(project(w.tenantId, w.projectId, w.departmentId));
        assertThat(store.findUser(w.tenantId, w.userId)).contains(
                user(w.tenantId, w.userId, w.userId + "@example.com", Optional.of(w.departmentId), Role.MEMBER));
        assertThat(store.findUser(w.tenantId, admin.userId())).contains(admin);
        assertThat(store.findKey(w.tenantId, key.keyId())).contains(key);
        assertThat(store.findKey(w.tenantId, adminKey.keyId())).contains(adminKey);
        assertThat(store.findBudget(w.tenantId, BudgetScope.DEPARTMENT, w.departmentId)).contains(budget);
        assertThat(store.findBudget(w.tenantId, BudgetScope.KEY, key.keyId())).contains(bare);
        assertThat(store.findPolicy(w.tenantId, PolicyScope.PROJECT, w.projectId)).contains(policy);

        assertThat(store.findDepartment(w.tenantId, "nope")).isEmpty();
        assertThat(store.findKey(w.tenantId, "nope")).isEmpty();
        assertThat(store.findBudget(w.tenantId, BudgetScope.PROJECT, w.projectId)).isEmpty();

        // lists see them too, and the tenant registry lists the tenant
        assertThat(store.listUsers(w.tenantId, PageRequest.first(10), u -> true).items()).hasSize(2);
        assertThat(store.listKeys(w.tenantId, PageRequest.first(10), k -> true).items()).containsExactlyInAnyOrder(key, adminKey);
        assertThat(store.listBudgets(w.tenantId, PageRequest.first(10), b -> true).items()).containsExactlyInAnyOrder(budget, bare);
        assertThat(store.listPolicies(w.tenantId, PageRequest.first(10), p -> true).items()).containsExactly(policy);
        assertThat(allTenants()).contains(tenant(w.tenantId));

        // money and limits are numbers, empty optionals absent
        var budgetItem = rawItem(w.tenantId, "BUDGET#department#" + w.departmentId);
        assertThat(budgetItem.get("monthlyUsdMicros").n()).isEqualTo("500000000");
        assertThat(budgetItem).doesNotContainKey("dailyUsdMicros");
        var adminItem = rawItem(w.tenantId, "USER#" + admin.userId());
        assertThat(adminItem).doesNotContainKey("departmentId");
        // the email claim is lower case; every change is audited with its actor and JSON
        assertThat(rawItem(w.tenantId, "EMAIL#boss@example.com").get("userId").s()).isEqualTo(admin.userId());
        assertThat(wholeAudit(w.tenantId)).hasSize(10);
        AuditEntry newest = wholeAudit(w.tenantId).get(0);
        assertThat(newest.action()).isEqualTo("policy.create");
        assertThat(newest.actor()).isEqualTo(new Actor(Actor.Kind.USER, "usr_admin", Optional.of("key_admin")));
        assertThat(newest.target()).isEqualTo(policy.ref());
        assertThat(newest.after().orElseThrow().get("id").asText()).isEqualTo(policy.ref().id());
        assertThat(newest.before()).isEmpty();
    }

    private List<Tenant> allTenants() {
        List<Tenant> all = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<Tenant> page = store.listTenants(new PageRequest(100, token));
            all.addAll(page.items());
            token = page.nextToken();
        } while (token.isPresent());
        return all;
    }

    private Map<String, AttributeValue> rawItem(String tenantId, String sk) {
        return tables.client().getItem(b -> b.tableName(tables.name(GatewayTable.ACCOUNTS))
                .key(AccountItems.key(AccountItems.tenantPk(tenantId), sk))).item();
    }

    @Test
    void refusesChildrenOfMissingOrArchivedParents() {
        World w = new World().create();
        String orphanTenant = id("t");
        assertRejected(() -> insert(department(orphanTenant, id("dept"))), Reason.PARENT_INACTIVE);

        Department archived = new Department(w.tenantId, id("dept"), "Old", EntityStatus.ACTIVE, T0, T0, 1);
        insert(archived);
        replace(new Department(w.tenantId, archived.departmentId(), "Old", EntityStatus.ARCHIVED, T0, T0, 2));
        assertRejected(() -> insert(project(w.tenantId, id("proj"), archived.departmentId())), Reason.PARENT_INACTIVE);

        assertRejected(() -> insert(user(w.tenantId, id("usr"), id("x") + "@example.com", Optional.of("dept_missing"),
                Role.MEMBER)), Reason.PARENT_INACTIVE);

        Project archivedProject = project(w.tenantId, id("proj"), w.departmentId);
        insert(archivedProject);
        replace(new Project(w.tenantId, archivedProject.projectId(), w.departmentId, "p", EntityStatus.ARCHIVED, T0, T0, 2));
        ManagedKey underArchived = new ManagedKey(w.tenantId, ApiKeySecrets.newKeyId(), "k", KeyType.APP, w.userId,
                Optional.of(w.departmentId), Optional.of(archivedProject.projectId()), KeyStatus.ACTIVE,
                ModelPolicy.UNRESTRICTED, List.of(new KeySecret(hash(), Optional.empty())), T0, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), T0, 1);
        assertRejected(() -> insert(underArchived), Reason.PARENT_INACTIVE);
        // nothing of the refused key was written: no Accounts item, no ApiKeys projection
        assertThat(store.findKey(w.tenantId, underArchived.keyId())).isEmpty();
        assertThat(apiKeys.findByHash(underArchived.secrets().get(0).hash())).isEmpty();

        // a key must name its project's real department
        Department other = department(w.tenantId, id("dept"));
        insert(other);
        ManagedKey wrongDepartment = new ManagedKey(w.tenantId, ApiKeySecrets.newKeyId(), "k", KeyType.APP, w.userId,
                Optional.of(other.departmentId()), Optional.of(w.projectId), KeyStatus.ACTIVE, ModelPolicy.UNRESTRICTED,
                List.of(new KeySecret(hash(), Optional.empty())), T0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), T0, 1);
        assertRejected(() -> insert(wrongDepartment), Reason.PARENT_INACTIVE);

        // budgets need their target
        assertRejected(() -> insert(budget(w.tenantId, BudgetScope.USER, "usr_missing", 1, 1)), Reason.PARENT_INACTIVE);
    }

    @Test
    void refusesDuplicateIdsAndEmailsCaseInsensitively() {
        World w = new World().create();
        assertRejected(() -> insert(tenant(w.tenantId)), Reason.ALREADY_EXISTS);
        assertRejected(() -> insert(department(w.tenantId, w.departmentId)), Reason.ALREADY_EXISTS);
        assertRejected(() -> insert(user(w.tenantId, w.userId, id("new") + "@example.com", Optional.of(w.departmentId),
                Role.MEMBER)), Reason.ALREADY_EXISTS);
        String otherUser = id("usr");
        assertRejected(() -> insert(user(w.tenantId, otherUser, "  " + w.userId.toUpperCase() + "@EXAMPLE.com",
                Optional.of(w.departmentId), Role.MEMBER)), Reason.ALREADY_EXISTS);
        assertThat(store.findUser(w.tenantId, otherUser)).isEmpty();

        // the same email is fine in another tenant
        World other = new World().create();
        insert(user(other.tenantId, id("usr"), w.userId + "@example.com", Optional.of(other.departmentId), Role.MEMBER));
    }

    @Test
    void emailChangeMovesTheClaim() {
        World w = new World().create();
        User before = store.findUser(w.tenantId, w.userId).orElseThrow();
        User changed = new User(w.tenantId, w.userId, "New." + w.userId + "@example.com", before.name(), before.departmentId(),
                before.role(), before.status(), before.createdAt(), T0.plusSeconds(5), 2);
        replace(changed);
        assertThat(store.findUser(w.tenantId, w.userId)).contains(changed);
        assertThat(rawItem(w.tenantId, "EMAIL#" + before.normalisedEmail())).isEmpty();
        assertThat(rawItem(w.tenantId, "EMAIL#" + changed.normalisedEmail())).isNotEmpty();
        // the old address is free again, the new one is taken
        insert(user(w.tenantId, id("usr"), before.email(), Optional.of(w.departmentId), Role.MEMBER));
        assertRejected(() -> insert(user(w.tenantId, id("usr"), changed.email(), Optional.of(w.departmentId), Role.MEMBER)),
                Reason.ALREADY_EXISTS);
        // moving onto a taken email is refused and changes nothing
        User taking = new User(w.tenantId, w.userId, before.email(), before.name(), before.departmentId(), before.role(),
                before.status(), before.createdAt(), T0.plusSeconds(6), 3);
        assertRejected(() -> replace(taking), Reason.ALREADY_EXISTS);
        assertThat(store.findUser(w.tenantId, w.userId)).contains(changed);
    }

    @Test
    void staleReplaceIsRejectedAndWritesNothing() {
        World w = new World().create();
        Department v2 = new Department(w.tenantId, w.departmentId, "Renamed", EntityStatus.ACTIVE, T0, T0.plusSeconds(1), 2);
        replace(v2);
        List<AuditEntry> auditBefore = wholeAudit(w.tenantId);

        Department stale = new Department(w.tenantId, w.departmentId, "Stale", EntityStatus.ACTIVE, T0, T0.plusSeconds(2), 2);
        assertRejected(() -> replace(stale), Reason.VERSION_MISMATCH);
        Department skipping = new Department(w.tenantId, w.departmentId, "Skip", EntityStatus.ACTIVE, T0, T0.plusSeconds(2), 4);
        assertRejected(() -> replace(skipping), Reason.VERSION_MISMATCH);
        Department missing = new Department(w.tenantId, id("dept"), "Ghost", EntityStatus.ACTIVE, T0, T0, 2);
        assertRejected(() -> replace(missing), Reason.VERSION_MISMATCH);
        // user and key replacements read first; their version checks hold too
        User user = store.findUser(w.tenantId, w.userId).orElseThrow();
        User staleUser = new User(w.tenantId, w.userId, "other@example.com", "x", user.departmentId(), user.role(),
                user.status(), user.createdAt(), T0, 3);
        assertRejected(() -> replace(staleUser), Reason.VERSION_MISMATCH);

        assertThat(store.findDepartment(w.tenantId, w.departmentId)).contains(v2);
        assertThat(store.findUser(w.tenantId, w.userId)).contains(user);
        assertThat(wholeAudit(w.tenantId)).isEqualTo(auditBefore);
        assertThat(rawItem(w.tenantId, "EMAIL#other@example.com")).isEmpty();
    }

    @Test
    void concurrentReplacesOfOneBudgetHaveExactlyOneWinner() throws Exception {
        World w = new World().create();
        insert(budget(w.tenantId, BudgetScope.PROJECT, w.projectId, 100_000_000, 1));
        int writers = 20;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Optional<Reason>>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                long amount = 200_000_000L + i;
                Callable<Optional<Reason>> writer = () -> {
                    Budget mine = budget(w.tenantId, BudgetScope.PROJECT, w.projectId, amount, 2);
                    AuditEntry entry = audit(mine, "budget.update");
                    go.await();
                    try {
                        store.replace(mine, entry);
                        return Optional.empty();
                    } catch (WriteRejectedException e) {
                        return Optional.of(e.reason());
                    }
                };
                results.add(pool.submit(writer));
            }
            go.countDown();
            List<Optional<Reason>> outcomes = new ArrayList<>();
            for (Future<Optional<Reason>> result : results) {
                outcomes.add(result.get());
            }
            assertThat(outcomes.stream().filter(Optional::isEmpty).count()).isEqualTo(1);
            assertThat(outcomes.stream().filter(o -> o.equals(Optional.of(Reason.VERSION_MISMATCH))).count()).isEqualTo(19);
        } finally {
            pool.shutdownNow();
        }
        Budget stored = store.findBudget(w.tenantId, BudgetScope.PROJECT, w.projectId).orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        // exactly one budget.update audit entry, the winner's
        List<AuditEntry> updates = wholeAudit(w.tenantId).stream().filter(e -> e.action().equals("budget.update")).toList();
        assertThat(updates).hasSize(1);
    }

    @Test
    void keyInsertWritesApiKeysProjectionsFindableByHash() {
        World w = new World().create();
        String secret = ApiKeySecrets.newSecret();
        ManagedKey key = appKey(w, ApiKeySecrets.newKeyId(), ApiKeySecrets.hash(secret));
        insert(key);

        ApiKeyRecord record = apiKeys.findByHash(ApiKeySecrets.hash(secret)).orElseThrow();
        assertThat(record).isEqualTo(key.authRecords().get(0));
        assertThat(record.owner()).isEqualTo(new Principal(w.tenantId, w.departmentId, w.projectId, w.userId, key.keyId()));
        assertThat(record.models().permits("openai/gpt-4o")).isTrue();
        assertThat(record.models().permits("openai/o1")).isFalse();
        var scan = tables.client().scan(b -> b.tableName(tables.name(GatewayTable.API_KEYS)));
        assertThat(scan.items().toString()).doesNotContain(secret);
        assertThat(rawItem(w.tenantId, "KEY#" + key.keyId()).toString()).doesNotContain(secret);
        // a second key with the same secret hash is refused
        assertRejected(() -> insert(appKey(w, ApiKeySecrets.newKeyId(), ApiKeySecrets.hash(secret))), Reason.ALREADY_EXISTS);
    }

    @Test
    void rotationKeepsTheGraceSecretAndASecondRotationDropsIt() {
        World w = new World().create();
        String first = hash();
        ManagedKey v1 = appKey(w, ApiKeySecrets.newKeyId(), first);
        insert(v1);

        String second = hash();
        Instant grace = T0.plusSeconds(86_400);
        ManagedKey v2 = withSecrets(v1, List.of(new KeySecret(second, Optional.empty()), new KeySecret(first, Optional.of(grace))), 2);
        replace(v2);
        assertThat(apiKeys.findByHash(second).orElseThrow().graceUntil()).isEmpty();
        ApiKeyRecord old = apiKeys.findByHash(first).orElseThrow();
        assertThat(old.graceUntil()).contains(grace);
        assertThat(old.usableAt(grace.minusSeconds(1))).isTrue();
        assertThat(old.usableAt(grace)).isFalse();

        String third = hash();
        ManagedKey v3 = withSecrets(v2, List.of(new KeySecret(third, Optional.empty()), new KeySecret(second, Optional.of(grace))), 3);
        replace(v3);
        assertThat(apiKeys.findByHash(first)).isEmpty();
        assertThat(apiKeys.findByHash(second).orElseThrow().graceUntil()).contains(grace);
        assertThat(apiKeys.findByHash(third)).isPresent();
        assertThat(store.findKey(w.tenantId, v1.keyId())).contains(v3);
    }

    private static ManagedKey withSecrets(ManagedKey k, List<KeySecret> secrets, long version) {
        return new ManagedKey(k.tenantId(), k.keyId(), k.name(), k.type(), k.userId(), k.departmentId(), k.projectId(),
                k.status(), k.models(), secrets, k.createdAt(), k.expiresAt(), Optional.of(T0.plusSeconds(version)),
                k.revokedAt(), k.lastUsedAt(), T0.plusSeconds(version), version);
    }

    @Test
    void revokeFlipsTheProjectionStatus() {
        World w = new World().create();
        String hash = hash();
        ManagedKey key = appKey(w, ApiKeySecrets.newKeyId(), hash);
        insert(key);
        assertThat(apiKeys.findByHash(hash).orElseThrow().status()).isEqualTo(KeyStatus.ACTIVE);

        ManagedKey revoked = new ManagedKey(key.tenantId(), key.keyId(), key.name(), key.type(), key.userId(),
                key.departmentId(), key.projectId(), KeyStatus.REVOKED, key.models(), key.secrets(), key.createdAt(),
                key.expiresAt(), key.rotatedAt(), Optional.of(T0.plusSeconds(60)), key.lastUsedAt(), T0.plusSeconds(60), 2);
        replace(revoked);
        ApiKeyRecord record = apiKeys.findByHash(hash).orElseThrow();
        assertThat(record.status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(record.usableAt(T0)).isFalse();
        assertThat(store.findKey(w.tenantId, key.keyId())).contains(revoked);
    }

    @Test
    void auditIsNewestFirstAndPaginates() {
        World w = new World().create(); // 4 entries: tenant, department, project, user
        for (int i = 0; i < 3; i++) {
            Department d = department(w.tenantId, id("dept"));
            insert(d);
        }
        List<AuditEntry> all = new ArrayList<>();
        Page<AuditEntry> page = store.audit(w.tenantId, PageRequest.first(3));
        assertThat(page.items()).hasSize(3);
        all.addAll(page.items());
        page = store.audit(w.tenantId, new PageRequest(3, page.nextToken()));
        assertThat(page.items()).hasSize(3);
        all.addAll(page.items());
        page = store.audit(w.tenantId, new PageRequest(3, page.nextToken()));
        assertThat(page.items()).hasSize(1);
        assertThat(page.nextToken()).isEmpty();
        all.addAll(page.items());

        assertThat(all).extracting(AuditEntry::at).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(all).extracting(AuditEntry::action).containsExactly("department.create", "department.create",
                "department.create", "user.create", "project.create", "department.create", "tenant.create");
        assertThat(all.get(all.size() - 1).target()).isEqualTo(new EntityRef(EntityKind.TENANT, w.tenantId));
        assertThat(all).extracting(AuditEntry::auditId).doesNotHaveDuplicates();
    }

    @Test
    void auditSortKeysOrderLikeTime() {
        // Instant.toString drops zero fractions ("…:00Z" sorts after "…:00.5Z"); the fixed width does not
        Instant whole = Instant.parse("2026-11-24T09:00:00Z");
        Instant later = Instant.parse("2026-11-24T09:00:00.5Z");
        assertThat(AccountItems.auditSk(whole, "a")).isLessThan(AccountItems.auditSk(later, "a"));
        assertThat(AccountItems.auditSk(whole, "a")).isEqualTo("AUDIT#2026-11-24T09:00:00.000000000Z#a");
    }

    @Test
    void paginatesSevenDepartmentsThreeAtATime() {
        World w = new World().create();
        List<String> ids = new ArrayList<>(List.of(w.departmentId));
        for (int i = 0; i < 6; i++) {
            Department d = department(w.tenantId, id("dept"));
            insert(d);
            ids.add(d.departmentId());
        }
        ids.sort(String::compareTo);

        Page<Department> p1 = store.listDepartments(w.tenantId, PageRequest.first(3), d -> true);
        Page<Department> p2 = store.listDepartments(w.tenantId, new PageRequest(3, p1.nextToken()), d -> true);
        Page<Department> p3 = store.listDepartments(w.tenantId, new PageRequest(3, p2.nextToken()), d -> true);
        assertThat(p1.items()).hasSize(3);
        assertThat(p2.items()).hasSize(3);
        assertThat(p3.items()).hasSize(1);
        assertThat(p1.nextToken()).isPresent();
        assertThat(p2.nextToken()).isPresent();
        assertThat(p3.nextToken()).isEmpty();
        List<String> seen = new ArrayList<>();
        for (Page<Department> p : List.of(p1, p2, p3)) {
            p.items().forEach(d -> seen.add(d.departmentId()));
        }
        assertThat(seen).isEqualTo(ids);
        // a page that ends exactly at the end of the list has no token
        Page<Department> all = store.listDepartments(w.tenantId, PageRequest.first(7), d -> true);
        assertThat(all.items()).hasSize(7);
        assertThat(all.nextToken()).isEmpty();
        // the token is opaque, URL-safe
        assertThat(p1.nextToken().get()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void filtersFillPagesBeforePaging() {
        World w = new World().create();
        List<String> archived = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Department d = department(w.tenantId, id("dept"));
            insert(d);
            if (i % 3 == 0) {
                replace(new Department(w.tenantId, d.departmentId(), d.name(), EntityStatus.ARCHIVED, T0, T0, 2));
                archived.add(d.departmentId());
            }
        }
        archived.sort(String::compareTo);
        ArchivedOnly archivedOnly = new ArchivedOnly();
        Page<Department> first = store.listDepartments(w.tenantId, PageRequest.first(2), archivedOnly);
        assertThat(first.items()).hasSize(2);
        assertThat(first.nextToken()).isPresent();
        Page<Department> second = store.listDepartments(w.tenantId, new PageRequest(2, first.nextToken()), archivedOnly);
        assertThat(second.items()).hasSize(2);
        List<String> seen = new ArrayList<>();
        first.items().forEach(d -> seen.add(d.departmentId()));
        second.items().forEach(d -> seen.add(d.departmentId()));
        assertThat(seen).isEqualTo(archived);
        // a token means "more may follow" (non-matching items may lie after the last match); following it finds no more matches
        second.nextToken().ifPresent(token -> assertThat(
                store.listDepartments(w.tenantId, new PageRequest(2, Optional.of(token)), archivedOnly).items()).isEmpty());
        // a filter nothing matches gives an empty last page
        Page<Department> none = store.listDepartments(w.tenantId, PageRequest.first(5), d -> d.name().equals("nope"));
        assertThat(none.items()).isEmpty();
        assertThat(none.nextToken()).isEmpty();
    }

    private static final class ArchivedOnly implements java.util.function.Predicate<Department> {
        @Override
        public boolean test(Department d) {
            return d.status() == EntityStatus.ARCHIVED;
        }
    }

    @Test
    void rejectsTamperedAndForeignTokens() {
        World w = new World().create();
        for (int i = 0; i < 4; i++) {
            insert(department(w.tenantId, id("dept")));
        }
        String token = store.listDepartments(w.tenantId, PageRequest.first(2), d -> true).nextToken().orElseThrow();
        String projectToken = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("PROJECT#proj_x".getBytes(StandardCharsets.UTF_8));
        String auditToken = store.audit(w.tenantId, PageRequest.first(1)).nextToken().orElseThrow();
        for (String bad : List.of("!!not-base64!!", token + "*", "x" + token.substring(1) + "=", projectToken, auditToken,
                Base64.getUrlEncoder().withoutPadding().encodeToString("DEPT#".getBytes(StandardCharsets.UTF_8)))) {
            assertThatThrownBy(() -> store.listDepartments(w.tenantId, new PageRequest(2, Optional.of(bad)), d -> true))
                    .as(bad).isInstanceOf(InvalidPageTokenException.class);
        }
        assertThatThrownBy(() -> store.audit(w.tenantId, new PageRequest(2, Optional.of(token))))
                .isInstanceOf(InvalidPageTokenException.class);
        assertThatThrownBy(() -> store.listTenants(new PageRequest(2, Optional.of(token))))
                .isInstanceOf(InvalidPageTokenException.class);
    }

    @Test
    void tenantsNeverSeeEachOthersItems() {
        World a = new World().create();
        World b = new World().create();
        insert(appKey(a, ApiKeySecrets.newKeyId(), hash()));
        insert(appKey(b, ApiKeySecrets.newKeyId(), hash()));
        insert(budget(a.tenantId, BudgetScope.TENANT, a.tenantId, 1, 1));
        insert(budget(b.tenantId, BudgetScope.TENANT, b.tenantId, 1, 1));

        PageRequest all = PageRequest.first(100);
        assertThat(store.listDepartments(a.tenantId, all, d -> true).items()).allMatch(d -> d.tenantId().equals(a.tenantId)).hasSize(1);
        assertThat(store.listProjects(a.tenantId, all, p -> true).items()).allMatch(p -> p.tenantId().equals(a.tenantId)).hasSize(1);
        assertThat(store.listUsers(a.tenantId, all, u -> true).items()).allMatch(u -> u.tenantId().equals(a.tenantId)).hasSize(1);
        assertThat(store.listKeys(a.tenantId, all, k -> true).items()).allMatch(k -> k.tenantId().equals(a.tenantId)).hasSize(1);
        assertThat(store.listBudgets(a.tenantId, all, x -> true).items()).allMatch(x -> x.tenantId().equals(a.tenantId)).hasSize(1);
        assertThat(store.audit(a.tenantId, all).items()).allMatch(e -> e.tenantId().equals(a.tenantId)).hasSize(6);
        assertThat(store.findDepartment(a.tenantId, b.departmentId)).isEmpty();
        // a token from tenant B's list only moves the start inside tenant A's partition
        insert(department(b.tenantId, id("dept")));
        Optional<String> bToken = store.listDepartments(b.tenantId, PageRequest.first(1), d -> true).nextToken();
        assertThat(bToken).isPresent();
        Page<Department> viaForeignToken = store.listDepartments(a.tenantId, new PageRequest(10, bToken), d -> true);
        assertThat(viaForeignToken.items()).allMatch(d -> d.tenantId().equals(a.tenantId));
    }

    @Test
    void scopeChainReadsStatusesAndPolicies() {
        World w = new World().create();
        ScopePolicy tenantPolicy = new ScopePolicy(w.tenantId, PolicyScope.TENANT, w.tenantId,
                new ModelPolicy(Set.of(), Set.of("deepseek/*")), T0, T0, 1);
        ScopePolicy projectPolicy = new ScopePolicy(w.tenantId, PolicyScope.PROJECT, w.projectId,
                ModelPolicy.allowOnly(Set.of("openai/gpt-4o-mini")), T0, T0, 1);
        insert(tenantPolicy);
        insert(projectPolicy);

        ScopeChain chain = store.scopeChain(w.tenantId, w.departmentId, w.projectId);
        assertThat(chain.tenant()).contains(tenant(w.tenantId));
        assertThat(chain.department()).contains(department(w.tenantId, w.departmentId));
        assertThat(chain.project()).contains(project(w.tenantId, w.projectId, w.departmentId));
        assertThat(chain.tenantPolicy()).contains(tenantPolicy);
        assertThat(chain.departmentPolicy()).isEmpty();
        assertThat(chain.projectPolicy()).contains(projectPolicy);
        assertThat(chain.active()).isTrue();

        replace(new Department(w.tenantId, w.departmentId, "gone", EntityStatus.ARCHIVED, T0, T0, 2));
        ScopeChain archived = store.scopeChain(w.tenantId, w.departmentId, w.projectId);
        assertThat(archived.department().orElseThrow().status()).isEqualTo(EntityStatus.ARCHIVED);
        assertThat(archived.active()).isFalse();

        ScopeChain missing = store.scopeChain(id("t"), "d", "p");
        assertThat(missing.tenant()).isEmpty();
        assertThat(missing.active()).isFalse();
    }

    @Test
    void scopeChainCarriesTheKeysUsersPolicyAndNoOtherUsers() {
        World w = new World().create();
        String otherUser = id("usr");
        insert(user(w.tenantId, otherUser, otherUser + "@example.com", Optional.of(w.departmentId), Role.MEMBER));
        ScopePolicy userPolicy = new ScopePolicy(w.tenantId, PolicyScope.USER, w.userId,
                new ModelPolicy(Set.of(), Set.of("openai/gpt-4o")), T0, T0, 1);
        insert(userPolicy);
        insert(new ScopePolicy(w.tenantId, PolicyScope.USER, otherUser, ModelPolicy.allowOnly(Set.of("anthropic/*")), T0, T0, 1));

        assertThat(store.findPolicy(w.tenantId, PolicyScope.USER, w.userId)).contains(userPolicy);
        assertThat(store.scopeChain(w.tenantId, w.departmentId, w.projectId, w.userId, "key_x").userPolicy()).contains(userPolicy);
        assertThat(store.scopeChain(w.tenantId, w.departmentId, w.projectId, id("usr"), "key_x").userPolicy())
                .as("a user without a policy").isEmpty();
        assertThat(store.scopeChain(w.tenantId, w.departmentId, w.projectId).userPolicy()).isEmpty();
        // a user policy hangs under an existing user, like a user budget
        assertRejected(() -> insert(new ScopePolicy(w.tenantId, PolicyScope.USER, id("usr"), ModelPolicy.UNRESTRICTED, T0, T0, 1)),
                Reason.PARENT_INACTIVE);
    }

    @Test
    void aTenantKeepsItsSelfServiceSwitchAndOlderTenantsAllowSelfService() {
        String tenantId = id("t");
        insert(new Tenant(tenantId, "Locked", ZoneId.of("UTC"), EntityStatus.ACTIVE, T0, T0, 1, AllowedOrigins.NONE, false));
        assertThat(store.findTenant(tenantId).orElseThrow().selfServiceKeys()).isFalse();
        assertThat(rawItem(tenantId, AccountItems.PROFILE_SK).get("selfServiceKeys").bool()).isFalse();

        String older = id("t");
        insert(tenant(older));
        tables.client().updateItem(b -> b.tableName(tables.name(GatewayTable.ACCOUNTS))
                .key(AccountItems.key(AccountItems.tenantPk(older), AccountItems.PROFILE_SK))
                .updateExpression("REMOVE selfServiceKeys"));
        assertThat(rawItem(older, AccountItems.PROFILE_SK)).doesNotContainKey("selfServiceKeys");
        assertThat(store.findTenant(older).orElseThrow().selfServiceKeys()).as("written before the switch existed").isTrue();
    }

    @Test
    void aTenantKeepsItsExtraParametersPolicyAndAnAbsentAttributeIsReject() {
        String tenantId = id("t");
        insert(new Tenant(tenantId, "Lenient", ZoneId.of("UTC"), EntityStatus.ACTIVE, T0, T0, 1, AllowedOrigins.NONE, true,
                ExtraParameters.DROP));
        assertThat(store.findTenant(tenantId).orElseThrow().extraParameters()).isEqualTo(ExtraParameters.DROP);
        assertThat(rawItem(tenantId, AccountItems.PROFILE_SK).get("extraParameters").s()).isEqualTo("drop");
        assertThat(allTenants().stream()
                .filter(t -> t.tenantId().equals(tenantId)).findFirst().orElseThrow().extraParameters())
                .as("the registry copy lists it too").isEqualTo(ExtraParameters.DROP);

        Tenant strict = new Tenant(tenantId, "Lenient", ZoneId.of("UTC"), EntityStatus.ACTIVE, T0, T0, 2, AllowedOrigins.NONE, true,
                ExtraParameters.REJECT);
        replace(strict);
        assertThat(rawItem(tenantId, AccountItems.PROFILE_SK)).as("reject is the absent attribute").doesNotContainKey("extraParameters");
        assertThat(store.findTenant(tenantId).orElseThrow().extraParameters()).isEqualTo(ExtraParameters.REJECT);

        String older = id("t");
        insert(tenant(older));
        assertThat(rawItem(older, AccountItems.PROFILE_SK)).doesNotContainKey("extraParameters");
        assertThat(store.findTenant(older).orElseThrow().extraParameters()).as("written before the setting existed")
                .isEqualTo(ExtraParameters.REJECT);
    }

    @Test
    void pricingIsInsertedReplacedFoundAndReadWithTheScopeChain() {
        World w = new World().create();
        assertThat(store.findPricing(w.tenantId)).isEmpty();
        assertThat(store.scopeChain(w.tenantId, w.departmentId, w.projectId, w.userId, "key_x").pricing()).isEmpty();

        TenantPricing pricing = new TenantPricing(w.tenantId, 1_500, Map.of(
                "openai/gpt-4o", new TenantPricing.PriceOverride(2_000_000, 1_000_000, 2_000_000, 8_000_000),
                "anthropic/claude-sonnet-4", new TenantPricing.PriceOverride(2_500_000, 250_000, 3_125_000, 12_000_000)),
                T0, T0, 1);
        insert(pricing);
        assertThat(store.findPricing(w.tenantId)).contains(pricing);
        assertThat(wholeAudit(w.tenantId).get(0).action()).isEqualTo("pricing.create");
        assertRejected(() -> insert(pricing), Reason.ALREADY_EXISTS);

        ScopeChain chain = store.scopeChain(w.tenantId, w.departmentId, w.projectId, w.userId, "key_x");
        assertThat(chain.pricing()).contains(pricing);
        assertThat(chain.tenant()).contains(tenant(w.tenantId));

        TenantPricing discountOnly = new TenantPricing(w.tenantId, 0, Map.of(), T0, T0.plusSeconds(60), 2);
        replace(discountOnly);
        assertThat(store.findPricing(w.tenantId)).contains(discountOnly);
        assertRejected(() -> replace(new TenantPricing(w.tenantId, 10_000, Map.of(), T0, T0, 2)), Reason.VERSION_MISMATCH);
        assertThat(store.scopeChain(w.tenantId, w.departmentId, w.projectId).pricing()).contains(discountOnly);

        // vendor contracts ride in the same item, and every version of the table is kept as it was written
        VendorTerms openAi = new VendorTerms("openai", java.time.LocalDate.parse("2026-03-01"), 2_000,
                Map.of("openai/gpt-4o", new TenantPricing.PriceOverride(2_000_000, 1_000_000, 2_000_000, 8_000_000)),
                500_000_000, 1_000_000_000, Optional.of("proj_abc"), T0, "usr_finance");
        TenantPricing withContract = new TenantPricing(w.tenantId, 0, Map.of(), java.util.List.of(openAi), T0, T0.plusSeconds(120), 3);
        replace(withContract);
        assertThat(store.findPricing(w.tenantId)).contains(withContract);
        assertThat(store.scopeChain(w.tenantId, w.departmentId, w.projectId).pricing()).contains(withContract);
        assertThat(store.findPricingVersion(w.tenantId, 1)).contains(pricing);
        assertThat(store.findPricingVersion(w.tenantId, 2)).contains(discountOnly);
        assertThat(store.findPricingVersion(w.tenantId, 3)).contains(withContract);
        assertThat(store.findPricingVersion(w.tenantId, 4)).isEmpty();
        assertThat(store.findPricing(w.tenantId)).contains(withContract);

        // pricing hangs under the tenant: none for a tenant that does not exist
        String ghost = id("t");
        assertRejected(() -> insert(new TenantPricing(ghost, 100, Map.of(), T0, T0, 1)), Reason.PARENT_INACTIVE);
        // another tenant's chain never sees it
        World other = new World().create();
        assertThat(store.scopeChain(other.tenantId, other.departmentId, other.projectId).pricing()).isEmpty();
    }

    @Test
    void touchKeySetsLastUsedAtWithoutChangingTheVersionAndNeverBackwards() {
        World w = new World().create();
        ManagedKey key = appKey(w, ApiKeySecrets.newKeyId(), hash());
        insert(key);
        Instant used = Instant.parse("2026-11-25T10:00:00Z");
        store.touchKey(w.tenantId, key.keyId(), used);
        ManagedKey touched = store.findKey(w.tenantId, key.keyId()).orElseThrow();
        assertThat(touched.lastUsedAt()).contains(used);
        assertThat(touched.version()).isEqualTo(1);

        store.touchKey(w.tenantId, key.keyId(), used.minusMillis(500));
        assertThat(store.findKey(w.tenantId, key.keyId()).orElseThrow().lastUsedAt()).contains(used);
        Instant later = used.plusMillis(1);
        store.touchKey(w.tenantId, key.keyId(), later);
        assertThat(store.findKey(w.tenantId, key.keyId()).orElseThrow().lastUsedAt()).contains(later);

        // a replacement based on a stale read keeps the newer lastUsedAt
        ManagedKey renamed = new ManagedKey(key.tenantId(), key.keyId(), "renamed", key.type(), key.userId(),
                key.departmentId(), key.projectId(), key.status(), key.models(), key.secrets(), key.createdAt(),
                key.expiresAt(), key.rotatedAt(), key.revokedAt(), Optional.of(used), T0.plusSeconds(9), 2);
        replace(renamed);
        assertThat(store.findKey(w.tenantId, key.keyId()).orElseThrow().lastUsedAt()).contains(later);

        // a missing key is ignored
        store.touchKey(w.tenantId, "key_missing", used);
        assertThat(store.findKey(w.tenantId, "key_missing")).isEmpty();
    }

    @Test
    void deletesABudgetOnlyAtItsVersion() {
        World w = new World().create();
        Budget v1 = budget(w.tenantId, BudgetScope.USER, w.userId, 10_000_000, 1);
        insert(v1);
        Budget v2 = budget(w.tenantId, BudgetScope.USER, w.userId, 20_000_000, 2);
        replace(v2);
        int auditSize = wholeAudit(w.tenantId).size();

        assertRejected(() -> store.delete(v1, audit(v1, "budget.delete")), Reason.VERSION_MISMATCH);
        assertThat(store.findBudget(w.tenantId, BudgetScope.USER, w.userId)).contains(v2);
        assertThat(wholeAudit(w.tenantId)).hasSize(auditSize);

        store.delete(v2, audit(v2, "budget.delete"));
        assertThat(store.findBudget(w.tenantId, BudgetScope.USER, w.userId)).isEmpty();
        assertThat(wholeAudit(w.tenantId).get(0).action()).isEqualTo("budget.delete");
        assertRejected(() -> store.delete(v2, audit(v2, "budget.delete")), Reason.VERSION_MISMATCH);
        assertThatThrownBy(() -> store.delete(department(w.tenantId, w.departmentId), audit(v2, "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tenantReplaceUpdatesTheRegistry() {
        String tenantId = id("t");
        insert(tenant(tenantId));
        Tenant renamed = new Tenant(tenantId, "Renamed", ZoneId.of("UTC"), EntityStatus.ACTIVE, T0, T0.plusSeconds(3), 2);
        replace(renamed);
        assertThat(store.findTenant(tenantId)).contains(renamed);
        assertThat(allTenants()).contains(renamed).doesNotContain(tenant(tenantId));
    }

    @Test
    void platformAdminKeysAreRecognisedByHash() {
        String hash = hash();
        tables.client().putItem(b -> b.tableName(tables.name(GatewayTable.ACCOUNTS)).item(Map.of(
                "pk", AttributeValue.fromS(DynamoDbAccountStore.PLATFORM_PK),
                "sk", AttributeValue.fromS(DynamoDbAccountStore.ADMIN_KEY_PREFIX + hash))));
        assertThat(store.isPlatformAdminKey(hash)).isTrue();
        assertThat(store.isPlatformAdminKey(hash())).isFalse();
    }

    @Test
    void aReplacedPlatformAdminKeyIsTheOnlyOne() {
        String first = hash();
        String second = hash();
        store.replacePlatformAdminKey(first, T0);
        assertThat(store.isPlatformAdminKey(first)).isTrue();

        store.replacePlatformAdminKey(second, T0.plusSeconds(60));

        assertThat(store.isPlatformAdminKey(second)).isTrue();
        assertThat(store.isPlatformAdminKey(first)).isFalse();
    }

    @Test
    void insertAllWritesATenantWithItsFirstAdminAndKeyOrNothing() {
        String tenantId = id("t");
        String adminId = id("usr");
        User admin = user(tenantId, adminId, adminId + "@example.com", Optional.empty(), Role.TENANT_ADMIN);
        String takenHash = hash();
        World other = new World().create();
        insert(appKey(other, id("key"), takenHash));
        ManagedKey clashingKey = new ManagedKey(tenantId, id("key"), "first admin", KeyType.ADMIN, adminId, Optional.empty(),
                Optional.empty(), KeyStatus.ACTIVE, ModelPolicy.UNRESTRICTED, List.of(new KeySecret(takenHash, Optional.empty())),
                T0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), T0, 1);

        assertRejected(() -> store.insertAll(List.of(
                new AccountStore.Insertion(tenant(tenantId), audit(tenant(tenantId), "tenant.create")),
                new AccountStore.Insertion(admin, audit(admin, "user.create")),
                new AccountStore.Insertion(clashingKey, audit(clashingKey, "key.create")))), Reason.ALREADY_EXISTS);
        assertThat(store.findTenant(tenantId)).as("all or nothing").isEmpty();
        assertThat(store.findUser(tenantId, adminId)).isEmpty();
        assertThat(wholeAudit(tenantId)).isEmpty();

        String freshHash = hash();
        ManagedKey key = new ManagedKey(tenantId, id("key"), "first admin", KeyType.ADMIN, adminId, Optional.empty(),
                Optional.empty(), KeyStatus.ACTIVE, ModelPolicy.UNRESTRICTED, List.of(new KeySecret(freshHash, Optional.empty())),
                T0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), T0, 1);
        store.insertAll(List.of(
                new AccountStore.Insertion(tenant(tenantId), audit(tenant(tenantId), "tenant.create")),
                new AccountStore.Insertion(admin, audit(admin, "user.create")),
                new AccountStore.Insertion(key, audit(key, "key.create"))));
        assertThat(store.findTenant(tenantId)).isPresent();
        assertThat(store.findUser(tenantId, adminId)).contains(admin);
        assertThat(apiKeys.findByHash(freshHash)).hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(KeyType.ADMIN));
        assertThat(wholeAudit(tenantId)).extracting(AuditEntry::action).containsExactlyInAnyOrder("tenant.create", "user.create", "key.create");
    }
}
