package com.gaterouter.admin.budgets;

import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Caller;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.support.Audit;
import com.gaterouter.admin.support.Versioned;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Budget;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.User;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.SpendCounters;
import com.gaterouter.common.spend.SpendCounters.CounterValues;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Budgets of a tenant, its departments, projects, users and keys. Whoever sees the scope's target
 * sees its budget, except: members see only their own user's and keys' budgets, department admins
 * not the tenant's. Tenant admins change any; department admins those of projects, users and keys
 * in their department (their department's own budget is read-only to them); finance reads all.
 * Reading a budget shows, with it, what each limit has used in its current period
 * ({@link BudgetUsage}): whoever may see the budget may see its usage.
 */
public final class BudgetService {

    private final AccountStore accounts;
    private final Visibility visibility;
    private final Optional<SpendCounters> spend;

    /** Without the spend counters: budgets are shown without their usage. */
    public BudgetService(AccountStore accounts, Visibility visibility) {
        this(accounts, visibility, Optional.empty());
    }

    /** @param spend the router's spend counters, read for what each limit has used in its current period */
    public BudgetService(AccountStore accounts, Visibility visibility, Optional<SpendCounters> spend) {
        this.accounts = accounts;
        this.visibility = visibility;
        this.spend = Objects.requireNonNull(spend, "spend");
    }

    /** A budget as read: with its usage in the current periods, when the spend counters are available. */
    public record Viewed(Budget budget, Optional<BudgetUsage> usage) {
    }

    /** A page of budgets, each with its usage (read for the whole page at once). */
    public record ViewedPage(Page<Budget> page, Map<Budget, BudgetUsage> usage) {
        public Optional<BudgetUsage> usageOf(Budget budget) {
            return Optional.ofNullable(usage.get(budget));
        }
    }

    /** What a budget route addresses: the scope's target, which the caller may see. */
    public record Target(BudgetScope scope, String scopeId, boolean active, boolean writable) {
    }

    /** GET: the budget, and what each of its limits has used in its current period. */
    public Viewed get(AdminCall call) {
        Tenant tenant = visibility.tenant(call.caller(), call.tenantId());
        Target target = target(call, tenant.tenantId());
        Budget budget = accounts.findBudget(tenant.tenantId(), target.scope(), target.scopeId()).orElseThrow(() -> noBudget(target));
        return new Viewed(budget, Optional.ofNullable(usage(List.of(budget), tenant, call.now()).get(budget)));
    }

    /** PUT: creates (201) or replaces (200) the budget; see {@link BudgetJson#parse}. */
    public Versioned.Upserted<Budget> put(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        BudgetScope scope = scope(call);
        BudgetJson.Spec spec = BudgetJson.parse(call.body(), scope);
        Target target = target(call, tenantId);
        requireWritable(target);
        if (!target.active()) {
            throw AdminException.conflict("parent_archived", "scopeId",
                    "The " + scope.wireName() + " '" + target.scopeId() + "' is archived or revoked.");
        }
        return Versioned.upsert(accounts, call, () -> accounts.findBudget(tenantId, scope, target.scopeId()),
                () -> new Budget(tenantId, scope, target.scopeId(), spec.limits(), spec.thresholds(), spec.alertRecipients(),
                        spec.escalationRecipients(), call.now(), call.now(), 1),
                current -> current.limits().equals(spec.limits()) && current.thresholdsPercent().equals(spec.thresholds())
                        && current.alertRecipients().equals(spec.alertRecipients())
                        && current.escalationRecipients().equals(spec.escalationRecipients()) ? Optional.empty()
                        : Optional.of(new Budget(tenantId, scope, target.scopeId(), spec.limits(), spec.thresholds(),
                                spec.alertRecipients(), spec.escalationRecipients(), current.createdAt(), call.now(),
                                current.version() + 1)),
                BudgetJson::render);
    }

    public Budget delete(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        Target target = target(call, tenantId);
        requireWritable(target);
        return Versioned.delete(accounts, () -> accounts.findBudget(tenantId, target.scope(), target.scopeId()),
                () -> noBudget(target), current -> { }, call.ifMatch(),
                current -> Audit.entry(call, tenantId, "budget.delete", current.ref(), BudgetJson.render(current), null));
    }

    /** {@code ?scope=}: the budgets the caller may see, each with its usage (one batch read of the counters per page). */
    public ViewedPage list(AdminCall call) {
        Tenant tenant = visibility.tenant(call.caller(), call.tenantId());
        String tenantId = tenant.tenantId();
        call.allowQuery("limit", "nextToken", "scope");
        Optional<BudgetScope> scope = call.query("scope").map(s -> BudgetScope.fromWire(s)
                .orElseThrow(() -> AdminException.invalid("scope", "'scope' must be tenant, department, project, user or key.")));
        PageRequest page = call.page();
        Predicate<Budget> visible = visibleFilter(call.caller(), tenantId);
        Page<Budget> budgets = accounts.listBudgets(tenantId, page, b -> scope.map(s -> b.scope() == s).orElse(true) && visible.test(b));
        return new ViewedPage(budgets, usage(budgets.items(), tenant, call.now()));
    }

    /** The usage of each of {@code budgets} at {@code now}, from one batch read of their counters; empty without counters. */
    private Map<Budget, BudgetUsage> usage(List<Budget> budgets, Tenant tenant, Instant now) {
        if (spend.isEmpty() || budgets.isEmpty()) {
            return Map.of();
        }
        ZoneId zone = tenant.timeZone();
        List<Counter> counters = BudgetUsage.counters(budgets, now, zone);
        Map<Counter, CounterValues> values = counters.isEmpty() ? Map.of() : spend.get().read(counters);
        Map<Budget, BudgetUsage> usage = new HashMap<>();
        budgets.forEach(budget -> usage.put(budget, BudgetUsage.of(budget, now, zone, values)));
        return usage;
    }

    private Predicate<Budget> visibleFilter(Caller caller, String tenantId) {
        BiPredicate<BudgetScope, String> visible = visibleScopes(caller, tenantId);
        return b -> visible.test(b.scope(), b.scopeId());
    }

    /**
     * Which budget scopes of the tenant the caller may see — the budgets' and, with them, their alerts
     * ({@code …/alerts}): everything for those who see the whole tenant; for a department admin their
     * department and its projects, users and keys (not the tenant); for a member their own user and
     * keys. Department admins' and members' sets are read once, here.
     */
    public BiPredicate<BudgetScope, String> visibleScopes(Caller caller, String tenantId) {
        if (Access.seesWholeTenant(caller)) {
            return (scope, scopeId) -> true;
        }
        if (Access.hasRole(caller, Role.DEPARTMENT_ADMIN)) {
            String department = Access.confinedTo(caller).orElseThrow();
            Set<String> projects = visibility.projectIdsIn(tenantId, department);
            Set<String> users = visibility.userIdsIn(tenantId, department);
            Set<String> keys = Visibility.allIds(p -> accounts.listKeys(tenantId, p, visibility.keyFilter(caller, tenantId)), ManagedKey::keyId);
            return (scope, scopeId) -> switch (scope) {
                case TENANT -> false;
                case DEPARTMENT -> scopeId.equals(department);
                case PROJECT -> projects.contains(scopeId);
                case USER -> users.contains(scopeId);
                case KEY -> keys.contains(scopeId);
            };
        }
        Set<String> ownKeys = Visibility.allIds(p -> accounts.listKeys(tenantId, p, k -> Access.isSelf(caller, k.userId())), ManagedKey::keyId);
        return (scope, scopeId) -> (scope == BudgetScope.USER && Access.isSelf(caller, scopeId))
                || (scope == BudgetScope.KEY && ownKeys.contains(scopeId));
    }

    private Target target(AdminCall call, String tenantId) {
        BudgetScope scope = scope(call);
        String scopeId = call.id("scopeId");
        Caller caller = call.caller();
        boolean departmentAdmin = Access.hasRole(caller, Role.DEPARTMENT_ADMIN);
        boolean whole = Access.seesWholeTenant(caller);
        AdminException hidden = Visibility.notFound("scopeId", scope.wireName(), scopeId);
        boolean active;
        User person = null;
        String keyOwner = null;
        switch (scope) {
            case TENANT -> {
                if (!scopeId.equals(tenantId)) {
                    throw AdminException.invalid("scopeId", "A tenant budget's scopeId is the tenant id, '" + tenantId + "'.");
                }
                if (!whole) {
                    throw hidden;
                }
                active = accounts.findTenant(tenantId).map(t -> t.status() == EntityStatus.ACTIVE).orElse(false);
            }
            case DEPARTMENT -> {
                var department = accounts.findDepartment(tenantId, scopeId)
                        .filter(d -> whole || (departmentAdmin && Access.seesDepartment(caller, d.departmentId())))
                        .orElseThrow(() -> hidden);
                active = department.status() == EntityStatus.ACTIVE;
            }
            case PROJECT -> {
                Project project = accounts.findProject(tenantId, scopeId)
                        .filter(p -> whole || (departmentAdmin && Access.seesDepartment(caller, p.departmentId())))
                        .orElseThrow(() -> hidden);
                active = project.status() == EntityStatus.ACTIVE;
            }
            case USER -> {
                User user = accounts.findUser(tenantId, scopeId)
                        .filter(u -> whole || Access.isSelf(caller, u.userId()) || (departmentAdmin && Access.seesUser(caller, u)))
                        .orElseThrow(() -> hidden);
                active = user.status() == EntityStatus.ACTIVE;
                person = user;
            }
            case KEY -> {
                ManagedKey key = accounts.findKey(tenantId, scopeId).orElseThrow(() -> hidden);
                boolean visible = whole || Access.isSelf(caller, key.userId())
                        || (departmentAdmin && Access.seesKey(caller, key, accounts.findUser(tenantId, key.userId())));
                if (!visible) {
                    throw hidden;
                }
                active = key.status() == KeyStatus.ACTIVE;
                keyOwner = key.userId();
            }
            default -> throw new IllegalStateException(scope.name());
        }
        // a budget that binds a person (theirs, or one of their keys') is set by an admin above them, never by themselves
        boolean writable = switch (scope) {
            case USER -> Access.maySetLimitsOf(caller, person);
            case KEY -> Access.administersTenant(caller) || (departmentAdmin && !Access.isSelf(caller, keyOwner));
            case PROJECT -> Access.administersTenant(caller) || departmentAdmin;
            case TENANT, DEPARTMENT -> Access.administersTenant(caller);
        };
        return new Target(scope, scopeId, active, writable);
    }

    private static BudgetScope scope(AdminCall call) {
        return BudgetScope.fromWire(call.raw("scope"))
                .orElseThrow(() -> AdminException.invalid("scope", "'scope' must be tenant, department, project, user or key."));
    }

    private static void requireWritable(Target target) {
        if (!target.writable()) {
            throw Access.readOnly("this budget");
        }
    }

    private static AdminException noBudget(Target target) {
        return AdminException.notFound("scopeId", "No budget for " + target.scope().wireName() + " '" + target.scopeId() + "'.");
    }

}
