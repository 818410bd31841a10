package com.gaterouter.router.vendors.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema (what OpenAI clients send in {@code tools[].function.parameters} and
 * {@code response_format.json_schema.schema}) to Gemini's {@code Schema}, a subset of OpenAPI 3.0.
 *
 * <p>Gemini rejects keywords it does not know with a 400, so this is an allow-list: upper-case
 * {@code type}, {@code properties}, {@code required} (only names that are declared), {@code items},
 * string {@code enum}, {@code description}, {@code nullable}, {@code anyOf}, the few {@code format}s
 * Gemini's Developer API accepts, and the numeric / array bounds. {@code $ref} is inlined,
 * {@code allOf} merged, {@code oneOf} becomes {@code anyOf}, a {@code "null"} type or variant becomes
 * {@code nullable}; everything else ({@code additionalProperties}, {@code $schema}, {@code strict},
 * {@code default}, {@code pattern}, …) is dropped. docs/vendors/gemini.md lists the rules.
 */
final class GeminiSchema {

    /** Recursive schemas cannot be inlined; real schemas are far shallower than this. */
    private static final int MAX_DEPTH = 32;

    /** The formats Gemini's Developer API accepts per type; any other format is a 400 there. */
    private static final Map<String, Set<String>> FORMATS = Map.of(
            "STRING", Set.of("date-time", "enum"),
            "INTEGER", Set.of("int32", "int64"),
            "NUMBER", Set.of("float", "double"));

    private static final Set<String> TYPES = Set.of("STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT");

    private final JsonNode root;
    private final String field;
    private final boolean responseSchema;
    private final Deque<String> refs = new ArrayDeque<>();

    private GeminiSchema(JsonNode root, String field, boolean responseSchema) {
        this.root = root;
        this.field = field;
        this.responseSchema = responseSchema;
    }

    /**
     * @param field          the request field the schema came from, for error messages
     * @param responseSchema adds {@code propertyOrdering} (declared order), which only structured
     *                       output uses: Gemini otherwise orders the generated keys alphabetically
     */
    static ObjectNode convert(JsonNode schema, String field, boolean responseSchema) throws GeminiRequestTranslator.Rejected {
        if (schema != null && !schema.isObject() && !schema.isBoolean()) {
            throw new GeminiRequestTranslator.Rejected(field, "expected a JSON Schema object");
        }
        return new GeminiSchema(schema, field, responseSchema).node(schema, 0);
    }

    /** True for an OBJECT schema without properties, which Gemini refuses as function parameters. */
    static boolean isEmptyObject(ObjectNode schema) {
        return "OBJECT".equals(schema.path("type").asText()) && schema.path("properties").isEmpty()
                && !schema.has("anyOf");
    }

