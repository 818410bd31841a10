package com.gaterouter.router.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.api.ApiError;
import java.util.Set;

/** Parses and validates a chat completion body; errors name the offending field in {@code param}. */
public final class ChatRequestParser {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    /** The outcome: a request, or the 400 to answer with. */
    public sealed interface Parsed permits Valid, Invalid {
    }

    public record Valid(ChatRequest request) implements Parsed {
    }

    public record Invalid(ApiError error) implements Parsed {
    }

    public Parsed parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return invalid(null, "We could not parse the JSON body of your request: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            return invalid(null, "We could not read the body of your request.");
        }
        if (!(root instanceof ObjectNode object)) {
            return invalid(null, "The request body must be a JSON object.");
        }
        JsonNode model = object.get("model");
        if (model == null || model.isNull()) {
            return invalid("model", "you must provide a model parameter");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            return invalid("model", "model must be a non-empty string");
        }
        JsonNode messages = object.get("messages");
        if (messages == null || messages.isNull()) {
            return invalid("messages", "Missing required parameter: 'messages'.");
        }
        if (!messages.isArray()) {
            return invalid("messages", "Invalid type for 'messages': expected an array.");
        }
        if (messages.isEmpty()) {
            return invalid("messages", "Invalid 'messages': empty array. Expected an array with minimum length 1.");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                return invalid("messages[" + i + "]", "Invalid type for 'messages[" + i + "]': expected an object.");
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
                return invalid("messages[" + i + "].role", "Invalid value for 'messages[" + i + "].role': expected one of "
                        + "system, developer, user, assistant, tool.");
            }
        }
        JsonNode stream = object.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            return invalid("stream", "Invalid type for 'stream': expected a boolean.");
        }
        JsonNode streamOptions = object.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull() && !streamOptions.isObject()) {
            return invalid("stream_options", "Invalid type for 'stream_options': expected an object.");
        }
        boolean streaming = stream != null && stream.asBoolean(false);
        boolean includeUsage = streamOptions != null && streamOptions.path("include_usage").asBoolean(false);
        return new Valid(new ChatRequest(object, model.asText(), streaming, includeUsage));
    }

    private static Invalid invalid(String param, String message) {
        return new Invalid(ApiError.invalidRequest(param, message));
    }
}
