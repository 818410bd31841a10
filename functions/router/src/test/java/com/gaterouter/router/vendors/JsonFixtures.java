package com.gaterouter.router.vendors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;

/** JSON written in tests, read through the gateway's shared mapper. */
public final class JsonFixtures {

    private JsonFixtures() {
    }

    /** {@code text}, which must be a JSON object. */
    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Re-read through the shared mapper, so int/long/double node types built in code compare by value. */
    public static JsonNode canonical(JsonNode node) {
        return json("{\"v\":" + node + "}").get("v");
    }
}