    private ObjectNode node(JsonNode schema, int depth) throws GeminiRequestTranslator.Rejected {
        if (depth > MAX_DEPTH) {
            throw new GeminiRequestTranslator.Rejected(field, "the schema is nested too deeply (recursive schemas are not supported by Gemini)");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (schema == null || !schema.isObject()) {
            return out; // true / {} / missing: any value, which Gemini expresses by leaving the type open
        }
        if (schema.hasNonNull("$ref")) {
            String ref = schema.get("$ref").asText();
            if (refs.contains(ref)) {
                throw new GeminiRequestTranslator.Rejected(field, "recursive $ref '" + ref + "' cannot be expressed in Gemini's schema");
            }
            refs.push(ref);
            merge(out, node(resolve(ref), depth + 1));
            refs.pop();
        }
        for (JsonNode part : schema.path("allOf")) {
            merge(out, node(part, depth + 1));
        }
        JsonNode variants = schema.has("anyOf") ? schema.get("anyOf") : schema.get("oneOf");
        if (variants != null && variants.isArray()) {
            List<ObjectNode> kept = new ArrayList<>();
            for (JsonNode variant : variants) {
                if ("null".equals(variant.path("type").asText())) {
                    out.put("nullable", true);
                } else {
                    kept.add(node(variant, depth + 1));
                }
            }
            if (kept.size() == 1) {
                merge(out, kept.get(0)); // Optional[X] in pydantic: X, nullable
            } else if (!kept.isEmpty()) {
                out.putArray("anyOf").addAll(kept);
            }
        }
        type(schema, out);
        String type = out.path("type").asText("");

        if (schema.path("description").isTextual()) {
            out.put("description", schema.get("description").asText());
        } else if (schema.path("title").isTextual() && !out.has("description")) {
            out.put("description", schema.get("title").asText()); // the model reads it; Gemini has no use for titles
        }
        if (schema.path("nullable").isBoolean()) {
            out.put("nullable", schema.get("nullable").asBoolean());
        }
        values(schema, out, type);
        if (schema.path("format").isTextual() && FORMATS.getOrDefault(type, Set.of()).contains(schema.get("format").asText())) {
            out.put("format", schema.get("format").asText());
        }
        for (String bound : List.of("minimum", "maximum")) {
            if (schema.path(bound).isNumber() && (type.equals("NUMBER") || type.equals("INTEGER"))) {
                out.set(bound, schema.get(bound));
            }
        }
        for (String bound : List.of("minItems", "maxItems")) {
            if (schema.path(bound).canConvertToLong() && type.equals("ARRAY")) {
                out.put(bound, schema.get(bound).asLong());
            }
        }
        if (schema.path("properties").isObject()) {
            ObjectNode properties = out.has("properties") ? (ObjectNode) out.get("properties") : out.putObject("properties");
            for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
                properties.set(property.getKey(), node(property.getValue(), depth + 1));
            }
        }
        if (schema.path("required").isArray()) {
            Set<String> required = new LinkedHashSet<>();
            out.path("required").forEach(r -> required.add(r.asText()));
            schema.get("required").forEach(r -> required.add(r.asText()));
            out.putArray("required");
            required.forEach(((ArrayNode) out.get("required"))::add);
        }
        if (out.has("required")) {
            // Gemini rejects a required name that is not a declared property
            ArrayNode filtered = Json.MAPPER.createArrayNode();
            out.get("required").forEach(r -> {
                if (out.path("properties").has(r.asText())) {
                    filtered.add(r.asText());
                }
            });
            if (filtered.isEmpty()) {
                out.remove("required");
            } else {
                out.set("required", filtered);
            }
        }
        if (responseSchema && out.path("properties").size() > 1) {
            ArrayNode ordering = out.putArray("propertyOrdering");
            out.get("properties").properties().forEach(p -> ordering.add(p.getKey()));
        }
        JsonNode items = schema.get("items");
        if (items != null && items.isArray()) {
            // draft-07 tuple form: Gemini has no tuples, so any of the positions' schemas
            List<ObjectNode> each = new ArrayList<>();
            for (JsonNode item : items) {
                each.add(node(item, depth + 1));
            }
            out.set("items", each.size() == 1 ? each.get(0) : Json.MAPPER.createObjectNode().set("anyOf", arrayOf(each)));
        } else if (items != null && (items.isObject() || items.isBoolean())) {
            out.set("items", node(items, depth + 1));
        } else if (schema.path("prefixItems").isArray() && !schema.get("prefixItems").isEmpty()) {
            out.set("items", node(schema.get("prefixItems").get(0), depth + 1));
        }
        return out;
    }

    /** {@code type}: upper-case, a {@code "null"} member becomes nullable, several types become anyOf; inferred when absent. */
    private static void type(JsonNode schema, ObjectNode out) {
        JsonNode type = schema.get("type");
        List<String> types = new ArrayList<>();
        if (type != null && type.isTextual()) {
            types.add(type.asText());
        } else if (type != null && type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        }
        if (types.removeIf("null"::equals)) {
            out.put("nullable", true);
        }
        List<String> known = types.stream().map(t -> t.toUpperCase(Locale.ROOT)).filter(TYPES::contains).distinct().toList();
        if (known.size() == 1) {
            out.put("type", known.get(0));
        } else if (known.size() > 1) {
            ArrayNode anyOf = out.putArray("anyOf");
            known.forEach(t -> anyOf.addObject().put("type", t));
        } else if (!out.has("type") && !out.has("anyOf")) {
            if (schema.has("properties")) {
                out.put("type", "OBJECT");
            } else if (schema.has("items") || schema.has("prefixItems")) {
                out.put("type", "ARRAY");
            } else {
                inferFromValues(schema, out);
            }
        }
    }

