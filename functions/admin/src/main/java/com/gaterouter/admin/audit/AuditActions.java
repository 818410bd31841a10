package com.gaterouter.admin.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit log's vocabulary: {@code <kind>.<verb>} for every change the admin API (and the
 * gateway's own cascades) writes, as docs/admin-api.md "Audit log" lists it. The {@code ?action=}
 * filter accepts exactly these actions and kinds.
 */
public final class AuditActions {

    /** Kind to its verbs, in the order the guide lists them. */
    public static final Map<String, List<String>> VERBS;

    static {
        Map<String, List<String>> verbs = new LinkedHashMap<>();
        verbs.put("tenant", List.of("create", "update"));
        verbs.put("department", List.of("create", "update", "archive"));
        verbs.put("project", List.of("create", "update", "archive"));
        verbs.put("user", List.of("create", "update", "archive"));
        verbs.put("key", List.of("create", "update", "rotate", "revoke"));
        verbs.put("budget", List.of("create", "update", "delete"));
        verbs.put("policy", List.of("create", "update", "delete"));
        verbs.put("routing", List.of("create", "update", "delete"));
        verbs.put("pricing", List.of("create", "update"));
        verbs.put("contract", List.of("create", "update"));
        verbs.put("reconciliation", List.of("create"));
        VERBS = Collections.unmodifiableMap(verbs);
    }

    private AuditActions() {
    }

    public static Set<String> kinds() {
        return VERBS.keySet();
    }

    /** Whether {@code value} is a kind ({@code key}) or one of its actions ({@code key.revoke}). */
    public static boolean known(String value) {
        int dot = value.indexOf('.');
        if (dot < 0) {
            return VERBS.containsKey(value);
        }
        List<String> verbs = VERBS.get(value.substring(0, dot));
        return verbs != null && verbs.contains(value.substring(dot + 1));
    }
}
