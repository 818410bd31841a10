package com.gaterouter.router.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an embeddings body against OpenAI's published request shape before any vendor is called,
 * so a request that can never succeed gets a 400 naming the field instead of a round trip:
 * {@code input} is a non-empty string, an array of 1 to {@value #MAX_INPUTS} non-empty strings,
 * an array of token ids (one input), or an array of 1 to {@value #MAX_INPUTS} non-empty arrays of
 * token ids — never a mix; token ids are non-negative integers; {@code encoding_format} is
 * {@code float} or {@code base64}; {@code dimensions} a positive integer (the model's own maximum
 * is the vendor's to check); {@code user} a string. Limits that depend on the model (its context
 * window per input, its dimensions) are left to the vendor, whose refusal is answered as a 400 too.
 */
final class EmbeddingsRequestValidator {

    /** OpenAI's limit on the number of inputs in one request. */
    static final int MAX_INPUTS = 2048;
    private static final Set<String> KNOWN_FIELDS = Set.of("model", "input", "encoding_format", "dimensions", "user");
    private static final String SHAPES = "a non-empty string, an array of non-empty strings, an array of token ids, "
            + "or an array of non-empty arrays of token ids";

    private EmbeddingsRequestValidator() {
    }

    /** The 400 to answer with, or empty when the body is a valid embeddings request. */
    static Optional<ApiError> validate(ObjectNode body) {
        for (var field : body.properties()) {
            if (!KNOWN_FIELDS.contains(field.getKey())) {
                return invalid(field.getKey(), "Unrecognized request argument supplied: " + field.getKey());
            }
        }
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            return invalid("model", "Missing required parameter: 'model'.");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            return invalid("model", "Invalid type for 'model': expected a non-empty string.");
        }
        Optional<ApiError> input = input(body.get("input"));
        if (input.isPresent()) {
            return input;
        }
        JsonNode format = present(body, "encoding_format");
        if (format != null && !(format.isTextual() && Set.of("float", "base64").contains(format.asText()))) {
            return invalid("encoding_format", "Invalid value for 'encoding_format': " + format
                    + ". Supported values are: 'float' and 'base64'.");
        }
        JsonNode dimensions = present(body, "dimensions");
        if (dimensions != null) {
            if (!dimensions.isIntegralNumber() || !dimensions.canConvertToInt()) {
                return invalid("dimensions", "Invalid type for 'dimensions': expected an integer, got " + dimensions + ".");
            }
            if (dimensions.intValue() < 1) {
                return invalid("dimensions", "Invalid 'dimensions': " + dimensions.intValue() + " is less than the minimum of 1.");
            }
        }
        JsonNode user = present(body, "user");
        if (user != null && !user.isTextual()) {
            return invalid("user", "Invalid type for 'user': expected a string.");
        }
        return Optional.empty();
    }

    private static Optional<ApiError> input(JsonNode input) {
        if (input == null || input.isNull()) {
            return invalid("input", "Missing required parameter: 'input'.");
        }
        if (input.isTextual()) {
            return input.asText().isEmpty() ? invalid("input", "Invalid 'input': the string is empty. Expected " + SHAPES + ".")
                    : Optional.empty();
        }
        if (!input.isArray()) {
            return invalid("input", "Invalid type for 'input': expected " + SHAPES + ".");
        }
        if (input.isEmpty()) {
            return invalid("input", "Invalid 'input': empty array. Expected " + SHAPES + ".");
        }
        JsonNode first = input.get(0);
        if (first.isNumber()) {
            // one input given as token ids
            return tokenIds(input, "input");
        }
        if (input.size() > MAX_INPUTS) {
            return invalid("input", "Invalid 'input': " + input.size() + " inputs, more than the maximum of " + MAX_INPUTS + ".");
        }
        boolean strings = first.isTextual();
        if (!strings && !first.isArray()) {
            return invalid("input[0]", "Invalid type for 'input[0]': expected " + SHAPES + ".");
        }
        for (int i = 0; i < input.size(); i++) {
            JsonNode element = input.get(i);
            String param = "input[" + i + "]";
            if (strings) {
                if (!element.isTextual()) {
                    return invalid(param, "Invalid type for '" + param + "': expected a string like the other inputs, got "
                            + kindOf(element) + ".");
                }
                if (element.asText().isEmpty()) {
                    return invalid(param, "Invalid '" + param + "': the string is empty.");
                }
            } else {
                if (!element.isArray()) {
                    return invalid(param, "Invalid type for '" + param + "': expected an array of token ids like the other inputs, got "
                            + kindOf(element) + ".");
                }
                if (element.isEmpty()) {
                    return invalid(param, "Invalid '" + param + "': empty array of token ids.");
                }
                Optional<ApiError> ids = tokenIds(element, param);
                if (ids.isPresent()) {
                    return ids;
                }
            }
        }
        return Optional.empty();
    }

    /** Every element a token id: an integer from 0 up. */
    private static Optional<ApiError> tokenIds(JsonNode ids, String param) {
        for (int j = 0; j < ids.size(); j++) {
            JsonNode id = ids.get(j);
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
                String at = param + "[" + j + "]";
                return invalid(at, "Invalid '" + at + "': expected a token id (an integer from 0), got " + shortened(id) + ".");
            }
        }
        return Optional.empty();
    }

    private static String kindOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The offending value, never more than a few characters of the caller's text. */
    private static String shortened(JsonNode value) {
        String text = value.toString();
        return text.length() > 20 ? text.substring(0, 20) + "…" : text;
    }

    private static JsonNode present(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static Optional<ApiError> invalid(String param, String message) {
        return Optional.of(ApiError.invalidRequest(param, message));
    }
}