    /** No type, but enum/const values: their JSON type (strings, integers or numbers). */
    private static void inferFromValues(JsonNode schema, ObjectNode out) {
        List<JsonNode> values = new ArrayList<>();
        if (schema.has("const")) {
            values.add(schema.get("const"));
        } else {
            schema.path("enum").forEach(values::add);
        }
        values.removeIf(JsonNode::isNull);
        if (values.isEmpty()) {
            return;
        }
        if (values.stream().allMatch(JsonNode::isTextual)) {
            out.put("type", "STRING");
        } else if (values.stream().allMatch(JsonNode::isIntegralNumber)) {
            out.put("type", "INTEGER");
        } else if (values.stream().allMatch(JsonNode::isNumber)) {
            out.put("type", "NUMBER");
        } else if (values.stream().allMatch(JsonNode::isBoolean)) {
            out.put("type", "BOOLEAN");
        }
    }

    /**
     * {@code enum} / {@code const}: Gemini's enum holds strings only, so string values stay an enum
     * and other values (numbers, booleans) move into the description, where the model still sees them.
     */
    private static void values(JsonNode schema, ObjectNode out, String type) {
        List<JsonNode> values = new ArrayList<>();
        if (schema.has("const")) {
            values.add(schema.get("const"));
        } else if (schema.path("enum").isArray()) {
            schema.get("enum").forEach(values::add);
        } else {
            return;
        }
        if (values.removeIf(JsonNode::isNull)) {
            out.put("nullable", true);
        }
        if (values.isEmpty()) {
            return;
        }
        if (values.stream().allMatch(JsonNode::isTextual) && (type.isEmpty() || type.equals("STRING"))) {
            if (type.isEmpty()) {
                out.put("type", "STRING");
            }
            ArrayNode e = out.putArray("enum");
            values.forEach(v -> e.add(v.asText()));
        } else {
            String allowed = "Allowed values: " + String.join(", ", values.stream().map(JsonNode::toString).toList()) + ".";
            String description = out.path("description").asText("");
            out.put("description", description.isEmpty() ? allowed : description + " " + allowed);
        }
    }

    /** A local JSON pointer ({@code #}, {@code #/$defs/X}, {@code #/definitions/X}); remote refs cannot be fetched. */
    private JsonNode resolve(String ref) throws GeminiRequestTranslator.Rejected {
        if (!ref.equals("#") && !ref.startsWith("#/")) {
            throw new GeminiRequestTranslator.Rejected(field, "only local $ref pointers are supported, not '" + ref + "'");
        }
        JsonNode target = root;
        if (ref.length() > 1) {
            for (String token : ref.substring(2).split("/")) {
                target = target == null ? null : target.get(token.replace("~1", "/").replace("~0", "~"));
            }
        }
        if (target == null || !target.isObject()) {
            throw new GeminiRequestTranslator.Rejected(field, "$ref '" + ref + "' does not point to a schema");
        }
        return target;
    }

    /** Folds {@code from} into {@code into}: properties and required are unions, other keywords the later wins. */
    private static void merge(ObjectNode into, ObjectNode from) {
        for (Map.Entry<String, JsonNode> e : from.properties()) {
            switch (e.getKey()) {
                case "properties" -> {
                    ObjectNode properties = into.has("properties") ? (ObjectNode) into.get("properties") : into.putObject("properties");
                    properties.setAll((ObjectNode) e.getValue());
                }
                case "required" -> {
                    ArrayNode required = into.has("required") ? (ArrayNode) into.get("required") : into.putArray("required");
                    e.getValue().forEach(r -> {
                        boolean present = false;
                        for (JsonNode existing : required) {
                            present |= existing.asText().equals(r.asText());
                        }
                        if (!present) {
                            required.add(r.asText());
                        }
                    });
                }
                default -> into.set(e.getKey(), e.getValue());
            }
        }
    }

    private static ArrayNode arrayOf(List<ObjectNode> nodes) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        nodes.forEach(array::add);
        return array;
    }
}
