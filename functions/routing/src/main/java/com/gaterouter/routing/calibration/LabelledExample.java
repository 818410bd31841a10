package com.gaterouter.routing.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import com.gaterouter.routing.classifier.RequestShape;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A prompt with how a weak and a strong model did on it: what a tenant calibrates its routing on
 * ({@code bin/calibrate-routing --labelled}, the admin API's {@code POST …/routing/calibrations}).
 * One JSON object:
 * <ul>
 *   <li>the request: {@code prompt} (a string), or {@code messages} (chat messages, optionally with
 *       {@code tools} and {@code response_format}, as a chat completion body has them);</li>
 *   <li>one outcome: {@code weak_correct} and {@code strong_correct} (booleans), or
 *       {@code weak_score} and {@code strong_score} (numbers not below 0, e.g. judge grades), or
 *       {@code needs_strong} (a boolean: {@code true} = weak 0, strong 1; {@code false} = both 1);</li>
 *   <li>optionally {@code id} (a string or a number), to name the example.</li>
 * </ul>
 * A {@code null} field counts as absent. Only the classifier's view of the request is kept
 * ({@link RequestShape}: the head and tail of the last user turn, lengths and counts), never the
 * whole prompt.
 *
 * @param id     the example's {@code id}, if it has one
 * @param shape  what the classifier reads of the request
 * @param weak   the weak model's quality on it
 * @param strong the strong model's quality, on the same scale
 */
public record LabelledExample(Optional<String> id, RequestShape shape, double weak, double strong) {

    /** Output tokens assumed per answer when pricing an example. */
    public static final int OUTPUT_TOKENS = 300;
    /** Input tokens are estimated as one per this many characters of message text, rounded up. */
    public static final int CHARS_PER_TOKEN = 4;
    /** Every field an example may have. */
    public static final List<String> FIELDS = List.of("id", "prompt", "messages", "tools", "functions", "response_format",
            "weak_correct", "strong_correct", "weak_score", "strong_score", "needs_strong");

    private static final String OUTCOMES = "'weak_correct' and 'strong_correct' (booleans), 'weak_score' and 'strong_score'"
            + " (numbers) or 'needs_strong' (a boolean)";

    /** An example that cannot be used: the message says why; {@link #field()} names the field at fault, if one is. */
    public static final class InvalidExample extends IllegalArgumentException {

        private final String field;

        InvalidExample(String field, String message) {
            super(message);
            this.field = field;
        }

        /** The field at fault ({@code weak_correct}, {@code messages}), or empty when it is the example as a whole. */
        public Optional<String> field() {
            return Optional.ofNullable(field);
        }
    }

    /**
     * Reads one example.
     *
     * @param strict whether a field outside {@link #FIELDS} is an error (the admin API) or ignored
     *               (files that carry columns of their own, such as a source or a category)
     * @throws InvalidExample for anything that does not make an example; the message never quotes the prompt
     */
    public static LabelledExample parse(JsonNode node, boolean strict) {
        if (node == null || !node.isObject()) {
            throw new InvalidExample(null, "an example must be a JSON object");
        }
        if (strict) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    throw new InvalidExample(name, "unknown field '" + name + "'; expected " + String.join(", ", FIELDS));
                }
            }
        }
        Optional<String> id = present(node, "id").map(value -> {
            if (!value.isTextual() && !value.isIntegralNumber()) {
                throw new InvalidExample("id", "'id' must be a string or an integer");
            }
            return value.asText();
        });
        return new LabelledExample(id, shape(node), 0, 0).withOutcome(node);
    }

    private LabelledExample withOutcome(JsonNode node) {
        boolean correct = present(node, "weak_correct").isPresent() || present(node, "strong_correct").isPresent();
        boolean scores = present(node, "weak_score").isPresent() || present(node, "strong_score").isPresent();
        boolean needs = present(node, "needs_strong").isPresent();
        int forms = (correct ? 1 : 0) + (scores ? 1 : 0) + (needs ? 1 : 0);
        if (forms == 0) {
            throw new InvalidExample(null, "an example needs an outcome: " + OUTCOMES);
        }
        if (forms > 1) {
            throw new InvalidExample(null, "an example gives one outcome, not several: " + OUTCOMES);
        }
        if (needs) {
            return new LabelledExample(id, shape, bool(node, "needs_strong") ? 0 : 1, 1);
        }
        if (correct) {
            return new LabelledExample(id, shape, bool(node, "weak_correct") ? 1 : 0, bool(node, "strong_correct") ? 1 : 0);
        }
        return new LabelledExample(id, shape, grade(node, "weak_score"), grade(node, "strong_score"));
    }

    private static RequestShape shape(JsonNode node) {
        Optional<JsonNode> prompt = present(node, "prompt");
        Optional<JsonNode> messages = present(node, "messages");
        if (prompt.isPresent() && messages.isPresent()) {
            throw new InvalidExample(null, "an example has a 'prompt' or 'messages', not both");
        }
        if (prompt.isPresent()) {
            for (String field : List.of("tools", "functions", "response_format")) {
                if (present(node, field).isPresent()) {
                    throw new InvalidExample(field, "'" + field + "' goes with 'messages', not with a 'prompt'");
                }
            }
            if (!prompt.get().isTextual() || prompt.get().textValue().isBlank()) {
                throw new InvalidExample("prompt", "'prompt' must be a non-empty string");
            }
            return RequestShape.ofPrompt(prompt.get().textValue());
        }
        if (messages.isEmpty()) {
            throw new InvalidExample(null, "an example needs a 'prompt' (a string) or 'messages' (an array of chat messages)");
        }
        JsonNode list = messages.get();
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidExample("messages", "'messages' must be a non-empty array of chat messages");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode message = list.get(i);
            if (!message.isObject() || !message.path("role").isTextual()) {
                throw new InvalidExample("messages", "'messages[" + i + "]' must be an object with a 'role'");
            }
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("messages", list);
        for (String field : List.of("tools", "functions")) {
            Optional<JsonNode> value = present(node, field);
            if (value.isPresent() && !value.get().isArray()) {
                throw new InvalidExample(field, "'" + field + "' must be an array");
            }
            value.ifPresent(v -> body.set(field, v));
        }
        Optional<JsonNode> format = present(node, "response_format");
        if (format.isPresent() && !format.get().isObject()) {
            throw new InvalidExample("response_format", "'response_format' must be an object");
        }
        format.ifPresent(v -> body.set("response_format", v));
        return RequestShape.of(body);
    }

    private static Optional<JsonNode> present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = present(node, field).orElseThrow(() -> new InvalidExample(field, "'" + field + "' is missing: " + OUTCOMES));
        if (!value.isBoolean()) {
            throw new InvalidExample(field, "'" + field + "' must be true or false");
        }
        return value.booleanValue();
    }

    private static double grade(JsonNode node, String field) {
        JsonNode value = present(node, field).orElseThrow(() -> new InvalidExample(field, "'" + field + "' is missing: " + OUTCOMES));
        if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < 0) {
            throw new InvalidExample(field, "'" + field + "' must be a number, not below 0");
        }
        return value.doubleValue();
    }

    /** The estimated input tokens: the characters of every message's text, one token per {@value #CHARS_PER_TOKEN}, rounded up. */
    public long inputTokens() {
        return (shape.contextChars() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** This example scored by {@code classifier} and priced on both models ({@link #inputTokens()}, {@value #OUTPUT_TOKENS} output tokens). */
    public ThresholdCalibration.Scored scored(ComplexityClassifier classifier, TokenPrice weakPrice, TokenPrice strongPrice) {
        long input = inputTokens();
        return new ThresholdCalibration.Scored(classifier.classify(shape).score(), weak, strong,
                weakPrice.cost(input, OUTPUT_TOKENS), strongPrice.cost(input, OUTPUT_TOKENS));
    }
}
