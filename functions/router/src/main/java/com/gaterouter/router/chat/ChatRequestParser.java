package com.gaterouter.router.chat;

import com.gaterouter.router.planning.ChatRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.ExtraParameters;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses and validates a chat completion body the way OpenAI does: unknown fields and wrong
 * types are a 400 naming the field in {@code param}, before anything reaches a vendor. Under a
 * tenant's {@link ExtraParameters#DROP} policy unknown top-level fields are removed instead (from a
 * copy: the client's tree is left as it is) and listed in {@link ChatRequest#droppedParameters()};
 * a known field with a bad value is a 400 under either policy.
 */
public final class ChatRequestParser {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    /** Chat Completions' request fields, plus {@code models} (OpenRouter-style fallback list). */
    private static final Set<String> KNOWN_FIELDS = Set.of(
            "model", "messages", "models", "stream", "stream_options", "temperature", "top_p", "n", "stop",
            "max_tokens", "max_completion_tokens", "presence_penalty", "frequency_penalty", "logit_bias", "logprobs",
            "top_logprobs", "user", "seed", "tools", "tool_choice", "parallel_tool_calls", "response_format",
            "metadata", "store", "service_tier", "reasoning_effort", "modalities", "audio", "prediction",
            "web_search_options", "functions", "function_call", "verbosity", "prompt_cache_key", "safety_identifier",
            // gateway extensions (docs/api.md): Anthropic's extended thinking, top-k sampling
            "thinking", "top_k");
    private static final int MAX_FALLBACK_MODELS = 10;
    /** OpenAI's limits: choices per request, alternatives per token, tools per request, tool name length. */
    private static final int MAX_CHOICES = 128;
    private static final int MAX_TOP_LOGPROBS = 20;
    private static final int MAX_TOOLS = 128;
    private static final java.util.regex.Pattern TOOL_NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /** The outcome: a request, or the 400 to answer with. */
    public sealed interface Parsed permits Valid, Invalid {
    }

    public record Valid(ChatRequest request) implements Parsed {
    }

    public record Invalid(ApiError error) implements Parsed {
    }

    /** Thrown inside the parser and turned into {@link Invalid}. */
    private static final class Rejection extends RuntimeException {
        private final transient ApiError error;

        Rejection(String param, String message) {
            super(message, null, false, false);
            this.error = ApiError.invalidRequest(param, message);
        }
    }

    /** A request already read as JSON: what the other dialects translate into (the router's normal form); unknown fields are a 400. */
    public Parsed parse(ObjectNode body) {
        return parse(body, ExtraParameters.REJECT);
    }

    /** A request already read as JSON, its unknown top-level fields rejected or dropped as {@code policy} says. */
    public Parsed parse(ObjectNode body, ExtraParameters policy) {
        try {
            return new Valid(validate(body, policy));
        } catch (Rejection rejection) {
            return new Invalid(rejection.error);
        }
    }

    /** A chat completion body as sent; unknown fields are a 400. */
    public Parsed parse(byte[] body) {
        return parse(body, ExtraParameters.REJECT);
    }

    /** A chat completion body as sent, its unknown top-level fields rejected or dropped as {@code policy} says. */
    public Parsed parse(byte[] body, ExtraParameters policy) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return new Invalid(ApiError.invalidRequest(null, "We could not parse the JSON body of your request: " + e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            return new Invalid(ApiError.invalidRequest(null, "We could not read the body of your request."));
        }
        if (!(root instanceof ObjectNode object)) {
            return new Invalid(ApiError.invalidRequest(null, "The request body must be a JSON object."));
        }
        return parse(object, policy);
    }

