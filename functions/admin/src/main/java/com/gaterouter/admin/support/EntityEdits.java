package com.gaterouter.admin.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.common.accounts.AccountEntity;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.EntityKind;
import com.gaterouter.common.accounts.EntityStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The in-place edits of one kind of organisation entity (departments, projects, users): find it by
 * id in the tenant (404 {@code <kind>Id} when it is not there), run the guard, apply the edit under
 * {@link Versioned}'s rules, and audit it as {@code <kind>.<action>} with the API's JSON before and
 * after. Archiving is one such edit: the entity with status {@code archived}, or no change when it
 * is archived already (so a cascade behind it can run again).
 *
 * @param find     the stored entity by tenant and id
 * @param render   the entity as the admin API shows it (and the audit log records it)
 * @param status   the entity's status
 * @param restated the entity with another status, changed at the given instant (version + 1)
 */
public record EntityEdits<T extends AccountEntity>(AccountStore store, EntityKind kind, Finder<T> find,
                                                   Function<T, ObjectNode> render, Function<T, EntityStatus> status,
                                                   Restated<T> restated) {

    /** Reads one entity of a tenant by id. */
    @FunctionalInterface
    public interface Finder<T> {
        Optional<T> find(String tenantId, String id);
    }

    /** The entity with {@code status}, updated at {@code now}, one version up. */
    @FunctionalInterface
    public interface Restated<T> {
        T with(T current, EntityStatus status, Instant now);
    }

    /**
     * The caller's edit of entity {@code id} with the request's If-Match; {@code edit} answers the
     * new state (one version up) or empty when the request changes nothing.
     */
    public Versioned.Result<T> edit(AdminCall call, String tenantId, String id, Consumer<T> guard, String action,
                                    Function<T, Optional<T>> edit) {
        return edit(call, call.caller().actor(), tenantId, id, guard, call.ifMatch(), action, edit);
    }

    /** As {@link #edit(AdminCall, String, String, Consumer, String, Function)}, by {@code actor}, with {@code ifMatch}. */
    public Versioned.Result<T> edit(AdminCall call, Actor actor, String tenantId, String id, Consumer<T> guard,
                                    Optional<Long> ifMatch, String action, Function<T, Optional<T>> edit) {
        String noun = kind.wireName();
        return Versioned.update(store, () -> find.find(tenantId, id), () -> Visibility.notFound(noun + "Id", noun, id),
                guard, ifMatch,
                current -> edit.apply(current).map(updated -> new Versioned.Change<>(updated, Audit.entry(call, actor,
                        tenantId, noun + "." + action, current.ref(), render.apply(current), render.apply(updated)))));
    }

    /** The entity with {@code name} and {@code costCenter}, updated at {@code now}, one version up. */
    @FunctionalInterface
    public interface Relabelled<T> {
        T with(T current, String name, Optional<String> costCenter, Instant now);
    }

    /**
     * The caller's {@code {name?, costCenter?}} patch of the entity named by the path's
     * {@code <kind>Id} (departments, projects): {@code costCenter: null} removes the cost centre; no
     * change when the body leaves both out or repeats the current values.
     */
    public T relabel(AdminCall call, String tenantId, Consumer<T> guard, Function<T, String> name,
                     Function<T, Optional<String>> costCenter, Relabelled<T> relabelled) {
        String id = call.id(kind.wireName() + "Id");
        JsonBody body = call.body().only("name", "costCenter");
        Optional<String> newName = body.patched("name", Check::name);
        Optional<Optional<String>> newCostCenter = body.has("costCenter")
                ? Optional.of(body.isNull("costCenter") ? Optional.empty() : Optional.of(costCenter(body).orElseThrow()))
                : Optional.empty();
        return edit(call, tenantId, id, guard, "update", current -> {
            String nextName = newName.orElse(name.apply(current));
            Optional<String> nextCostCenter = newCostCenter.orElse(costCenter.apply(current));
            if (nextName.equals(name.apply(current)) && nextCostCenter.equals(costCenter.apply(current))) {
                return Optional.empty();
            }
            return Optional.of(relabelled.with(current, nextName, nextCostCenter, call.now()));
        }).entity();
    }

    /** The body's optional {@code costCenter} (absent or {@code null}: empty), checked by {@link Check#costCenter}. */
    public static Optional<String> costCenter(JsonBody body) {
        return body.string("costCenter").map(value -> Check.costCenter(body.param("costCenter"), value));
    }

    /** The caller archives entity {@code id} (with the request's If-Match). */
    public T archive(AdminCall call, String tenantId, String id, Consumer<T> guard) {
        return archive(call, call.caller().actor(), tenantId, id, guard, call.ifMatch());
    }

    /** Archives entity {@code id} by {@code actor}: a change only while it is active. */
    public T archive(AdminCall call, Actor actor, String tenantId, String id, Consumer<T> guard, Optional<Long> ifMatch) {
        return edit(call, actor, tenantId, id, guard, ifMatch, "archive",
                current -> status.apply(current) == EntityStatus.ARCHIVED
                        ? Optional.empty()
                        : Optional.of(restated.with(current, EntityStatus.ARCHIVED, call.now()))).entity();
    }
}
