package com.gaterouter.admin.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.auth.PolicyTarget;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountEntity;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.PolicyScope;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The API of one kind of policy set per level ({@code …/{scope}/{scopeId}}): read, PUT (create or
 * replace, see {@link Versioned#upsert}), delete and list, with who may see and change which level
 * decided by {@link PolicyTarget}. Model policies and routing policies differ only in their content
 * {@code C} and their names.
 *
 * @param kind   the levels the policies are set on
 * @param noun   how errors name one ("policy", "routing policy")
 * @param find   the stored policy of a level
 * @param list   a page of the tenant's policies
 * @param render the policy as the admin API shows it (and the audit log records it)
 */
public record ScopedPolicies<T extends AccountEntity, C>(AccountStore accounts, Visibility visibility, PolicyTarget.Kind kind,
                                                         String noun, Finder<T> find, Lister<T> list, Function<T, ObjectNode> render,
                                                         Shape<T, C> shape) {

    /** How to build and read one policy record (its canonical constructor and accessors). */
    public record Shape<T, C>(Maker<T, C> make, Function<T, PolicyScope> scope, Function<T, String> scopeId,
                              Function<T, C> content, Function<T, Instant> createdAt) {
    }

    /** The stored policy of one level. */
    @FunctionalInterface
    public interface Finder<T> {
        Optional<T> find(String tenantId, PolicyScope scope, String scopeId);
    }

    /** A page of a tenant's policies that match a filter. */
    @FunctionalInterface
    public interface Lister<T> {
        Page<T> list(String tenantId, PageRequest page, Predicate<T> filter);
    }

    /** A policy of one level (the record's canonical constructor). */
    @FunctionalInterface
    public interface Maker<T, C> {
        T make(String tenantId, PolicyScope scope, String scopeId, C content, Instant createdAt, Instant updatedAt, long version);
    }

    public T get(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        PolicyTarget target = PolicyTarget.resolve(accounts, call, tenantId, kind);
        return find.find(tenantId, target.scope(), target.scopeId()).orElseThrow(() -> missing(target));
    }

    /**
     * Sets the level's policy to {@code content}, read from the request body by {@code parse}
     * (before the level is resolved, so a bad body is 400 wherever it was sent).
     */
    public Versioned.Upserted<T> put(AdminCall call, Function<AdminCall, C> parse) {
        String tenantId = visibility.tenantId(call);
        C wanted = parse.apply(call);
        PolicyTarget target = PolicyTarget.resolve(accounts, call, tenantId, kind);
        target.requireWritable("this " + noun);
        target.requireActive();
        return Versioned.upsert(accounts, call, () -> find.find(tenantId, target.scope(), target.scopeId()),
                () -> shape.make().make(tenantId, target.scope(), target.scopeId(), wanted, call.now(), call.now(), 1),
                current -> shape.content().apply(current).equals(wanted) ? Optional.empty()
                        : Optional.of(shape.make().make(tenantId, target.scope(), target.scopeId(), wanted,
                                shape.createdAt().apply(current), call.now(), current.version() + 1)),
                render);
    }

    /** Removes the level's policy: requests under it inherit from the level above. */
    public T delete(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        PolicyTarget target = PolicyTarget.resolve(accounts, call, tenantId, kind);
        target.requireWritable("this " + noun);
        return Versioned.delete(accounts, () -> find.find(tenantId, target.scope(), target.scopeId()),
                () -> missing(target), current -> { }, call.ifMatch(),
                current -> Audit.entry(call, tenantId, current.ref().kind().wireName() + ".delete", current.ref(),
                        render.apply(current), null));
    }

    /** {@code ?scope=}: the policies the caller may see. */
    public Page<T> list(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        call.allowQuery("limit", "nextToken", "scope");
        Optional<PolicyScope> scope = PolicyTarget.scopeFilter(call, kind);
        BiPredicate<PolicyScope, String> visible = PolicyTarget.visibleTo(visibility, call.caller(), tenantId);
        return list.list(tenantId, call.page(),
                p -> scope.map(s -> shape.scope().apply(p) == s).orElse(true)
                        && visible.test(shape.scope().apply(p), shape.scopeId().apply(p)));
    }

    private AdminException missing(PolicyTarget target) {
        return AdminException.notFound("scopeId", "No " + noun + " for " + target.scope().wireName() + " '" + target.scopeId() + "'.");
    }
}