    private static ChatRequest validate(ObjectNode sent, ExtraParameters policy) {
        List<String> unknown = List.of();
        for (var field : sent.properties()) {
            if (!KNOWN_FIELDS.contains(field.getKey())) {
                if (policy != ExtraParameters.DROP) {
                    throw new Rejection(field.getKey(), "Unrecognized request argument supplied: " + field.getKey());
                }
                if (unknown.isEmpty()) {
                    unknown = new ArrayList<>();
                }
                unknown.add(field.getKey());
            }
        }
        ObjectNode body = unknown.isEmpty() ? sent : without(sent, unknown);
        List<ChatRequest.RequestedModel> requested = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        JsonNode model = present(body, "model");
        if (model != null) {
            if (!model.isTextual() || model.asText().isBlank()) {
                throw new Rejection("model", "Invalid type for 'model': expected a non-empty string.");
            }
            seen.add(model.asText());
            requested.add(new ChatRequest.RequestedModel(model.asText(), "model"));
        }
        JsonNode models = present(body, "models");
        if (models != null) {
            if (!models.isArray() || models.isEmpty() || models.size() > MAX_FALLBACK_MODELS) {
                throw new Rejection("models", "Invalid 'models': expected an array of 1 to " + MAX_FALLBACK_MODELS + " model ids.");
            }
            for (int i = 0; i < models.size(); i++) {
                if (!models.get(i).isTextual() || models.get(i).asText().isBlank()) {
                    throw new Rejection("models[" + i + "]", "Invalid type for 'models[" + i + "]': expected a non-empty string.");
                }
                if (models.get(i).asText().equals(ChatRequest.AUTO)) {
                    throw new Rejection("models[" + i + "]", "'auto' routes by itself: send it as 'model', not in 'models'.");
                }
                if (seen.add(models.get(i).asText())) {
                    requested.add(new ChatRequest.RequestedModel(models.get(i).asText(), "models[" + i + "]"));
                }
            }
        }
        if (requested.isEmpty()) {
            // no model named: the router picks one, as for model "auto"
            requested.add(new ChatRequest.RequestedModel(ChatRequest.AUTO, "model"));
        }
        validateMessages(body);
        boolean stream = optionalBoolean(body, "stream");
        JsonNode streamOptions = present(body, "stream_options");
        boolean includeUsage = false;
        if (streamOptions != null) {
            if (!streamOptions.isObject()) {
                throw new Rejection("stream_options", "Invalid type for 'stream_options': expected an object.");
            }
            JsonNode include = present((ObjectNode) streamOptions, "include_usage");
            if (include != null && !include.isBoolean()) {
                throw new Rejection("stream_options.include_usage", "Invalid type for 'stream_options.include_usage': expected a boolean.");
            }
            includeUsage = include != null && include.asBoolean();
        }
        number(body, "temperature", 0, 2);
        number(body, "top_p", 0, 1);
        number(body, "presence_penalty", -2, 2);
        number(body, "frequency_penalty", -2, 2);
        integer(body, "max_tokens", 1, Long.MAX_VALUE);
        integer(body, "max_completion_tokens", 1, Long.MAX_VALUE);
        integer(body, "n", 1, MAX_CHOICES);
        integer(body, "top_logprobs", 0, MAX_TOP_LOGPROBS);
        integer(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
        integer(body, "top_k", 1, Integer.MAX_VALUE);
        validateThinking(body);
        optionalBoolean(body, "logprobs");
        optionalBoolean(body, "parallel_tool_calls");
        optionalBoolean(body, "store");
        text(body, "user");
        object(body, "metadata");
        validateLogitBias(body);
        validateStop(body);
        validateTools(body);
        validateResponseFormat(body);
        return new ChatRequest(body, model == null ? "" : model.asText(), requested, stream, includeUsage, unknown);
    }

    /** A shallow copy of {@code body} without {@code fields} (the values are shared, never modified). */
    private static ObjectNode without(ObjectNode body, List<String> fields) {
        ObjectNode copy = body.objectNode();
        copy.setAll(body);
        copy.remove(fields);
        return copy;
    }

    private static void validateMessages(ObjectNode body) {
        JsonNode messages = present(body, "messages");
        if (messages == null) {
            throw new Rejection("messages", "Missing required parameter: 'messages'.");
        }
        if (!messages.isArray()) {
            throw new Rejection("messages", "Invalid type for 'messages': expected an array.");
        }
        if (messages.isEmpty()) {
            throw new Rejection("messages", "Invalid 'messages': empty array. Expected an array with minimum length 1.");
        }
        for (int i = 0; i < messages.size(); i++) {
            String param = "messages[" + i + "]";
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                throw new Rejection(param, "Invalid type for '" + param + "': expected an object.");
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
                throw new Rejection(param + ".role", "Invalid value for '" + param + ".role': expected one of system, developer, user, assistant, tool.");
            }
            JsonNode content = message.get("content");
            boolean hasToolCalls = message.path("tool_calls").isArray() && !message.path("tool_calls").isEmpty();
            if (content == null || content.isNull()) {
                if (!role.asText().equals("assistant") || !hasToolCalls && !message.has("function_call")) {
                    throw new Rejection(param + ".content", "Missing required parameter: '" + param + ".content'.");
                }
            } else if (content.isArray()) {
                for (int j = 0; j < content.size(); j++) {
                    JsonNode part = content.get(j);
                    String type = part.path("type").asText("");
                    String at = param + ".content[" + j + "]";
                    if (!part.isObject() || !Set.of("text", "image_url", "input_audio", "file", "refusal").contains(type)) {
                        throw new Rejection(at + ".type",
                                "Invalid value for '" + at + ".type': expected text, image_url, input_audio, file or refusal.");
                    }
                    validatePart(part, type, at);
                }
            } else if (!content.isTextual()) {
                throw new Rejection(param + ".content", "Invalid type for '" + param + ".content': expected a string or an array of content parts.");
            }
            JsonNode thinkingBlocks = message.get("thinking_blocks");
            if (thinkingBlocks != null && !thinkingBlocks.isNull() && (!thinkingBlocks.isArray() || !role.asText().equals("assistant"))) {
                throw new Rejection(param + ".thinking_blocks", "Invalid '" + param + ".thinking_blocks': expected an array, on an "
                        + "assistant message.");
            }
            if (role.asText().equals("tool") && !message.path("tool_call_id").isTextual()) {
                throw new Rejection(param + ".tool_call_id", "Missing required parameter: '" + param + ".tool_call_id'.");
            }
        }
    }

