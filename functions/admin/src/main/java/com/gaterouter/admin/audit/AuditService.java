package com.gaterouter.admin.audit;

import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.AuditQuery;
import com.gaterouter.common.accounts.Page;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tenant's audit log, newest first: tenant admins and platform admins only. Filters
 * ({@code action}, {@code actorId}, {@code targetId}, {@code from}, {@code to}) are optional and
 * combine; each malformed one is a 400 naming it. A {@code nextToken} is bound to the filters by
 * {@link AdminCall#listBinding()}, so reusing it with other filters is a 400 on {@code nextToken}.
 */
public record AuditService(AccountStore accounts, Visibility visibility) {

    /** Printable ASCII without spaces: user ids, {@code bootstrap-key}, IAM ARNs, {@code cascade:department/dept_…}. */
    private static final Pattern ACTOR_ID = Pattern.compile("^[!-~]{1,1024}$");
    /** An id, or {@code scope/id} for budgets, policies and routing policies. */
    private static final Pattern TARGET_ID = Pattern.compile("^([a-z]{1,32}/)?[A-Za-z0-9_-]{1,64}$");
    private static final Pattern DAY = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    public Page<AuditEntry> list(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        call.allowQuery("limit", "nextToken", "action", "actorId", "targetId", "from", "to");
        if (!Access.administersTenant(call.caller())) {
            throw AdminException.forbidden("Only tenant admins read the audit log.");
        }
        return accounts.audit(tenantId, query(call), call.page());
    }

    /** The filters of {@code call}, validated. */
    static AuditQuery query(AdminCall call) {
        Optional<String> action = call.query("action").map(value -> {
            if (!AuditActions.known(value)) {
                throw AdminException.invalid("action", "'action' must be an action such as key.revoke or a kind such as key"
                        + " (all its actions); kinds: " + String.join(", ", AuditActions.kinds()) + ".");
            }
            return value;
        });
        Optional<String> actorId = call.query("actorId").map(value -> {
            if (!ACTOR_ID.matcher(value).matches()) {
                throw AdminException.invalid("actorId", "'actorId' must be an actor's id (a user id, bootstrap-key, an IAM ARN,"
                        + " cascade:…) or an admin key's id: 1 to 1024 printable characters without spaces.");
            }
            return value;
        });
        Optional<String> targetId = call.query("targetId").map(value -> {
            if (!TARGET_ID.matcher(value).matches()) {
                throw AdminException.invalid("targetId", "'targetId' must be an id such as key_… or scope/id such as"
                        + " department/dept_….");
            }
            return value;
        });
        Optional<Instant> from = bound(call, "from", false);
        Optional<Instant> to = bound(call, "to", true);
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw AdminException.invalid("from", "'from' (" + from.get() + ") must not be after 'to' (" + to.get() + ").");
        }
        return new AuditQuery(action, actorId, targetId, from, to);
    }

    /**
     * {@code ?from=} / {@code ?to=}: an ISO-8601 instant ({@code 2026-11-24T09:30:00Z}, an offset
     * instead of {@code Z} allowed) or a UTC day ({@code 2026-11-24}): its first instant for
     * {@code from}, its last for {@code to}, so both bounds are inclusive.
     */
    private static Optional<Instant> bound(AdminCall call, String param, boolean endOfDay) {
        return call.query(param).map(value -> {
            Instant instant = null;
            try {
                if (DAY.matcher(value).matches()) {
                    LocalDate day = LocalDate.parse(value);
                    instant = endOfDay
                            ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1)
                            : day.atStartOfDay(ZoneOffset.UTC).toInstant();
                } else if (value.length() <= 64 && value.indexOf('T') > 0) {
                    instant = OffsetDateTime.parse(value).toInstant();
                }
            } catch (DateTimeParseException | ArithmeticException e) {
                instant = null;
            }
            if (instant == null || instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw AdminException.invalid(param, "'" + param + "' must be an instant such as 2026-11-24T09:30:00Z"
                        + " or a UTC day such as 2026-11-24" + (endOfDay ? " (through the end of that day)." : "."));
            }
            return instant;
        });
    }
}
