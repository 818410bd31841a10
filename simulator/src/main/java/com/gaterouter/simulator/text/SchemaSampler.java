package com.gaterouter.simulator.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Makes a plausible value for a JSON Schema (and Gemini's OpenAPI-style schema with upper-case
 * types): used for tool-call arguments and for structured-output replies. Deterministic:
 * {@code const}, then the first {@code enum} value, then {@code default}, then a sample by type
 * and by property name (a {@code city}/{@code location} string is "Paris").
 * Bounded whatever the schema says: at most {@link #MAX_NODES} values, {@link #MAX_ARRAY_ITEMS}
 * items per array, {@link #MAX_STRING_CHARS} characters per string, nesting {@code MAX_DEPTH};
 * past the value budget the sampler answers {@code null}.
 */
public final class SchemaSampler {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 8;
    /** Most values one sample holds (objects, arrays and scalars together). */
    public static final int MAX_NODES = 10_000;
    /** Most items per array, whatever {@code minItems} says. */
    public static final int MAX_ARRAY_ITEMS = 100;
    /** Longest sampled string, whatever {@code minLength} says. */
    public static final int MAX_STRING_CHARS = 4_096;

    private int nodes;

    private final JsonNode root;
    private final boolean requiredOnly;

    private SchemaSampler(JsonNode root, boolean requiredOnly) {
        this.root = root;
        this.requiredOnly = requiredOnly;
    }

    /**
     * A value for {@code schema}. With {@code requiredOnly}, objects get only their required
     * properties (how a model fills tool arguments); otherwise every declared property.
     */
    public static JsonNode sample(JsonNode schema, boolean requiredOnly) {
        if (schema == null || schema.isMissingNode() || schema.isNull()) {
            return NODES.objectNode();
        }
        return new SchemaSampler(schema, requiredOnly).value(schema, "", 0);
    }

    private JsonNode value(JsonNode schema, String name, int depth) {
        if (depth > MAX_DEPTH || schema == null || !schema.isObject() || ++nodes > MAX_NODES) {
            return NODES.nullNode();
        }
        if (schema.has("$ref")) {
            JsonNode target = resolve(schema.get("$ref").asText());
            return target == null ? NODES.objectNode() : value(target, name, depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && enumValues.isArray()) {
            for (JsonNode v : enumValues) {
                if (!v.isNull()) {
                    return v;
                }
            }
        }
        if (schema.has("default") && !schema.get("default").isNull()) {
            return schema.get("default");
        }
        for (String combinator : new String[] {"anyOf", "oneOf"}) {
            JsonNode options = schema.get(combinator);
            if (options != null && options.isArray() && !options.isEmpty()) {
                for (JsonNode option : options) {
                    if (!"null".equalsIgnoreCase(option.path("type").asText())) {
                        return value(option, name, depth + 1);
                    }
                }
                return NODES.nullNode();
            }
        }
        JsonNode allOf = schema.get("allOf");
        if (allOf != null && allOf.isArray() && !allOf.isEmpty()) {
            ObjectNode merged = NODES.objectNode();
            for (JsonNode part : allOf) {
                JsonNode v = value(part, name, depth + 1);
                if (v.isObject()) {
                    merged.setAll((ObjectNode) v);
                } else {
                    return v;
                }
            }
            return merged;
        }
        return switch (type(schema)) {
            case "object" -> object(schema, depth);
            case "array" -> array(schema, name, depth);
            case "integer" -> NODES.numberNode((long) bounded(schema, 42));
            case "number" -> NODES.numberNode(bounded(schema, 3.5));
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(string(schema, name));
        };
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode out = NODES.objectNode();
        JsonNode properties = schema.get("properties");
        if (properties == null || !properties.isObject()) {
            return out;
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (Map.Entry<String, JsonNode> p : properties.properties()) {
            if (nodes >= MAX_NODES) {
                break;
            }
            if (!requiredOnly || required.contains(p.getKey())) {
                out.set(p.getKey(), value(p.getValue(), p.getKey(), depth + 1));
            }
        }
        return out;
    }

    private ArrayNode array(JsonNode schema, String name, int depth) {
        ArrayNode out = NODES.arrayNode();
        int max = Math.max(0, schema.path("maxItems").asInt(Integer.MAX_VALUE));
        int n = Math.min(MAX_ARRAY_ITEMS, Math.min(max, Math.max(1, schema.path("minItems").asInt(1))));
        JsonNode items = schema.get("items");
        for (int i = 0; i < n && nodes < MAX_NODES; i++) {
            out.add(items == null ? NODES.textNode(string(NODES.objectNode(), name)) : value(items, name, depth + 1));
        }
        return out;
    }

    private static String type(JsonNode schema) {
        JsonNode t = schema.get("type");
        if (t != null && t.isArray()) {
            for (JsonNode option : t) {
                if (!"null".equalsIgnoreCase(option.asText())) {
                    return option.asText().toLowerCase(Locale.ROOT);
                }
            }
            return "null";
        }
        if (t != null && t.isTextual()) {
            return t.asText().toLowerCase(Locale.ROOT);
        }
        if (schema.has("properties")) {
            return "object";
        }
        return schema.has("items") ? "array" : "string";
    }

    private static double bounded(JsonNode schema, double preferred) {
        double v = preferred;
        if (schema.has("minimum") && v < schema.get("minimum").asDouble()) {
            v = schema.get("minimum").asDouble();
        }
        if (schema.has("exclusiveMinimum") && schema.get("exclusiveMinimum").isNumber()
                && v <= schema.get("exclusiveMinimum").asDouble()) {
            v = schema.get("exclusiveMinimum").asDouble() + 1;
        }
        if (schema.has("maximum") && v > schema.get("maximum").asDouble()) {
            v = schema.get("maximum").asDouble();
        }
        if (schema.has("exclusiveMaximum") && schema.get("exclusiveMaximum").isNumber()
                && v >= schema.get("exclusiveMaximum").asDouble()) {
            v = schema.get("exclusiveMaximum").asDouble() - 1;
        }
        return v;
    }

    private static String string(JsonNode schema, String name) {
        String s = switch (schema.path("format").asText("")) {
            case "date" -> "2025-01-15";
            case "date-time" -> "2025-01-15T10:30:00Z";
            case "time" -> "10:30:00";
            case "email" -> "ada@example.com";
            case "uri", "url" -> "https://example.com";
            case "uuid" -> "123e4567-e89b-12d3-a456-426614174000";
            default -> byName(name.toLowerCase(Locale.ROOT));
        };
        int max = Math.max(0, Math.min(MAX_STRING_CHARS, schema.path("maxLength").asInt(Integer.MAX_VALUE)));
        int min = Math.min(max, schema.path("minLength").asInt(0));
        StringBuilder b = new StringBuilder(s);
        while (b.length() < min) {
            b.append('x');
        }
        return b.length() > max ? b.substring(0, max) : b.toString();
    }

    private static String byName(String name) {
        if (name.contains("city") || name.contains("location") || name.contains("place")) {
            return "Paris";
        }
        if (name.contains("country")) {
            return "France";
        }
        if (name.contains("email")) {
            return "ada@example.com";
        }
        if (name.contains("url") || name.contains("uri") || name.contains("link")) {
            return "https://example.com";
        }
        if (name.contains("date")) {
            return "2025-01-15";
        }
        if (name.contains("name")) {
            return "Ada Lovelace";
        }
        if (name.contains("query") || name.equals("q") || name.contains("search")) {
            return "simulated query";
        }
        if (name.contains("unit")) {
            return "celsius";
        }
        if (name.contains("lang")) {
            return "en";
        }
        return "sample";
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#")) {
            return null;
        }
        JsonNode target = root.at(ref.substring(1));
        return target.isMissingNode() ? null : target;
    }
}