    /** The field each content part type carries. */
    private static void validatePart(JsonNode part, String type, String at) {
        switch (type) {
            case "text" -> {
                if (!part.path("text").isTextual()) {
                    throw new Rejection(at + ".text", "Missing required parameter: '" + at + ".text' (a string).");
                }
            }
            case "refusal" -> {
                if (!part.path("refusal").isTextual()) {
                    throw new Rejection(at + ".refusal", "Missing required parameter: '" + at + ".refusal' (a string).");
                }
            }
            case "image_url" -> {
                if (!part.path("image_url").path("url").isTextual() || part.path("image_url").path("url").asText().isBlank()) {
                    throw new Rejection(at + ".image_url.url", "Missing required parameter: '" + at + ".image_url.url' (a URL or a data URL).");
                }
            }
            case "input_audio" -> {
                if (!part.path("input_audio").path("data").isTextual() || !part.path("input_audio").path("format").isTextual()) {
                    throw new Rejection(at + ".input_audio", "Invalid '" + at + ".input_audio': expected {\"data\":…,\"format\":…}.");
                }
            }
            case "file" -> {
                if (!part.path("file").isObject()) {
                    throw new Rejection(at + ".file", "Missing required parameter: '" + at + ".file' (an object).");
                }
            }
            default -> throw new IllegalStateException("unchecked part type " + type);
        }
    }

