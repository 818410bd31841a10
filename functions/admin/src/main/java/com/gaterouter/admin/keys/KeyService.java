package com.gaterouter.admin.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Caller;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.budgets.BudgetJson;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.admin.support.Audit;
import com.gaterouter.admin.support.Lists;
import com.gaterouter.admin.support.Versioned;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.Budget;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.KeySecret;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * API keys: created with their secret shown once, rotated with a grace period for the old secret,
 * revoked (idempotently). Only the secrets' SHA-256 is stored; the store keeps the router's
 * ApiKeys projection in the same transaction as the key.
 *
 * <p>Who mints ({@link Access#mayMintKeysFor}): tenant admins any key; department admins keys of
 * their department's members and department admins; members (app keys) and department admins keys
 * for themselves only while the tenant allows self-service keys; finance none (403). A key's model
 * lists and expiry are changed only by whoever may set the limits that bind its owner
 * ({@link Access#maySetLimitsOf}): never by the owner, unless a tenant admin. An app key's project
 * must be in its user's department (400).
 */
public final class KeyService {

    public static final long DEFAULT_GRACE_SECONDS = 86_400;
    public static final long MAX_GRACE_SECONDS = 7 * 86_400;

    private final AccountStore accounts;
    private final Visibility visibility;

    public KeyService(AccountStore accounts, Visibility visibility) {
        this.accounts = accounts;
        this.visibility = visibility;
    }

    /** A key with the secret that exists only in this answer, and the key's budget if {@code limits} made one. */
    public record Created(ManagedKey key, String secret, Optional<Budget> budget) {

        public ObjectNode render() {
            ObjectNode node = KeyJson.renderWithSecret(key, secret);
            budget.ifPresent(b -> node.set("limits", BudgetJson.render(b)));
            return node;
        }
    }

    /**
     * {@code {userId, projectId (app keys), name, type?: app|admin, expiresAt?, allowedModels?,
     * deniedModels?, limits?: budget body}}.
     */
    public Created create(AdminCall call) {
        Tenant tenant = visibility.tenant(call.caller(), call.tenantId());
        String tenantId = tenant.tenantId();
        JsonBody body = call.body().only("userId", "projectId", "name", "type", "expiresAt", "allowedModels", "deniedModels", "limits");
        String userId = Check.id(body.param("userId"), body.requiredString("userId"));
        String name = Check.name(body.param("name"), body.requiredString("name"));
        KeyType type = body.string("type").map(t -> switch (t) {
            case "app" -> KeyType.APP;
            case "admin" -> KeyType.ADMIN;
            default -> throw AdminException.invalid(body.param("type"), "'type' must be app or admin.");
        }).orElse(KeyType.APP);
        Optional<String> projectId = body.string("projectId").map(p -> Check.id(body.param("projectId"), p));
        if (type == KeyType.APP && projectId.isEmpty()) {
            throw AdminException.invalid(body.param("projectId"), "An app key belongs to a project: 'projectId' is required.");
        }
        if (type == KeyType.ADMIN && projectId.isPresent()) {
            throw AdminException.invalid(body.param("projectId"), "An admin key belongs to no project: leave 'projectId' out.");
        }
        Optional<Instant> expiresAt = expiresAt(call, body);
        ModelPolicy models = models(body);
        Optional<BudgetJson.Spec> limits = body.object("limits").map(l -> BudgetJson.parse(l, BudgetScope.KEY));

        Caller caller = call.caller();
        User user = visibility.user(caller, tenantId, userId, "userId");
        Optional<Project> project = projectId.map(p -> visibility.project(caller, tenantId, p, "projectId"));
        if (!Access.mayMintKeysFor(caller, user, tenant.selfServiceKeys())) {
            if (Access.isSelf(caller, userId) && !Access.hasRole(caller, Role.FINANCE)) {
                throw AdminException.forbidden("userId", "Tenant '" + tenantId
                        + "' does not allow self-service keys: an admin creates your keys (selfServiceKeys is false).");
            }
            throw AdminException.forbidden("Your role may not create keys for this user.");
        }
        if (type == KeyType.ADMIN && !Access.administersTenant(caller) && !Access.hasRole(caller, Role.DEPARTMENT_ADMIN)) {
            throw AdminException.forbidden("type", "Your role may not create admin keys.");
        }
        if (user.status() != EntityStatus.ACTIVE) {
            throw AdminException.conflict("parent_archived", "userId", "User '" + userId + "' is archived.");
        }
        if (project.isPresent() && project.get().status() != EntityStatus.ACTIVE) {
            throw AdminException.conflict("parent_archived", "projectId", "Project '" + projectId.get() + "' is archived.");
        }
        if (project.isPresent() && user.departmentId().isPresent()
                && !project.get().departmentId().equals(user.departmentId().get())) {
            // an app key spends in its project's department: a user of one department never spends another's budget
            throw AdminException.invalid("projectId", "Project '" + projectId.get() + "' is not in the department of user '"
                    + userId + "': an app key's project must be in its user's department.");
        }
        Optional<String> departmentId = project.map(Project::departmentId).or(user::departmentId);
        String secret = ApiKeySecrets.newSecret();
        ManagedKey key = new ManagedKey(tenantId, ApiKeySecrets.newKeyId(), name, type, userId, departmentId, projectId,
                KeyStatus.ACTIVE, models, List.of(new KeySecret(ApiKeySecrets.hash(secret), Optional.empty())),
                call.now(), expiresAt, Optional.empty(), Optional.empty(), Optional.empty(), call.now(), 1);
        Optional<Budget> budget = limits.map(spec -> new Budget(tenantId, BudgetScope.KEY, key.keyId(), spec.limits(),
                spec.thresholds(), spec.alertRecipients(), call.now(), call.now(), 1));
        List<AccountStore.Insertion> insertions = new ArrayList<>(List.of(insertion(call, key)));
        budget.ifPresent(b -> insertions.add(new AccountStore.Insertion(b,
                Audit.entry(call, tenantId, "budget.create", b.ref(), null, BudgetJson.render(b)))));
        // the key and its budget together or not at all: never a key that outran its limits
        accounts.insertAll(insertions);
        return new Created(key, secret, budget);
    }

    /** An unrestricted admin key for {@code user} (a new tenant's first admin), not yet stored. */
    public static Created newAdminKey(AdminCall call, User user, String name) {
        String secret = ApiKeySecrets.newSecret();
        ManagedKey key = new ManagedKey(user.tenantId(), ApiKeySecrets.newKeyId(), name, KeyType.ADMIN, user.userId(),
                user.departmentId(), Optional.empty(), KeyStatus.ACTIVE, ModelPolicy.UNRESTRICTED,
                List.of(new KeySecret(ApiKeySecrets.hash(secret), Optional.empty())),
                call.now(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), call.now(), 1);
        return new Created(key, secret, Optional.empty());
    }

    /** Storing {@code key} with its audit entry. */
    public static AccountStore.Insertion insertion(AdminCall call, ManagedKey key) {
        return new AccountStore.Insertion(key, Audit.entry(call, key.tenantId(), "key.create", key.ref(), null, KeyJson.render(key)));
    }

    /** {@code ?userId= &projectId= &status= &type=}; members list their own keys. */
    public Page<ManagedKey> list(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        call.allowQuery("limit", "nextToken", "userId", "projectId", "status", "type");
        Optional<String> userId = call.queryId("userId");
        Optional<String> projectId = call.queryId("projectId");
        Optional<KeyStatus> status = Lists.keyStatus(call);
        Optional<KeyType> type = call.query("type").map(t -> switch (t) {
            case "app" -> KeyType.APP;
            case "admin" -> KeyType.ADMIN;
            default -> throw AdminException.invalid("type", "'type' must be app or admin.");
        });
        userId.ifPresent(u -> visibility.user(call.caller(), tenantId, u, "userId"));
        projectId.ifPresent(p -> visibility.project(call.caller(), tenantId, p, "projectId"));
        refuseFinance(call.caller());
        Predicate<ManagedKey> visible = visibility.keyFilter(call.caller(), tenantId);
        Predicate<ManagedKey> filter = k -> visible.test(k)
                && userId.map(k.userId()::equals).orElse(true)
                && projectId.map(p -> k.projectId().map(p::equals).orElse(false)).orElse(true)
                && status.map(s -> k.status() == s).orElse(true)
                && type.map(t -> k.type() == t).orElse(true);
        return accounts.listKeys(tenantId, call.page(), filter);
    }

    public ManagedKey get(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        ManagedKey key = visibility.key(call.caller(), tenantId, call.id("keyId"), "keyId").key();
        refuseFinance(call.caller());
        return key;
    }

    /** {@code {name?, allowedModels?, deniedModels?, expiresAt?}}; members may rename their keys only. */
    public ManagedKey update(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        String keyId = call.id("keyId");
        JsonBody body = call.body().only("name", "allowedModels", "deniedModels", "expiresAt");
        Optional<String> name = body.patched("name", Check::name);
        Optional<Set<String>> allowed = body.has("allowedModels")
                ? Optional.of(body.array("allowedModels").map(v -> Check.models(body.param("allowedModels"), v)).orElse(Set.of()))
                : Optional.empty();
        Optional<Set<String>> denied = body.has("deniedModels")
                ? Optional.of(body.array("deniedModels").map(v -> Check.models(body.param("deniedModels"), v)).orElse(Set.of()))
                : Optional.empty();
        boolean expiryGiven = body.has("expiresAt");
        Optional<Instant> expiresAt = expiresAt(call, body);
        Caller caller = call.caller();
        return Versioned.update(accounts, () -> accounts.findKey(tenantId, keyId),
                () -> Visibility.notFound("keyId", "key", keyId),
                current -> {
                    guardChange(call, current);
                    boolean setsLimits = accounts.findUser(tenantId, current.userId())
                            .map(owner -> Access.maySetLimitsOf(caller, owner)).orElse(Access.administersTenant(caller));
                    if (!setsLimits) {
                        for (String field : List.of("allowedModels", "deniedModels", "expiresAt")) {
                            if (body.has(field)) {
                                throw AdminException.forbidden(field, "'" + field + "' of this key is set by an admin above its owner;"
                                        + " you may rename it.");
                            }
                        }
                    }
                },
                call.ifMatch(),
                current -> {
                    requireActive(current);
                    ModelPolicy models = new ModelPolicy(allowed.orElse(current.models().allow()), denied.orElse(current.models().deny()));
                    ManagedKey updated = copy(current, name.orElse(current.name()), current.departmentId(), current.status(),
                            models, current.secrets(), expiryGiven ? expiresAt : current.expiresAt(), current.rotatedAt(),
                            current.revokedAt(), call.now());
                    if (updated.name().equals(current.name()) && updated.models().equals(current.models())
                            && updated.expiresAt().equals(current.expiresAt())) {
                        return Optional.empty();
                    }
                    return Optional.of(change(call, call.caller().actor(), "key.update", current, updated));
                }).entity();
    }

    /** Revokes the key: every secret stops working. Revoking a revoked key answers it unchanged. */
    public ManagedKey revoke(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        String keyId = call.id("keyId");
        call.optionalBody().only();
        ManagedKey found = accounts.findKey(tenantId, keyId).orElseThrow(() -> Visibility.notFound("keyId", "key", keyId));
        guardChange(call, found);
        if (found.status() == KeyStatus.REVOKED) {
            return found; // idempotent: a retried revoke succeeds whatever version it names
        }
        return Versioned.update(accounts, () -> accounts.findKey(tenantId, keyId),
                () -> Visibility.notFound("keyId", "key", keyId),
                current -> guardChange(call, current),
                call.ifMatch(),
                current -> revokeChange(call, current, call.caller().actor())).entity();
    }

    /**
     * {@code {gracePeriodSeconds?}} (default 86400, 0..604800): a new secret that works at once;
     * the previous one works until now + grace; any older secret still in grace stops now.
     */
    public Created rotate(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        String keyId = call.id("keyId");
        JsonBody body = call.optionalBody().only("gracePeriodSeconds");
        long grace = body.node("gracePeriodSeconds").map(v -> {
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0 || v.longValue() > MAX_GRACE_SECONDS) {
                throw AdminException.invalid("gracePeriodSeconds", "'gracePeriodSeconds' must be an integer from 0 to " + MAX_GRACE_SECONDS + ".");
            }
            return v.longValue();
        }).orElse(DEFAULT_GRACE_SECONDS);
        AtomicReference<String> secret = new AtomicReference<>();
        ManagedKey rotated = Versioned.update(accounts, () -> accounts.findKey(tenantId, keyId),
                () -> Visibility.notFound("keyId", "key", keyId),
                current -> guardChange(call, current),
                call.ifMatch(),
                current -> {
                    requireActive(current);
                    String fresh = ApiKeySecrets.newSecret();
                    secret.set(fresh);
                    List<KeySecret> secrets = new ArrayList<>();
                    secrets.add(new KeySecret(ApiKeySecrets.hash(fresh), Optional.empty()));
                    if (grace > 0) {
                        secrets.add(new KeySecret(current.secrets().get(0).hash(), Optional.of(call.now().plus(Duration.ofSeconds(grace)))));
                    }
                    ManagedKey updated = copy(current, current.name(), current.departmentId(), current.status(), current.models(),
                            secrets, current.expiresAt(), Optional.of(call.now()), current.revokedAt(), call.now());
                    return Optional.of(change(call, call.caller().actor(), "key.rotate", current, updated));
                }).entity();
        return new Created(rotated, secret.get(), Optional.empty());
    }

    /**
     * Revokes every active key matching {@code filter}, each in its own audited write by
     * {@code actor}; keys revoked meanwhile are skipped, so running it again is harmless.
     */
    public int revokeAll(AdminCall call, String tenantId, Predicate<ManagedKey> filter, Actor actor) {
        Predicate<ManagedKey> active = k -> k.status() == KeyStatus.ACTIVE && filter.test(k);
        int revoked = 0;
        for (String keyId : Visibility.allIds(page -> accounts.listKeys(tenantId, page, active), ManagedKey::keyId)) {
            if (Versioned.update(accounts, () -> accounts.findKey(tenantId, keyId),
                    () -> Visibility.notFound("keyId", "key", keyId), current -> { }, Optional.empty(),
                    current -> revokeChange(call, current, actor)).changed()) {
                revoked++;
            }
        }
        return revoked;
    }

    /** After a user moved department, their admin keys follow (app keys stay with their project's department). */
    public void followUserDepartment(AdminCall call, User user, Actor actor) {
        Predicate<ManagedKey> stale = k -> k.userId().equals(user.userId()) && k.type() == KeyType.ADMIN
                && k.status() == KeyStatus.ACTIVE && !k.departmentId().equals(user.departmentId());
        for (String keyId : Visibility.allIds(page -> accounts.listKeys(user.tenantId(), page, stale), ManagedKey::keyId)) {
            Versioned.update(accounts, () -> accounts.findKey(user.tenantId(), keyId),
                    () -> Visibility.notFound("keyId", "key", keyId), current -> { }, Optional.empty(),
                    current -> {
                        if (current.departmentId().equals(user.departmentId()) || current.type() != KeyType.ADMIN) {
                            return Optional.empty();
                        }
                        ManagedKey updated = copy(current, current.name(), user.departmentId(), current.status(), current.models(),
                                current.secrets(), current.expiresAt(), current.rotatedAt(), current.revokedAt(), call.now());
                        return Optional.of(change(call, actor, "key.update", current, updated));
                    });
        }
    }

    private Optional<Versioned.Change<ManagedKey>> revokeChange(AdminCall call, ManagedKey current, Actor actor) {
        if (current.status() == KeyStatus.REVOKED) {
            return Optional.empty();
        }
        ManagedKey updated = copy(current, current.name(), current.departmentId(), KeyStatus.REVOKED, current.models(),
                current.secrets(), current.expiresAt(), current.rotatedAt(), Optional.of(call.now()), call.now());
        return Optional.of(change(call, actor, "key.revoke", current, updated));
    }

    private static Versioned.Change<ManagedKey> change(AdminCall call, Actor actor, String action, ManagedKey current, ManagedKey updated) {
        return new Versioned.Change<>(updated, Audit.entry(call, actor, current.tenantId(), action, current.ref(),
                KeyJson.render(current), KeyJson.render(updated)));
    }

    private static ManagedKey copy(ManagedKey k, String name, Optional<String> departmentId, KeyStatus status, ModelPolicy models,
                                   List<KeySecret> secrets, Optional<Instant> expiresAt, Optional<Instant> rotatedAt,
                                   Optional<Instant> revokedAt, Instant now) {
        return new ManagedKey(k.tenantId(), k.keyId(), name, k.type(), k.userId(), departmentId, k.projectId(), status, models,
                secrets, k.createdAt(), expiresAt, rotatedAt, revokedAt, k.lastUsedAt(), now, k.version() + 1);
    }

    private void guardChange(AdminCall call, ManagedKey current) {
        Caller caller = call.caller();
        Optional<User> owner = accounts.findUser(current.tenantId(), current.userId());
        if (!Access.seesKey(caller, current, owner)) {
            throw Visibility.notFound("keyId", "key", current.keyId());
        }
        refuseFinance(caller);
        if (!owner.map(u -> mayManageKeysOf(caller, u)).orElse(Access.administersTenant(caller))) {
            throw AdminException.forbidden("Your role may not change this key.");
        }
    }

    /** Tenant admins: anyone's; department admins: their own and their department's members' and department admins'; members: their own. */
    private static boolean mayManageKeysOf(Caller caller, User owner) {
        if (Access.administersTenant(caller)) {
            return true;
        }
        if (Access.hasRole(caller, Role.FINANCE)) {
            return false;
        }
        if (Access.isSelf(caller, owner.userId())) {
            return true;
        }
        return Access.hasRole(caller, Role.DEPARTMENT_ADMIN) && Access.seesUser(caller, owner)
                && Access.departmentAdminMayManage(owner.role());
    }

    private static void refuseFinance(Caller caller) {
        if (Access.hasRole(caller, Role.FINANCE)) {
            throw AdminException.forbidden("Finance reads budgets and spend, not keys.");
        }
    }

    private static void requireActive(ManagedKey key) {
        if (key.status() != KeyStatus.ACTIVE) {
            throw AdminException.conflict("key_revoked", "keyId", "Key '" + key.keyId() + "' is revoked.");
        }
    }

    private static Optional<Instant> expiresAt(AdminCall call, JsonBody body) {
        return body.string("expiresAt").map(value -> {
            Instant at = Check.instant(body.param("expiresAt"), value);
            if (!at.isAfter(call.now())) {
                throw AdminException.invalid(body.param("expiresAt"), "'expiresAt' must be in the future.");
            }
            return at;
        });
    }

    private static ModelPolicy models(JsonBody body) {
        Set<String> allowed = body.array("allowedModels").map(v -> Check.models(body.param("allowedModels"), v)).orElse(Set.of());
        Set<String> denied = body.array("deniedModels").map(v -> Check.models(body.param("deniedModels"), v)).orElse(Set.of());
        return new ModelPolicy(allowed, denied);
    }
}
