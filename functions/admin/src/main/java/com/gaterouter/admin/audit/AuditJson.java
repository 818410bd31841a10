package com.gaterouter.admin.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.AuditEntry;
import java.util.Locale;

/** {@code {auditId, at, actor:{kind, id, keyId?}, action, target:{kind, id}, before, after, requestId}}. */
public final class AuditJson {

    private AuditJson() {
    }

    public static ObjectNode render(AuditEntry entry) {
        ObjectNode node = Views.object();
        node.put("auditId", entry.auditId());
        node.put("at", entry.at().toString());
        ObjectNode actor = node.putObject("actor");
        actor.put("kind", entry.actor().kind().name().toLowerCase(Locale.ROOT));
        actor.put("id", entry.actor().id());
        entry.actor().keyId().ifPresent(k -> actor.put("keyId", k));
        node.put("action", entry.action());
        ObjectNode target = node.putObject("target");
        target.put("kind", entry.target().kind().wireName());
        target.put("id", entry.target().id());
        if (entry.before().isPresent()) {
            node.set("before", entry.before().get());
        } else {
            node.putNull("before");
        }
        if (entry.after().isPresent()) {
            node.set("after", entry.after().get());
        } else {
            node.putNull("after");
        }
        node.put("requestId", entry.requestId());
        return node;
    }
}
