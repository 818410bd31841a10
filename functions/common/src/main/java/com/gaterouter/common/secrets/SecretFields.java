package com.gaterouter.common.secrets;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a secret's text, a JSON object whose fields are all strings
 * (e.g. {@code {"openai":"sk-…","anthropic":"sk-ant-…"}}), into a map.
 * Every failure is a {@link MalformedSecretException} that reveals nothing of the text.
 */
public final class SecretFields {

    private static final ObjectReader READER = JsonMapper.builder()
            // "{"a":"x"} junk" and duplicate fields are operator mistakes worth surfacing, not guessing around
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()
            .reader();

    private SecretFields() {
    }

    /** The secret's fields in their stored order; unmodifiable. */
    public static Map<String, String> parse(String secretId, String secretText) {
        if (secretText == null) {
            throw new MalformedSecretException(secretId, "it has no string value");
        }
        JsonNode root;
        try {
            root = READER.readTree(secretText);
        } catch (JsonProcessingException e) {
            // Only the position: Jackson's message quotes the token it choked on.
            throw new MalformedSecretException(secretId, "it is not valid JSON" + position(e.getLocation()));
        }
        if (root == null || !root.isObject()) {
            String found = root == null || root.isMissingNode() ? "nothing" : root.getNodeType().name().toLowerCase();
            throw new MalformedSecretException(secretId, "expected a JSON object but found " + found);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        int position = 0;
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            position++;
            JsonNode value = field.getValue();
            if (!value.isTextual()) {
                // By position, not name: a mis-pasted secret can end up as a field name.
                throw new MalformedSecretException(secretId, "field #" + position + " is "
                        + value.getNodeType().name().toLowerCase() + ", not a string");
            }
            fields.put(field.getKey(), value.textValue());
        }
        return Collections.unmodifiableMap(fields);
    }

    private static String position(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
