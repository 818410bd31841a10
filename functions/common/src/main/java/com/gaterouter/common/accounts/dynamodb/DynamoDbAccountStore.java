package com.gaterouter.common.accounts.dynamodb;

import static com.gaterouter.common.accounts.dynamodb.AccountItems.AUDIT_PREFIX;
import static com.gaterouter.common.accounts.dynamodb.AccountItems.BUDGET_PREFIX;
import static com.gaterouter.common.accounts.dynamodb.AccountItems.DEPT_PREFIX;
import static com.gaterouter.common.accounts.dynamodb.AccountItems.KEY_PREFIX;
import static com.gaterouter.common.accounts.dynamodb.AccountItems.PK;
import static com.gaterouter.common.accounts.dynamodb.AccountItems.POLICY_PREFIX;
import static com.gaterouter.common.accounts.dynamodb.AccountItems.PROFILE_SK;
import static com.gaterouter.common.accounts.dynamodb.AccountItems.PROJECT_PREFIX;
import static com.gaterouter.common.accounts.dynamodb.AccountItems.SK;
import static com.gaterouter.common.accounts.dynamodb.AccountItems.TENANT_PREFIX;
import static com.gaterouter.common.accounts.dynamodb.AccountItems.USER_PREFIX;

import com.gaterouter.common.accounts.AccountEntity;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.AuditQuery;
import com.gaterouter.common.accounts.Budget;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.InvalidPageTokenException;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.ScopeChain;
import com.gaterouter.common.accounts.RoutingPolicy;
import com.gaterouter.common.accounts.ScopePolicy;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.User;
import com.gaterouter.common.accounts.WriteRejectedException;
import com.gaterouter.common.accounts.WriteRejectedException.Reason;
import com.gaterouter.common.tables.GatewayTable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * Accounts table adapter (layout in {@link AccountItems}). One partition per tenant
 * ({@code TENANT#id}) holding its profile and everything under it; platform-wide items live under
 * {@code PLATFORM}. Every write is one {@code TransactWriteItems}: the entity, its audit entry,
 * the checks that its parents are active, and what it implies (tenant registry entry, email
 * claim, ApiKeys projection). A cancelled transaction becomes a {@link WriteRejectedException}
 * naming which condition failed; transaction conflicts with concurrent writers are retried, so a
 * loser of a race sees the winner's version (VERSION_MISMATCH), not a conflict.
 */
public final class DynamoDbAccountStore implements AccountStore {

    public static final String PLATFORM_PK = AccountItems.PLATFORM_PK;
    public static final String ADMIN_KEY_PREFIX = AccountItems.ADMIN_KEY_PREFIX;

    private static final String HASH = GatewayTable.API_KEYS.partitionKey();
    private static final int MAX_CONFLICT_ATTEMPTS = 12;
    private static final int FOLLOW_UP_QUERY_LIMIT = 100;
    /** Most audit entries one page of a filtered audit list reads before it answers (short, with a token). */
    public static final int AUDIT_ITEMS_READ_PER_PAGE = 1000;
    /** Sorts after every {@code AUDIT#…} sort key and before anything else that follows them. */
    private static final String AUDIT_END = "AUDIT$";
    /** The instants the fixed-width sort key format orders correctly (years 0000 to 9999). */
    private static final Instant FIRST_FIXED_INSTANT = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST_FIXED_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final Base64.Encoder TOKEN_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder TOKEN_DECODER = Base64.getUrlDecoder();

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final String apiKeysTableName;
    @SuppressWarnings("unused") // kept in the constructor for time-based housekeeping; writes take their times from the records
    private final Clock clock;

    public DynamoDbAccountStore(DynamoDbClient dynamo, String accountsTableName, String apiKeysTableName, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.tableName = Objects.requireNonNull(accountsTableName, "accountsTableName");
        this.apiKeysTableName = Objects.requireNonNull(apiKeysTableName, "apiKeysTableName");
        this.clock = Objects.requireNonNullElse(clock, Clock.systemUTC());
    }

    public DynamoDbAccountStore(DynamoDbClient dynamo, String accountsTableName, String apiKeysTableName) {
        this(dynamo, accountsTableName, apiKeysTableName, Clock.systemUTC());
    }

    public static String tenantPk(String tenantId) {
        return AccountItems.tenantPk(tenantId);
    }

    // ================================================================ reads

    @Override
    public boolean isPlatformAdminKey(String keyHash) {
        return get(PLATFORM_PK, ADMIN_KEY_PREFIX + keyHash).isPresent();
    }

    @Override
    public void replacePlatformAdminKey(String keyHash, Instant createdAt) {
        String current = ADMIN_KEY_PREFIX + keyHash;
        dynamo.putItem(b -> b.tableName(tableName).item(Map.of(
                PK, AttributeValue.fromS(PLATFORM_PK),
                SK, AttributeValue.fromS(current),
                "createdAt", AttributeValue.fromS(createdAt.toString()))));
        dynamo.queryPaginator(b -> b.tableName(tableName)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PLATFORM_PK),
                                ":prefix", AttributeValue.fromS(ADMIN_KEY_PREFIX)))
                        .projectionExpression("pk, sk")
                        .consistentRead(true))
                .items().stream()
                .filter(item -> !item.get(SK).s().equals(current))
                .toList()
                .forEach(old -> dynamo.deleteItem(b -> b.tableName(tableName).key(old)));
    }

    @Override
    public Optional<Tenant> findTenant(String tenantId) {
        return get(tenantPk(tenantId), PROFILE_SK).map(AccountItems::tenant);
    }

    @Override
    public Page<Tenant> listTenants(PageRequest page) {
        return list(PLATFORM_PK, TENANT_PREFIX, page, true, AccountItems::tenant, t -> true);
    }

    @Override
    public Optional<Department> findDepartment(String tenantId, String departmentId) {
        return get(tenantPk(tenantId), AccountItems.departmentSk(departmentId)).map(AccountItems::department);
    }

    @Override
    public Page<Department> listDepartments(String tenantId, PageRequest page, Predicate<Department> filter) {
        return list(tenantPk(tenantId), DEPT_PREFIX, page, true, AccountItems::department, filter);
    }

    @Override
    public Optional<Project> findProject(String tenantId, String projectId) {
        return get(tenantPk(tenantId), AccountItems.projectSk(projectId)).map(AccountItems::project);
    }

    @Override
    public Page<Project> listProjects(String tenantId, PageRequest page, Predicate<Project> filter) {
        return list(tenantPk(tenantId), PROJECT_PREFIX, page, true, AccountItems::project, filter);
    }

    @Override
    public Optional<User> findUser(String tenantId, String userId) {
        return get(tenantPk(tenantId), AccountItems.userSk(userId)).map(AccountItems::user);
    }

    @Override
    public Page<User> listUsers(String tenantId, PageRequest page, Predicate<User> filter) {
        return list(tenantPk(tenantId), USER_PREFIX, page, true, AccountItems::user, filter);
    }

    @Override
    public Optional<ManagedKey> findKey(String tenantId, String keyId) {
        return get(tenantPk(tenantId), AccountItems.keySk(keyId)).map(AccountItems::managedKey);
    }

    @Override
    public Page<ManagedKey> listKeys(String tenantId, PageRequest page, Predicate<ManagedKey> filter) {
        return list(tenantPk(tenantId), KEY_PREFIX, page, true, AccountItems::managedKey, filter);
    }

    @Override
    public Optional<Budget> findBudget(String tenantId, BudgetScope scope, String scopeId) {
        return get(tenantPk(tenantId), AccountItems.budgetSk(scope, scopeId)).map(AccountItems::budget);
    }

    @Override
    public Page<Budget> listBudgets(String tenantId, PageRequest page, Predicate<Budget> filter) {
        return list(tenantPk(tenantId), BUDGET_PREFIX, page, true, AccountItems::budget, filter);
    }

    @Override
    public Optional<ScopePolicy> findPolicy(String tenantId, PolicyScope scope, String scopeId) {
        return get(tenantPk(tenantId), AccountItems.policySk(scope, scopeId)).map(AccountItems::policy);
    }

    @Override
    public Page<ScopePolicy> listPolicies(String tenantId, PageRequest page, Predicate<ScopePolicy> filter) {
        return list(tenantPk(tenantId), POLICY_PREFIX, page, true, AccountItems::policy, filter);
    }

    @Override
    public Optional<RoutingPolicy> findRoutingPolicy(String tenantId, PolicyScope scope, String scopeId) {
        return get(tenantPk(tenantId), AccountItems.routingSk(scope, scopeId)).map(AccountItems::routingPolicy);
    }

    @Override
    public Page<RoutingPolicy> listRoutingPolicies(String tenantId, PageRequest page, Predicate<RoutingPolicy> filter) {
        return list(tenantPk(tenantId), AccountItems.ROUTING_PREFIX, page, true, AccountItems::routingPolicy, filter);
    }

    @Override
    public Optional<TenantPricing> findPricing(String tenantId) {
        return get(tenantPk(tenantId), AccountItems.PRICING_SK).map(AccountItems::pricing);
    }

    @Override
    public Optional<TenantPricing> findPricingVersion(String tenantId, long version) {
        return get(tenantPk(tenantId), AccountItems.pricingVersionSk(version)).map(AccountItems::pricing);
    }

    /**
     * One query per page (more only past DynamoDB's 1 MB page): the time bounds are the sort key
     * range ({@code AUDIT#<at>#<auditId>}), the other filters a {@code FilterExpression}. A page
     * reads at most {@value #AUDIT_ITEMS_READ_PER_PAGE} entries, so a rare filter over a long log
     * answers a short (even empty) page with a token to continue instead of reading the partition.
     */
    @Override
    public Page<AuditEntry> audit(String tenantId, AuditQuery query, PageRequest page) {
        Objects.requireNonNull(query, "query");
        String pk = tenantPk(tenantId);
        String low = query.from().filter(t -> !t.isBefore(FIRST_FIXED_INSTANT))
                .map(t -> AUDIT_PREFIX + AccountItems.FIXED_INSTANT.format(t)).orElse(AUDIT_PREFIX);
        // '$' follows '#', so every entry at exactly 'to' (AUDIT#<to>#<auditId>) sorts before the bound
        String high = query.to().filter(t -> !t.isAfter(LAST_FIXED_INSTANT))
                .map(t -> AUDIT_PREFIX + AccountItems.FIXED_INSTANT.format(t) + "$").orElse(AUDIT_END);
        Map<String, AttributeValue> start = null;
        if (page.nextToken().isPresent()) {
            String position = decodeToken(page.nextToken().get(), AUDIT_PREFIX);
            if (position.compareTo(low) < 0 || position.compareTo(high) > 0) {
                throw new InvalidPageTokenException("nextToken is not a token this list produced");
            }
            start = AccountItems.key(pk, position);
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", AttributeValue.fromS(pk));
        values.put(":low", AttributeValue.fromS(low));
        values.put(":high", AttributeValue.fromS(high));
        Map<String, String> names = new HashMap<>();
        List<String> filters = new ArrayList<>();
        query.action().ifPresent(action -> {
            names.put("#action", "action");
            if (query.actionIsKind()) {
                values.put(":action", AttributeValue.fromS(action + "."));
                filters.add("begins_with(#action, :action)");
            } else {
                values.put(":action", AttributeValue.fromS(action));
                filters.add("#action = :action");
            }
        });
        query.actorId().ifPresent(actor -> {
            names.put("#actorId", "actorId");
            names.put("#actorKeyId", "actorKeyId");
            values.put(":actor", AttributeValue.fromS(actor));
            filters.add("(#actorId = :actor OR #actorKeyId = :actor)");
        });
        query.targetId().ifPresent(target -> {
            names.put("#targetId", "targetId");
            values.put(":target", AttributeValue.fromS(target));
            filters.add("#targetId = :target");
        });

        List<AuditEntry> out = new ArrayList<>();
        int read = 0;
        while (true) {
            int wanted = page.limit() + 1 - out.size(); // one more than the page, to know whether more follow
            int requestLimit = filters.isEmpty() ? wanted
                    : Math.min(AUDIT_ITEMS_READ_PER_PAGE - read, Math.max(wanted, FOLLOW_UP_QUERY_LIMIT));
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :low AND :high")
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    .consistentRead(true)
                    .limit(requestLimit);
            if (!filters.isEmpty()) {
                request.filterExpression(String.join(" AND ", filters)).expressionAttributeNames(names);
            }
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(request.build());
            read += response.scannedCount() == null ? requestLimit : response.scannedCount();
            boolean moreInTable = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
            for (Map<String, AttributeValue> item : response.items()) {
                AuditEntry entry = AccountItems.auditEntry(item);
                if (!query.matches(entry)) {
                    continue; // the expression already did this; the record's rule is the reference
                }
                if (out.size() == page.limit()) {
                    // a further match exists: continue after the last entry of this page
                    String lastSk = AccountItems.auditSk(out.getLast().at(), out.getLast().auditId());
                    return new Page<>(out, Optional.of(encodeToken(lastSk)));
                }
                out.add(entry);
            }
            if (!moreInTable) {
                return new Page<>(out, Optional.empty());
            }
            start = response.lastEvaluatedKey();
            if (read >= AUDIT_ITEMS_READ_PER_PAGE) {
                // the read budget is spent: continue after the last entry read, matching or not
                return new Page<>(out, Optional.of(encodeToken(start.get(SK).s())));
            }
        }
    }

    @Override
    public ScopeChain scopeChain(String tenantId, String departmentId, String projectId, String userId, String keyId) {
        String pk = tenantPk(tenantId);
        Map<BudgetScope, String> budgetScopes = new EnumMap<>(BudgetScope.class);
        budgetScopes.put(BudgetScope.TENANT, tenantId);
        List<String> sortKeys = new ArrayList<>();
        sortKeys.add(PROFILE_SK);
        sortKeys.add(AccountItems.policySk(PolicyScope.TENANT, tenantId));
        sortKeys.add(AccountItems.PRICING_SK);
        sortKeys.add(AccountItems.routingSk(PolicyScope.TENANT, tenantId));
        if (departmentId != null) {
            sortKeys.add(AccountItems.departmentSk(departmentId));
            sortKeys.add(AccountItems.policySk(PolicyScope.DEPARTMENT, departmentId));
            sortKeys.add(AccountItems.routingSk(PolicyScope.DEPARTMENT, departmentId));
            budgetScopes.put(BudgetScope.DEPARTMENT, departmentId);
        }
        if (projectId != null) {
            sortKeys.add(AccountItems.projectSk(projectId));
            sortKeys.add(AccountItems.policySk(PolicyScope.PROJECT, projectId));
            sortKeys.add(AccountItems.routingSk(PolicyScope.PROJECT, projectId));
            budgetScopes.put(BudgetScope.PROJECT, projectId);
        }
        if (userId != null) {
            sortKeys.add(AccountItems.policySk(PolicyScope.USER, userId));
            budgetScopes.put(BudgetScope.USER, userId);
        }
        if (keyId != null) {
            budgetScopes.put(BudgetScope.KEY, keyId);
        }
        budgetScopes.forEach((scope, id) -> sortKeys.add(AccountItems.budgetSk(scope, id)));
        Map<String, Map<String, AttributeValue>> bySk = batchGet(pk, sortKeys);
        Function<String, Optional<Map<String, AttributeValue>>> at = sk -> Optional.ofNullable(bySk.get(sk));
        List<Budget> budgets = new ArrayList<>();
        budgetScopes.forEach((scope, id) -> at.apply(AccountItems.budgetSk(scope, id)).map(AccountItems::budget).ifPresent(budgets::add));
        List<RoutingPolicy> routing = new ArrayList<>();
        at.apply(AccountItems.routingSk(PolicyScope.TENANT, tenantId)).map(AccountItems::routingPolicy).ifPresent(routing::add);
        if (departmentId != null) {
            at.apply(AccountItems.routingSk(PolicyScope.DEPARTMENT, departmentId)).map(AccountItems::routingPolicy).ifPresent(routing::add);
        }
        if (projectId != null) {
            at.apply(AccountItems.routingSk(PolicyScope.PROJECT, projectId)).map(AccountItems::routingPolicy).ifPresent(routing::add);
        }
        return new ScopeChain(
                at.apply(PROFILE_SK).map(AccountItems::tenant),
                departmentId == null ? Optional.empty()
                        : at.apply(AccountItems.departmentSk(departmentId)).map(AccountItems::department),
                projectId == null ? Optional.empty()
                        : at.apply(AccountItems.projectSk(projectId)).map(AccountItems::project),
                at.apply(AccountItems.policySk(PolicyScope.TENANT, tenantId)).map(AccountItems::policy),
                departmentId == null ? Optional.empty()
                        : at.apply(AccountItems.policySk(PolicyScope.DEPARTMENT, departmentId)).map(AccountItems::policy),
                projectId == null ? Optional.empty()
                        : at.apply(AccountItems.policySk(PolicyScope.PROJECT, projectId)).map(AccountItems::policy),
                budgets,
                at.apply(AccountItems.PRICING_SK).map(AccountItems::pricing),
                routing,
                userId == null ? Optional.empty() : at.apply(AccountItems.policySk(PolicyScope.USER, userId)).map(AccountItems::policy));
    }

    // ================================================================ writes

    @Override
    public void insertAll(List<Insertion> insertions) {
        if (insertions.isEmpty()) {
            return;
        }
        Tx tx = new Tx();
        for (Insertion insertion : insertions) {
            addInsert(tx, insertion.entity(), insertion.audit());
        }
        execute(tx);
    }

    private void addInsert(Tx tx, AccountEntity entity, AuditEntry audit) {
        requireSameTenant(entity, audit);
        if (entity.version() != 1) {
            throw new IllegalArgumentException("a new " + entity.ref().kind().wireName() + " has version 1, not " + entity.version());
        }
        requireTenantScopeId(entity);
        tx.put(tableName, AccountItems.toItem(entity), "attribute_not_exists(pk)", Map.of(), Map.of(),
                Reason.ALREADY_EXISTS, entity.ref().kind().wireName() + " " + entity.ref().id() + " already exists");
        String pk = tenantPk(entity.tenantId());
        switch (entity) {
            case Tenant t -> tx.put(tableName, AccountItems.tenantRegistryItem(t), "attribute_not_exists(pk)", Map.of(), Map.of(),
                    Reason.ALREADY_EXISTS, "tenant " + t.tenantId() + " already exists");
            case Department d -> tx.requireActive(pk, PROFILE_SK, "tenant " + d.tenantId());
            case Project p -> tx.requireActive(pk, AccountItems.departmentSk(p.departmentId()), "department " + p.departmentId());
            case User u -> {
                if (u.departmentId().isPresent()) {
                    tx.requireActive(pk, AccountItems.departmentSk(u.departmentId().get()), "department " + u.departmentId().get());
                } else {
                    tx.requireActive(pk, PROFILE_SK, "tenant " + u.tenantId());
                }
                claimEmail(tx, u);
            }
            case ManagedKey k -> {
                requireKeyParents(tx, k);
                for (ApiKeyRecord record : k.authRecords()) {
                    tx.put(apiKeysTableName, DynamoDbApiKeyStore.toItem(record), "attribute_not_exists(#h)", Map.of("#h", HASH),
                            Map.of(), Reason.ALREADY_EXISTS, "a key with this secret hash already exists");
                }
            }
            case Budget b -> requireScopeExists(tx, pk, budgetTarget(b), "budget scope " + b.scope().wireName() + " " + b.scopeId());
            case ScopePolicy p -> requireScopeExists(tx, pk, policyTarget(p), "policy scope " + p.scope().wireName() + " " + p.scopeId());
            case TenantPricing p -> {
                requireScopeExists(tx, pk, PROFILE_SK, "tenant " + p.tenantId());
                keepPricingVersion(tx, p);
            }
            case RoutingPolicy r -> requireScopeExists(tx, pk, scopeTarget(r.scope(), r.scopeId()),
                    "routing policy scope " + r.scope().wireName() + " " + r.scopeId());
        }
        putAudit(tx, audit);
    }

    /**
     * Every version of a tenant's pricing is written twice: the current item, and a copy of the version. The copy
     * needs no condition of its own: it is written only in the transaction whose condition on the current item
     * admits exactly that version, so it is never overwritten.
     */
    private void keepPricingVersion(Tx tx, TenantPricing pricing) {
        tx.put(tableName, AccountItems.pricingVersionItem(pricing), null, Map.of(), Map.of(), null, null);
    }

    @Override
    public void replace(AccountEntity updated, AuditEntry audit) {
        Objects.requireNonNull(updated, "updated");
        requireSameTenant(updated, audit);
        if (updated.version() < 2) {
            throw new IllegalArgumentException("a replacement has version >= 2, not " + updated.version());
        }
        long expected = updated.version() - 1;
        String pk = tenantPk(updated.tenantId());
        String what = updated.ref().kind().wireName() + " " + updated.ref().id();
        Tx tx = new Tx();
        Map<String, AttributeValue> item = AccountItems.toItem(updated);
        switch (updated) {
            case Tenant t -> tx.put(tableName, AccountItems.tenantRegistryItem(t), null, Map.of(), Map.of(), null, null);
            case Department d -> {
            }
            case Project p -> {
                Project stored = readForReplace(pk, AccountItems.projectSk(p.projectId()), expected, what).map(AccountItems::project).orElseThrow();
                if (!stored.departmentId().equals(p.departmentId())) {
                    tx.requireActive(pk, AccountItems.departmentSk(p.departmentId()), "department " + p.departmentId());
                }
            }
            case User u -> {
                User stored = readForReplace(pk, AccountItems.userSk(u.userId()), expected, what).map(AccountItems::user).orElseThrow();
                if (!stored.normalisedEmail().equals(u.normalisedEmail())) {
                    tx.delete(tableName, AccountItems.key(pk, AccountItems.emailSk(stored.normalisedEmail())),
                            "userId = :u", Map.of(), Map.of(":u", AccountItems.s(u.userId())),
                            Reason.VERSION_MISMATCH, "the email claim of user " + u.userId() + " changed concurrently");
                    claimEmail(tx, u);
                }
                if (u.departmentId().isPresent() && !u.departmentId().equals(stored.departmentId())) {
                    tx.requireActive(pk, AccountItems.departmentSk(u.departmentId().get()), "department " + u.departmentId().get());
                }
            }
            case ManagedKey k -> {
                Map<String, AttributeValue> storedItem = readForReplace(pk, AccountItems.keySk(k.keyId()), expected, what).orElseThrow();
                ManagedKey stored = AccountItems.managedKey(storedItem);
                // touchKey does not bump the version: never let a replacement move lastUsedAt backwards
                Optional<Instant> lastUsed = latest(stored.lastUsedAt(), k.lastUsedAt());
                lastUsed.ifPresent(at -> item.put("lastUsedAt", AccountItems.instant(at)));
                Set<String> current = new HashSet<>();
                for (ApiKeyRecord record : k.authRecords()) {
                    current.add(record.keyHash());
                    tx.put(apiKeysTableName, DynamoDbApiKeyStore.toItem(record), null, Map.of(), Map.of(), null, null);
                }
                for (String dropped : AccountItems.secretHashes(storedItem)) {
                    if (!current.contains(dropped)) {
                        tx.delete(apiKeysTableName, Map.of(HASH, AttributeValue.fromS(dropped)), null, Map.of(), Map.of(), null, null);
                    }
                }
            }
            case Budget b -> {
            }
            case ScopePolicy p -> {
            }
            case TenantPricing p -> keepPricingVersion(tx, p);
            case RoutingPolicy r -> {
            }
        }
        tx.put(tableName, item, "attribute_exists(pk) AND #v = :expected", Map.of("#v", AccountItems.VERSION),
                Map.of(":expected", AccountItems.n(expected)),
                Reason.VERSION_MISMATCH, what + " is not at version " + expected);
        putAudit(tx, audit);
        execute(tx);
    }

    @Override
    public void delete(AccountEntity current, AuditEntry audit) {
        Objects.requireNonNull(current, "current");
        requireSameTenant(current, audit);
        if (!(current instanceof Budget) && !(current instanceof ScopePolicy) && !(current instanceof RoutingPolicy)) {
            throw new IllegalArgumentException("only budgets and policies are deleted; archive or revoke a "
                    + current.ref().kind().wireName());
        }
        Tx tx = new Tx();
        String what = current.ref().kind().wireName() + " " + current.ref().id();
        tx.delete(tableName, AccountItems.keyOf(current), "attribute_exists(pk) AND #v = :expected",
                Map.of("#v", AccountItems.VERSION), Map.of(":expected", AccountItems.n(current.version())),
                Reason.VERSION_MISMATCH, what + " is not at version " + current.version());
        putAudit(tx, audit);
        execute(tx);
    }

    @Override
    public void touchKey(String tenantId, String keyId, Instant usedAt) {
        String at = AccountItems.FIXED_INSTANT.format(usedAt);
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.updateItem(b -> b.tableName(tableName)
                        .key(AccountItems.key(tenantPk(tenantId), AccountItems.keySk(keyId)))
                        .updateExpression("SET #l = :t")
                        .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(#l) OR #l < :t)")
                        .expressionAttributeNames(Map.of("#l", "lastUsedAt"))
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(at))));
                return;
            } catch (ConditionalCheckFailedException e) {
                return; // missing key, or a later use is recorded already
            } catch (TransactionConflictException e) {
                if (attempt >= 3) {
                    return; // an admin change holds the key right now; the next use records it
                }
                backOff(attempt);
            }
        }
    }

    // ================================================================ write helpers

    private void claimEmail(Tx tx, User user) {
        tx.put(tableName, AccountItems.emailClaimItem(user), "attribute_not_exists(pk)", Map.of(), Map.of(),
                Reason.ALREADY_EXISTS, "email " + user.normalisedEmail() + " is taken in tenant " + user.tenantId());
    }

    private void requireKeyParents(Tx tx, ManagedKey key) {
        String pk = tenantPk(key.tenantId());
        tx.requireActive(pk, AccountItems.userSk(key.userId()), "user " + key.userId());
        if (key.type() == KeyType.APP) {
            String project = key.projectId().orElseThrow();
            String department = key.departmentId().orElseThrow();
            tx.check(pk, AccountItems.projectSk(project), "attribute_exists(pk) AND #s = :active AND #d = :d",
                    Map.of("#s", AccountItems.STATUS, "#d", "departmentId"),
                    Map.of(":active", AccountItems.s(EntityStatus.ACTIVE.name()), ":d", AccountItems.s(department)),
                    "project " + project + " (active, in department " + department + ")");
            tx.requireActive(pk, AccountItems.departmentSk(department), "department " + department);
        }
    }

    private void requireScopeExists(Tx tx, String pk, String targetSk, String what) {
        tx.check(pk, targetSk, "attribute_exists(pk)", Map.of(), Map.of(), what);
    }

    private static String budgetTarget(Budget budget) {
        return switch (budget.scope()) {
            case TENANT -> PROFILE_SK;
            case DEPARTMENT -> AccountItems.departmentSk(budget.scopeId());
            case PROJECT -> AccountItems.projectSk(budget.scopeId());
            case USER -> AccountItems.userSk(budget.scopeId());
            case KEY -> AccountItems.keySk(budget.scopeId());
        };
    }

    private static String policyTarget(ScopePolicy policy) {
        return scopeTarget(policy.scope(), policy.scopeId());
    }

    private static String scopeTarget(PolicyScope scope, String scopeId) {
        return switch (scope) {
            case TENANT -> PROFILE_SK;
            case DEPARTMENT -> AccountItems.departmentSk(scopeId);
            case PROJECT -> AccountItems.projectSk(scopeId);
            case USER -> AccountItems.userSk(scopeId);
        };
    }

    private void putAudit(Tx tx, AuditEntry audit) {
        tx.put(tableName, AccountItems.toItem(audit), "attribute_not_exists(pk)", Map.of(), Map.of(),
                Reason.ALREADY_EXISTS, "audit entry " + audit.auditId() + " already exists");
    }

    /** A tenant-scope budget or policy is named by the tenant's own id (that is where the router looks). */
    private static void requireTenantScopeId(AccountEntity entity) {
        boolean tenantScoped = entity instanceof Budget b && b.scope() == BudgetScope.TENANT && !b.scopeId().equals(b.tenantId())
                || entity instanceof ScopePolicy p && p.scope() == PolicyScope.TENANT && !p.scopeId().equals(p.tenantId())
                || entity instanceof RoutingPolicy r && r.scope() == PolicyScope.TENANT && !r.scopeId().equals(r.tenantId());
        if (tenantScoped) {
            throw new IllegalArgumentException("a tenant-scope " + entity.ref().kind().wireName() + " has scope id " + entity.tenantId());
        }
    }

    private static void requireSameTenant(AccountEntity entity, AuditEntry audit) {
        Objects.requireNonNull(audit, "audit");
        if (!audit.tenantId().equals(entity.tenantId())) {
            throw new IllegalArgumentException("the audit entry belongs to tenant " + audit.tenantId()
                    + ", the change to tenant " + entity.tenantId());
        }
    }

    /** Reads the stored item a replacement is based on; a missing item or another version is a VERSION_MISMATCH. */
    private Optional<Map<String, AttributeValue>> readForReplace(String pk, String sk, long expected, String what) {
        Map<String, AttributeValue> stored = get(pk, sk)
                .orElseThrow(() -> new WriteRejectedException(Reason.VERSION_MISMATCH, what + " does not exist"));
        if (AccountItems.version(stored) != expected) {
            throw new WriteRejectedException(Reason.VERSION_MISMATCH,
                    what + " is at version " + AccountItems.version(stored) + ", not " + expected);
        }
        return Optional.of(stored);
    }

    private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
    }

    /** Runs the transaction; retries conflicts with concurrent transactions, maps failed conditions to reasons. */
    private void execute(Tx tx) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(tx.items));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                WriteRejectedException rejected = tx.rejection(reasons, e);
                if (rejected != null) {
                    throw rejected;
                }
                boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                if (!conflict || attempt >= MAX_CONFLICT_ATTEMPTS) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    private static void backOff(int attempt) {
        long cap = Math.min(400, 10L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a conflicting write", e);
        }
    }

    /** A transaction being built: its items and, per item, what a failed condition on it means. */
    private final class Tx {
        final List<TransactWriteItem> items = new ArrayList<>();
        final List<Reason> reasons = new ArrayList<>();
        final List<String> descriptions = new ArrayList<>();
        /** Accounts items this transaction creates, as "pk|sk": they are its new, active parents. */
        final Set<String> created = new HashSet<>();

        void put(String table, Map<String, AttributeValue> item, String condition, Map<String, String> names,
                 Map<String, AttributeValue> values, Reason onFailure, String description) {
            if (table.equals(tableName) && "attribute_not_exists(pk)".equals(condition)) {
                created.add(item.get(PK).s() + "|" + item.get(SK).s());
            }
            Put.Builder put = Put.builder().tableName(table).item(item);
            if (condition != null) {
                put.conditionExpression(condition);
                if (!names.isEmpty()) {
                    put.expressionAttributeNames(names);
                }
                if (!values.isEmpty()) {
                    put.expressionAttributeValues(values);
                }
            }
            add(TransactWriteItem.builder().put(put.build()).build(), onFailure, description);
        }

        void delete(String table, Map<String, AttributeValue> key, String condition, Map<String, String> names,
                    Map<String, AttributeValue> values, Reason onFailure, String description) {
            Delete.Builder delete = Delete.builder().tableName(table).key(key);
            if (condition != null) {
                delete.conditionExpression(condition);
                if (!names.isEmpty()) {
                    delete.expressionAttributeNames(names);
                }
                if (!values.isEmpty()) {
                    delete.expressionAttributeValues(values);
                }
            }
            add(TransactWriteItem.builder().delete(delete.build()).build(), onFailure, description);
        }

        void requireActive(String pk, String sk, String what) {
            check(pk, sk, "attribute_exists(pk) AND #s = :active", Map.of("#s", AccountItems.STATUS),
                    Map.of(":active", AccountItems.s(EntityStatus.ACTIVE.name())), what + " (active)");
        }

        void check(String pk, String sk, String condition, Map<String, String> names, Map<String, AttributeValue> values,
                   String what) {
            if (created.contains(pk + "|" + sk)) {
                // created active by this same transaction; DynamoDB allows one operation per item
                return;
            }
            ConditionCheck.Builder check = ConditionCheck.builder().tableName(tableName).key(AccountItems.key(pk, sk))
                    .conditionExpression(condition);
            if (!names.isEmpty()) {
                check.expressionAttributeNames(names);
            }
            if (!values.isEmpty()) {
                check.expressionAttributeValues(values);
            }
            add(TransactWriteItem.builder().conditionCheck(check.build()).build(), Reason.PARENT_INACTIVE,
                    "requires " + what);
        }

        private void add(TransactWriteItem item, Reason onFailure, String description) {
            items.add(item);
            reasons.add(onFailure);
            descriptions.add(description);
        }

        /** The rejection the failed conditions mean, most specific first; null when no condition failed. */
        WriteRejectedException rejection(List<CancellationReason> cancellation, TransactionCanceledException cause) {
            WriteRejectedException best = null;
            for (int i = 0; i < cancellation.size() && i < items.size(); i++) {
                if (!"ConditionalCheckFailed".equals(cancellation.get(i).code()) || reasons.get(i) == null) {
                    continue;
                }
                Reason reason = reasons.get(i);
                if (best == null || rank(reason) < rank(best.reason())) {
                    best = new WriteRejectedException(reason, descriptions.get(i), cause);
                }
            }
            return best;
        }

        private int rank(Reason reason) {
            return switch (reason) {
                case VERSION_MISMATCH -> 0;
                case ALREADY_EXISTS -> 1;
                case PARENT_INACTIVE -> 2;
            };
        }
    }

    // ================================================================ read helpers

    private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        var response = dynamo.getItem(b -> b.tableName(tableName).consistentRead(true).key(AccountItems.key(pk, sk)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    private Map<String, Map<String, AttributeValue>> batchGet(String pk, List<String> sortKeys) {
        Map<String, KeysAndAttributes> request = Map.of(tableName, KeysAndAttributes.builder()
                .keys(sortKeys.stream().map(sk -> AccountItems.key(pk, sk)).toList())
                .consistentRead(true)
                .build());
        Map<String, Map<String, AttributeValue>> bySk = new HashMap<>();
        for (int attempt = 1; ; attempt++) {
            Map<String, KeysAndAttributes> pending = request;
            BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(pending));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(tableName, List.of())) {
                bySk.put(item.get(SK).s(), item);
            }
            if (!response.hasUnprocessedKeys() || response.unprocessedKeys().isEmpty()) {
                return bySk;
            }
            if (attempt >= MAX_CONFLICT_ATTEMPTS) {
                throw new IllegalStateException("DynamoDB left keys unprocessed after " + attempt + " attempts");
            }
            request = response.unprocessedKeys();
            backOff(attempt);
        }
    }

    /**
     * One page of the items whose sort key starts with {@code prefix}: reads DynamoDB pages until
     * {@code limit} items pass {@code filter} or the list ends. The next token is the last
     * returned item's sort key, base64url: it only moves the start inside this partition.
     */
    private <T> Page<T> list(String pk, String prefix, PageRequest page, boolean forward,
                             Function<Map<String, AttributeValue>, T> decode, Predicate<? super T> filter) {
        Predicate<? super T> matches = filter == null ? t -> true : filter;
        Map<String, AttributeValue> start = page.nextToken().map(token -> AccountItems.key(pk, decodeToken(token, prefix)))
                .orElse(null);
        List<T> out = new ArrayList<>();
        int requestLimit = page.limit() + 1;
        while (true) {
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":prefix", AttributeValue.fromS(prefix)))
                    .scanIndexForward(forward)
                    .consistentRead(true)
                    .limit(requestLimit);
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(query.build());
            boolean moreInTable = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
            List<Map<String, AttributeValue>> items = response.items();
            for (int i = 0; i < items.size(); i++) {
                T value = decode.apply(items.get(i));
                if (!matches.test(value)) {
                    continue;
                }
                out.add(value);
                if (out.size() == page.limit()) {
                    boolean more = moreInTable;
                    for (int j = i + 1; j < items.size() && !more; j++) {
                        more = matches.test(decode.apply(items.get(j)));
                    }
                    String lastSk = items.get(i).get(SK).s();
                    return new Page<>(out, more ? Optional.of(encodeToken(lastSk)) : Optional.empty());
                }
            }
            if (!moreInTable) {
                return new Page<>(out, Optional.empty());
            }
            start = response.lastEvaluatedKey();
            requestLimit = FOLLOW_UP_QUERY_LIMIT;
        }
    }

    static String encodeToken(String sk) {
        return TOKEN_ENCODER.encodeToString(sk.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeToken(String token, String prefix) {
        String sk;
        try {
            sk = new String(TOKEN_DECODER.decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidPageTokenException("nextToken is not a token this list produced");
        }
        if (!sk.startsWith(prefix) || sk.length() == prefix.length() || !encodeToken(sk).equals(token)) {
            throw new InvalidPageTokenException("nextToken is not a token this list produced");
        }
        return sk;
    }
}
