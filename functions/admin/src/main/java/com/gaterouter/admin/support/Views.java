package com.gaterouter.admin.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.json.Json;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** Small helpers for the entities' JSON: optional values are written as {@code null}, never left out. */
public final class Views {

    private Views() {
    }

    public static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    public static void put(ObjectNode node, String field, Optional<String> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }

    public static void putInstant(ObjectNode node, String field, Instant value) {
        node.put(field, value.toString());
    }

    public static void putInstant(ObjectNode node, String field, Optional<Instant> value) {
        put(node, field, value.map(Instant::toString));
    }

    /**
     * The fields an organisation entity's view (tenant, department, project, user) ends with:
     * {@code status} (lower case), {@code createdAt}, {@code updatedAt}, {@code version} (the ETag).
     */
    public static void putLifecycle(ObjectNode node, EntityStatus status, Instant createdAt, Instant updatedAt, long version) {
        node.put("status", status.name().toLowerCase(Locale.ROOT));
        putInstant(node, "createdAt", createdAt);
        putInstant(node, "updatedAt", updatedAt);
        node.put("version", version);
    }

    /** A set as a sorted array, so equal sets always render alike (audit before/after compare cleanly). */
    public static void putSorted(ObjectNode node, String field, Collection<String> values) {
        ArrayNode array = node.putArray(field);
        new TreeSet<>(values).forEach(array::add);
    }
}