    /** Anthropic's shape: {@code {"type":"enabled","budget_tokens":N}} (N at least 1,024) or {@code {"type":"disabled"}}. */
    private static void validateThinking(ObjectNode body) {
        JsonNode thinking = present(body, "thinking");
        if (thinking == null) {
            return;
        }
        String type = thinking.path("type").asText("");
        if (!thinking.isObject() || !Set.of("enabled", "disabled").contains(type)) {
            throw new Rejection("thinking.type", "Invalid 'thinking': expected {\"type\":\"enabled\",\"budget_tokens\":…} "
                    + "or {\"type\":\"disabled\"}.");
        }
        if (type.equals("enabled")) {
            JsonNode budget = thinking.get("budget_tokens");
            if (budget == null || !budget.isIntegralNumber() || !budget.canConvertToInt() || budget.asInt() < 1024) {
                throw new Rejection("thinking.budget_tokens", "Invalid 'thinking.budget_tokens': expected an integer of at least 1024.");
            }
        }
    }

    /** Token ids (as strings) to a bias from -100 to 100. */
    private static void validateLogitBias(ObjectNode body) {
        JsonNode bias = present(body, "logit_bias");
        if (bias == null) {
            return;
        }
        if (!bias.isObject()) {
            throw new Rejection("logit_bias", "Invalid type for 'logit_bias': expected an object.");
        }
        for (var entry : bias.properties()) {
            String param = "logit_bias." + entry.getKey();
            if (!entry.getKey().matches("\\d{1,9}")) {
                throw new Rejection(param, "Invalid 'logit_bias': keys must be token ids, got '" + entry.getKey() + "'.");
            }
            JsonNode value = entry.getValue();
            if (!value.isNumber() || value.doubleValue() < -100 || value.doubleValue() > 100) {
                throw new Rejection(param, "Invalid '" + param + "': expected a number between -100 and 100.");
            }
        }
    }

    private static void validateStop(ObjectNode body) {
        JsonNode stop = present(body, "stop");
        if (stop == null || stop.isTextual()) {
            return;
        }
        if (!stop.isArray() || stop.size() > 4) {
            throw new Rejection("stop", "Invalid 'stop': expected a string or an array of up to 4 strings.");
        }
        stop.forEach(s -> {
            if (!s.isTextual()) {
                throw new Rejection("stop", "Invalid 'stop': expected a string or an array of up to 4 strings.");
            }
        });
    }

