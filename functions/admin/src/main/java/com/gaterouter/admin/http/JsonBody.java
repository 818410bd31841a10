package com.gaterouter.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A request body that must be a JSON object with only known fields. Accessors check types and
 * answer 400 naming the field ({@code param}, dotted for nested objects: {@code limits.monthlyUsd}).
 * Absent and {@code null} differ only where a method says so ({@link #isNull}).
 */
public final class JsonBody {

    private static final ObjectReader READER = Json.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private final ObjectNode node;
    private final String prefix;

    private JsonBody(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /** The body, which must be a JSON object. */
    public static JsonBody parse(byte[] body) {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw AdminException.invalid(null, "The request body must be a JSON object.");
        }
        return parseObject(body);
    }

    /** The body, or an empty object when there is none (routes whose fields are all optional). */
    public static JsonBody parseOptional(byte[] body) {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return new JsonBody(Json.MAPPER.createObjectNode(), "");
        }
        return parseObject(body);
    }

    private static JsonBody parseObject(byte[] body) {
        JsonNode parsed;
        try {
            parsed = READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw AdminException.invalid(null, "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw AdminException.invalid(null, "The request body could not be read.");
        }
        if (parsed == null || !parsed.isObject()) {
            throw AdminException.invalid(null, "The request body must be a JSON object.");
        }
        return new JsonBody((ObjectNode) parsed, "");
    }

    /** Rejects any field not in {@code allowed}: a misspelt field must not be silently ignored. */
    public JsonBody only(String... allowed) {
        Set<String> known = Set.of(allowed);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw AdminException.invalid(param(name), "Unknown field '" + param(name) + "'; expected one of "
                        + String.join(", ", List.of(allowed)) + ".");
            }
        }
        return this;
    }

    public String param(String field) {
        return prefix + field;
    }

    public boolean has(String field) {
        return node.has(field);
    }

    public boolean isNull(String field) {
        return node.has(field) && node.get(field).isNull();
    }

    public boolean isEmpty() {
        return node.isEmpty();
    }

    /** The field's node unless it is absent or {@code null}. */
    public Optional<JsonNode> node(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    public Optional<String> string(String field) {
        return node(field).map(value -> {
            if (!value.isTextual()) {
                throw AdminException.invalid(param(field), "'" + param(field) + "' must be a string.");
            }
            return value.textValue();
        });
    }

    /**
     * A string field a PATCH may leave out: empty when absent; when present (JSON {@code null}
     * included, passed as {@code null}), the value {@code check} makes of it, given the field's
     * parameter name for its errors (e.g. {@code Check::name}).
     */
    public <T> Optional<T> patched(String field, BiFunction<String, String, T> check) {
        return has(field) ? Optional.of(check.apply(param(field), string(field).orElse(null))) : Optional.empty();
    }

    public String requiredString(String field) {
        return string(field).orElseThrow(() -> missing(field));
    }

    /** A JSON {@code true} or {@code false}; absent: empty; anything else, {@code null} included, is a 400. */
    public Optional<Boolean> bool(String field) {
        if (!node.has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw AdminException.invalid(param(field), "'" + param(field) + "' must be true or false.");
        }
        return Optional.of(value.booleanValue());
    }

    public Optional<Integer> integer(String field, int min, int max) {
        return node(field).map(value -> {
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
                throw AdminException.invalid(param(field), "'" + param(field) + "' must be an integer from " + min + " to " + max + ".");
            }
            return value.intValue();
        });
    }

    public Optional<List<JsonNode>> array(String field) {
        return node(field).map(value -> {
            if (!value.isArray()) {
                throw AdminException.invalid(param(field), "'" + param(field) + "' must be an array.");
            }
            List<JsonNode> items = new ArrayList<>();
            value.forEach(items::add);
            return items;
        });
    }

    /** A nested object, whose fields' params are prefixed with {@code field.}. */
    public Optional<JsonBody> object(String field) {
        return node(field).map(value -> {
            if (!value.isObject()) {
                throw AdminException.invalid(param(field), "'" + param(field) + "' must be an object.");
            }
            return new JsonBody((ObjectNode) value, param(field) + ".");
        });
    }

    public AdminException missing(String field) {
        return AdminException.invalid(param(field), "'" + param(field) + "' is required.");
    }
}
