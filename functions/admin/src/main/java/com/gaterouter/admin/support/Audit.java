package com.gaterouter.admin.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.EntityRef;
import java.util.Optional;

/** Builds the audit entry that travels with every write: before and after are the API's JSON of the entity. */
public final class Audit {

    private Audit() {
    }

    public static AuditEntry entry(AdminCall call, String tenantId, String action, EntityRef target,
                                   JsonNode before, JsonNode after) {
        return entry(call, call.caller().actor(), tenantId, action, target, before, after);
    }

    public static AuditEntry entry(AdminCall call, Actor actor, String tenantId, String action, EntityRef target,
                                   JsonNode before, JsonNode after) {
        return new AuditEntry(tenantId, Ids.audit(), call.now(), actor, action, target,
                Optional.ofNullable(before), Optional.ofNullable(after), call.requestId());
    }

    /** The actor of changes the gateway makes on its own, e.g. revoking the keys of an archived department. */
    public static Actor system(String cause) {
        return new Actor(Actor.Kind.SYSTEM, cause, Optional.empty());
    }
}