    private static void validateTools(ObjectNode body) {
        JsonNode tools = present(body, "tools");
        Set<String> declared = new java.util.HashSet<>();
        if (tools != null) {
            if (!tools.isArray()) {
                throw new Rejection("tools", "Invalid type for 'tools': expected an array.");
            }
            if (tools.size() > MAX_TOOLS) {
                throw new Rejection("tools", "Invalid 'tools': " + tools.size() + " tools, more than the maximum of " + MAX_TOOLS + ".");
            }
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                String at = "tools[" + i + "]";
                if (!"function".equals(tool.path("type").asText()) || !tool.path("function").isObject()) {
                    throw new Rejection(at, "Invalid '" + at + "': expected {\"type\":\"function\",\"function\":{\"name\":…}}.");
                }
                JsonNode function = tool.get("function");
                JsonNode name = function.path("name");
                if (!name.isTextual() || !TOOL_NAME.matcher(name.asText()).matches()) {
                    throw new Rejection(at + ".function.name", "Invalid '" + at + ".function.name': expected 1 to 64 letters, digits, "
                            + "underscores or dashes.");
                }
                if (!declared.add(name.asText())) {
                    throw new Rejection(at + ".function.name", "Invalid '" + at + ".function.name': the name '" + name.asText()
                            + "' is declared twice.");
                }
                JsonNode parameters = function.get("parameters");
                if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
                    throw new Rejection(at + ".function.parameters", "Invalid type for '" + at + ".function.parameters': "
                            + "expected a JSON Schema object.");
                }
                JsonNode description = function.get("description");
                if (description != null && !description.isNull() && !description.isTextual()) {
                    throw new Rejection(at + ".function.description", "Invalid type for '" + at + ".function.description': expected a string.");
                }
            }
        }
        JsonNode choice = present(body, "tool_choice");
        if (choice == null) {
            return;
        }
        if (choice.isTextual()) {
            if (!Set.of("none", "auto", "required").contains(choice.asText())) {
                throw new Rejection("tool_choice", "Invalid 'tool_choice': expected none, auto, required or "
                        + "{\"type\":\"function\",\"function\":{\"name\":…}}.");
            }
            return;
        }
        String type = choice.path("type").asText("function");
        if (choice.isObject() && type.equals("allowed_tools")) {
            JsonNode allowed = choice.path("allowed_tools");
            if (!Set.of("auto", "required").contains(allowed.path("mode").asText("")) || !allowed.path("tools").isArray()) {
                throw new Rejection("tool_choice.allowed_tools", "Invalid 'tool_choice.allowed_tools': expected "
                        + "{\"mode\":\"auto\"|\"required\",\"tools\":[…]}.");
            }
            for (JsonNode tool : allowed.path("tools")) {
                requireDeclared(declared, tool.path("function").path("name"), "tool_choice.allowed_tools.tools");
            }
            return;
        }
        if (!choice.isObject() || !type.equals("function") || !choice.path("function").path("name").isTextual()) {
            throw new Rejection("tool_choice", "Invalid 'tool_choice': expected none, auto, required or "
                    + "{\"type\":\"function\",\"function\":{\"name\":…}}.");
        }
        requireDeclared(declared, choice.path("function").path("name"), "tool_choice.function.name");
    }

    /** A tool the request forces or allows must be one it declares: no model can call an unknown function. */
    private static void requireDeclared(Set<String> declared, JsonNode name, String param) {
        if (!name.isTextual() || !declared.contains(name.asText())) {
            throw new Rejection(param, "Invalid '" + param + "': " + (name.isTextual() ? "'" + name.asText() + "'" : "the function")
                    + " is not among the request's tools.");
        }
    }

    private static void validateResponseFormat(ObjectNode body) {
        JsonNode format = present(body, "response_format");
        if (format == null) {
            return;
        }
        String type = format.path("type").asText("");
        if (!format.isObject() || !Set.of("text", "json_object", "json_schema").contains(type)) {
            throw new Rejection("response_format.type", "Invalid 'response_format.type': expected text, json_object or json_schema.");
        }
        if (type.equals("json_schema") && (!format.path("json_schema").path("name").isTextual()
                || !format.path("json_schema").path("schema").isObject())) {
            throw new Rejection("response_format.json_schema", "Invalid 'response_format.json_schema': expected {\"name\":…,\"schema\":{…}}.");
        }
    }

    private static JsonNode present(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode value = present(body, field);
        if (value != null && !value.isBoolean()) {
            throw new Rejection(field, "Invalid type for '" + field + "': expected a boolean.");
        }
        return value != null && value.asBoolean();
    }

    private static void number(ObjectNode body, String field, double min, double max) {
        JsonNode value = present(body, field);
        if (value == null) {
            return;
        }
        if (!value.isNumber()) {
            throw new Rejection(field, "Invalid type for '" + field + "': expected a number.");
        }
        if (value.doubleValue() < min || value.doubleValue() > max) {
            throw new Rejection(field, "Invalid '" + field + "': " + value + " is not between " + fmt(min) + " and " + fmt(max) + ".");
        }
    }

    private static void integer(ObjectNode body, String field, long min, long max) {
        JsonNode value = present(body, field);
        if (value == null) {
            return;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new Rejection(field, "Invalid type for '" + field + "': expected an integer.");
        }
        if (value.longValue() < min) {
            throw new Rejection(field, "Invalid '" + field + "': must be at least " + min + ".");
        }
        if (value.longValue() > max) {
            throw new Rejection(field, "Invalid '" + field + "': must be at most " + max + ".");
        }
    }

    private static void text(ObjectNode body, String field) {
        JsonNode value = present(body, field);
        if (value != null && !value.isTextual()) {
            throw new Rejection(field, "Invalid type for '" + field + "': expected a string.");
        }
    }

    private static void object(ObjectNode body, String field) {
        JsonNode value = present(body, field);
        if (value != null && !value.isObject()) {
            throw new Rejection(field, "Invalid type for '" + field + "': expected an object.");
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
