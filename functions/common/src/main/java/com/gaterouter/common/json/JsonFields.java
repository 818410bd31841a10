package com.gaterouter.common.json;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading required fields of a JSON tree, with an {@link IllegalArgumentException} naming what is wrong. */
public final class JsonFields {

    private JsonFields() {
    }

    public static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return value.asText();
    }

    public static long number(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " is not an integer");
        }
        return value.asLong();
    }

    public static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isArray()) {
            throw new IllegalArgumentException(field + " is not an array");
        }
        return value;
    }
}
