package com.gaterouter.router.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An Anthropic Messages request (API version 2023-06-01) as the router's normal form, OpenAI's Chat Completions JSON
 * with the gateway's extensions ({@code thinking}, {@code top_k}, assistant {@code thinking_blocks}, content parts'
 * {@code cache_control}), which {@code ChatRequestParser.parse(ObjectNode)} then validates like any chat request.
 * Pure: no I/O, the input is not modified.
 *
 * <p>What the dialect checks itself it answers as Anthropic does, {@code <path>: <what is wrong>} with the path in
 * Anthropic's dotted form ({@code messages.0.content.1.source}), so an Anthropic SDK shows the usual message. What
 * the normal form cannot carry, or what would silently change the answer (server tools, MCP servers, a code
 * container, context editing, citations, an inference region other than global), is refused by name rather than
 * dropped; what only tunes delivery or depth ({@code service_tier}, {@code speed}, {@code diagnostics},
 * {@code output_config.effort}, {@code thinking.display}, a tool's {@code cache_control}, a tool result's
 * {@code is_error}) is dropped, and {@code thinking} {@code adaptive} / {@code between_tools} leave the model at its
 * default (the normal form only has a budget or none), as documented in docs/api.md. The mapping, block by block:
 * <ul>
 *   <li>{@code system} (a string, or text blocks keeping {@code cache_control}) → one system message;</li>
 *   <li>user {@code text} → a text part ({@code cache_control} kept); {@code image} with a base64 source → an
 *       {@code image_url} part with a data URL, with a URL source → that URL; {@code document} with a base64 PDF →
 *       a {@code file} part ({@code file_data} a data URL, {@code filename} the title), with a text or content
 *       source → text parts; {@code tool_result} → a {@code tool} message, placed before the user's other blocks
 *       (Anthropic puts results first; OpenAI wants them right after the assistant's calls);</li>
 *   <li>assistant {@code text} → content, {@code tool_use} → {@code tool_calls} (arguments = the input as a JSON
 *       string), {@code thinking}/{@code redacted_thinking} → {@code thinking_blocks}, verbatim with the signature
 *       (a thinking block without a signature, as this gateway shows another vendor's reasoning, is not replayed:
 *       no vendor can verify it);</li>
 *   <li>{@code tools} → function tools; {@code tool_choice} auto/any/tool/none → auto/required/function/none, and
 *       {@code disable_parallel_tool_use} → {@code parallel_tool_calls: false}; {@code stop_sequences} → {@code stop}
 *       (at most 4, the normal form's limit); {@code metadata.user_id} → {@code user}; {@code thinking},
 *       {@code top_k}, {@code temperature}, {@code top_p} as they are; {@code output_config.format} (or the beta's
 *       {@code output_format}) → {@code response_format} json_schema; a top-level {@code cache_control} (automatic
 *       caching) → on the last content part.</li>
 * </ul>
 * A stream always asks for usage ({@code stream_options.include_usage}), so its {@code message_delta} has the final
 * token counts.
 */
public final class MessagesRequestTranslator {

    /** Messages creates a message; count_tokens counts the same request's input (no {@code max_tokens}). */
    public enum Mode { CREATE, COUNT_TOKENS }

    /** The outcome: the normal form and the model as the client named it, or the 400 to answer. */
    public sealed interface Translation permits Translated, Rejected {
    }

    /** @param normalForm the request in the router's normal form; {@code model} as the client sent it */
    public record Translated(ObjectNode normalForm, String model, boolean stream) implements Translation {
    }

    public record Rejected(ApiError error) implements Translation {
    }

    /** The top-level fields of a Messages request (2023-06-01 and its current additions). */
    private static final Set<String> CREATE_FIELDS = Set.of("model", "messages", "max_tokens", "system", "metadata",
            "stop_sequences", "stream", "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking", "service_tier",
            "container", "mcp_servers", "context_management", "output_format", "output_config", "cache_control", "diagnostics",
            "inference_geo", "speed");
    /** count_tokens takes the input fields; the generation fields a client may copy over are accepted and ignored. */
    private static final Set<String> COUNT_FIELDS = CREATE_FIELDS;
    /** Fields that would change what the model does or sees and that no vendor behind the normal form can honour. */
    private static final Set<String> REFUSED_FIELDS = Set.of("container", "mcp_servers", "context_management");
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    /** The normal form's (OpenAI's) limit on stop sequences. */
    static final int MAX_STOP_SEQUENCES = 4;

    /** Thrown inside the translator and turned into {@link Rejected}. */
    private static final class Refusal extends RuntimeException {
        private final transient ApiError error;

        Refusal(String path, String message) {
            super(message, null, false, false);
            this.error = ApiError.invalidRequest(path, message);
        }
    }

    private MessagesRequestTranslator() {
    }

    /** The raw body: JSON errors in Anthropic's wording. */
    public static Translation translate(byte[] body, Mode mode) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            return new Rejected(ApiError.invalidRequest(null,
                    "There was an error parsing the body of your request: it is not valid JSON."));
        }
        if (!(root instanceof ObjectNode object)) {
            return new Rejected(ApiError.invalidRequest(null, "The request body must be a JSON object."));
        }
        return translate(object, mode);
    }

    public static Translation translate(ObjectNode body, Mode mode) {
        try {
            return translated(body, mode);
        } catch (Refusal refusal) {
            return new Rejected(refusal.error);
        }
    }

    private static Translated translated(ObjectNode body, Mode mode) {
        Set<String> known = mode == Mode.CREATE ? CREATE_FIELDS : COUNT_FIELDS;
        for (var field : body.properties()) {
            if (!known.contains(field.getKey())) {
                throw new Refusal(field.getKey(), "Extra inputs are not permitted");
            }
        }
        for (String field : REFUSED_FIELDS) {
            JsonNode value = present(body, field);
            if (value != null && !(value.isContainerNode() && value.isEmpty())) {
                throw new Refusal(field, "not supported by this gateway: it would change what the model does, and the "
                        + "vendors behind the gateway's normal form cannot honour it.");
            }
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        JsonNode model = present(body, "model");
        if (model == null) {
            throw new Refusal("model", "Field required");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            throw new Refusal("model", "Input should be a non-empty string");
        }
        out.put("model", model.asText());

        boolean stream = false;
        if (mode == Mode.CREATE) {
            JsonNode maxTokens = present(body, "max_tokens");
            if (maxTokens == null) {
                throw new Refusal("max_tokens", "Field required");
            }
            if (!maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt() || maxTokens.asInt() < 1) {
                throw new Refusal("max_tokens", "Input should be an integer greater than or equal to 1");
            }
            out.put("max_tokens", maxTokens.asInt());
            stream = bool(body, "stream");
            if (stream) {
                out.put("stream", true);
                out.putObject("stream_options").put("include_usage", true);
            }
            number(body, out, "temperature", "temperature", 0, 1);
            number(body, out, "top_p", "top_p", 0, 1);
            JsonNode topK = present(body, "top_k");
            if (topK != null) {
                if (!topK.isIntegralNumber() || !topK.canConvertToInt() || topK.asInt() < 1) {
                    throw new Refusal("top_k", "Input should be an integer greater than or equal to 1");
                }
                out.put("top_k", topK.asInt());
            }
            stopSequences(body, out);
            metadata(body, out);
            inferenceGeo(body);
        }
        outputFormat(body, out);

        ArrayNode messages = out.putArray("messages");
        system(present(body, "system"), messages);
        conversation(present(body, "messages"), messages);
        automaticCaching(present(body, "cache_control"), messages);
        tools(body, out);
        thinking(body, out, mode);
        return new Translated(out, model.asText(), stream);
    }

    // ---------------------------------------------------------------- request-level fields

    private static void stopSequences(ObjectNode body, ObjectNode out) {
        JsonNode stops = present(body, "stop_sequences");
        if (stops == null) {
            return;
        }
        if (!stops.isArray()) {
            throw new Refusal("stop_sequences", "Input should be a valid list");
        }
        if (stops.size() > MAX_STOP_SEQUENCES) {
            throw new Refusal("stop_sequences", "at most " + MAX_STOP_SEQUENCES + " stop sequences are supported by this gateway "
                    + "(the limit every vendor behind it shares); " + stops.size() + " were sent.");
        }
        ArrayNode stop = Json.MAPPER.createArrayNode();
        for (int i = 0; i < stops.size(); i++) {
            if (!stops.get(i).isTextual()) {
                throw new Refusal("stop_sequences." + i, "Input should be a valid string");
            }
            stop.add(stops.get(i).asText());
        }
        if (!stop.isEmpty()) {
            out.set("stop", stop);
        }
    }

    private static void metadata(ObjectNode body, ObjectNode out) {
        JsonNode metadata = present(body, "metadata");
        if (metadata == null) {
            return;
        }
        if (!metadata.isObject()) {
            throw new Refusal("metadata", "Input should be a valid dictionary");
        }
        JsonNode user = present((ObjectNode) metadata, "user_id");
        if (user != null) {
            if (!user.isTextual()) {
                throw new Refusal("metadata.user_id", "Input should be a valid string");
            }
            if (!user.asText().isBlank()) {
                out.put("user", user.asText());
            }
        }
    }

    /**
     * Structured outputs as the normal form's json_schema response format: {@code output_config.format} (current) or the
     * beta's {@code output_format}, each {@code {"type":"json_schema","schema":{…}}}. {@code output_config.effort} is
     * not carried: the normal form has no effort for every vendor, and a model left at its default (Anthropic's default
     * is high) answers as asked, only possibly spending more tokens.
     */
    private static void outputFormat(ObjectNode body, ObjectNode out) {
        JsonNode format = present(body, "output_format");
        String param = "output_format";
        JsonNode config = present(body, "output_config");
        if (config != null) {
            if (!config.isObject()) {
                throw new Refusal("output_config", "Input should be a valid dictionary");
            }
            JsonNode inner = present((ObjectNode) config, "format");
            if (inner != null) {
                format = inner;
                param = "output_config.format";
            }
        }
        if (format == null) {
            return;
        }
        if (!format.isObject() || !"json_schema".equals(format.path("type").asText()) || !format.path("schema").isObject()) {
            throw new Refusal(param, "Input should be {\"type\":\"json_schema\",\"schema\":{...}}");
        }
        ObjectNode schema = out.putObject("response_format").put("type", "json_schema").putObject("json_schema");
        schema.put("name", "output");
        schema.set("schema", format.get("schema").deepCopy());
    }

    /** Where inference may run is a data-residency promise: only the default ({@code global}) can be kept. */
    private static void inferenceGeo(ObjectNode body) {
        JsonNode geo = present(body, "inference_geo");
        if (geo != null && !"global".equals(geo.asText())) {
            throw new Refusal("inference_geo", "only 'global' is supported by this gateway: it cannot promise where a vendor "
                    + "runs the request.");
        }
    }

    /**
     * Automatic prompt caching (a top-level {@code cache_control}): Anthropic puts the breakpoint on the last cacheable
     * block; so does this, on the last content part of the last message that has content, in the normal form's
     * convention (a part's {@code cache_control}).
     */
    private static void automaticCaching(JsonNode cacheControl, ArrayNode messages) {
        if (cacheControl == null) {
            return;
        }
        if (!cacheControl.isObject() || !"ephemeral".equals(cacheControl.path("type").asText())) {
            throw new Refusal("cache_control", "Input should be {\"type\":\"ephemeral\"}");
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            ObjectNode message = (ObjectNode) messages.get(i);
            JsonNode content = message.get("content");
            if (content != null && content.isTextual() && !content.asText().isEmpty()) {
                ObjectNode part = message.putArray("content").addObject().put("type", "text").put("text", content.asText());
                part.set("cache_control", cacheControl.deepCopy());
                return;
            }
            if (content != null && content.isArray() && !content.isEmpty()) {
                ((ObjectNode) content.get(content.size() - 1)).set("cache_control", cacheControl.deepCopy());
                return;
            }
        }
    }

    private static void thinking(ObjectNode body, ObjectNode out, Mode mode) {
        JsonNode thinking = present(body, "thinking");
        if (thinking == null) {
            return;
        }
        String type = thinking.path("type").asText("");
        if (!thinking.isObject() || !Set.of("enabled", "disabled", "adaptive", "between_tools").contains(type)) {
            throw new Refusal("thinking.type", "Input should be 'enabled', 'disabled', 'adaptive' or 'between_tools'");
        }
        if (type.equals("adaptive") || type.equals("between_tools")) {
            return; // the normal form has a thinking budget or none: the model's own default (no explicit thinking)
        }
        if (type.equals("enabled")) {
            JsonNode budget = thinking.get("budget_tokens");
            if (budget == null || !budget.isIntegralNumber() || !budget.canConvertToInt() || budget.asInt() < 1024) {
                throw new Refusal("thinking.enabled.budget_tokens", "Input should be greater than or equal to 1024");
            }
            if (mode == Mode.CREATE && budget.asInt() >= out.path("max_tokens").asInt()) {
                throw new Refusal("max_tokens", "`max_tokens` must be greater than `thinking.budget_tokens`");
            }
            out.putObject("thinking").put("type", "enabled").put("budget_tokens", budget.asInt());
        } else {
            out.putObject("thinking").put("type", "disabled");
        }
    }

    // ---------------------------------------------------------------- system and messages

    private static void system(JsonNode system, ArrayNode messages) {
        if (system == null) {
            return;
        }
        if (system.isTextual()) {
            if (!system.asText().isEmpty()) {
                messages.addObject().put("role", "system").put("content", system.asText());
            }
            return;
        }
        if (!system.isArray()) {
            throw new Refusal("system", "Input should be a valid string or a list of text blocks");
        }
        ArrayNode parts = Json.MAPPER.createArrayNode();
        for (int i = 0; i < system.size(); i++) {
            JsonNode block = system.get(i);
            String at = "system." + i;
            if (!"text".equals(block.path("type").asText())) {
                throw new Refusal(at + ".type", "Input should be 'text'");
            }
            parts.add(textPart(block, at));
        }
        if (!parts.isEmpty()) {
            messages.addObject().put("role", "system").set("content", parts);
        }
    }

    private static void conversation(JsonNode conversation, ArrayNode messages) {
        if (conversation == null) {
            throw new Refusal("messages", "Field required");
        }
        if (!conversation.isArray()) {
            throw new Refusal("messages", "Input should be a valid list");
        }
        if (conversation.isEmpty()) {
            throw new Refusal("messages", "List should have at least 1 item");
        }
        for (int i = 0; i < conversation.size(); i++) {
            JsonNode message = conversation.get(i);
            String at = "messages." + i;
            if (!message.isObject()) {
                throw new Refusal(at, "Input should be a valid dictionary");
            }
            String role = message.path("role").asText("");
            JsonNode content = present((ObjectNode) message, "content");
            if (content == null) {
                throw new Refusal(at + ".content", "Field required");
            }
            if (!content.isTextual() && !content.isArray()) {
                throw new Refusal(at + ".content", "Input should be a valid string or a list of content blocks");
            }
            switch (role) {
                case "user" -> user(content, at, messages);
                case "assistant" -> assistant(content, at, messages);
                default -> throw new Refusal(at + ".role", "Input should be 'user' or 'assistant'");
            }
        }
    }

    private static void user(JsonNode content, String at, ArrayNode messages) {
        if (content.isTextual()) {
            messages.addObject().put("role", "user").put("content", content.asText());
            return;
        }
        if (content.isEmpty()) {
            throw new Refusal(at + ".content", "List should have at least 1 item");
        }
        ArrayNode parts = Json.MAPPER.createArrayNode();
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String where = at + ".content." + j;
            String type = block.path("type").asText("");
            switch (type) {
                case "text" -> parts.add(textPart(block, where));
                case "image" -> parts.add(withCacheControl(imagePart(block, where), block, where));
                case "document" -> document(block, where, parts);
                case "tool_result" -> messages.add(toolResult(block, where));
                case "thinking", "redacted_thinking", "tool_use" ->
                        throw new Refusal(where + ".type", "'" + type + "' blocks belong in assistant messages");
                default -> throw unsupportedBlock(block, where);
            }
        }
        if (!parts.isEmpty()) {
            messages.addObject().put("role", "user").set("content", compact(parts));
        }
    }

    private static void assistant(JsonNode content, String at, ArrayNode messages) {
        ObjectNode message = Json.MAPPER.createObjectNode().put("role", "assistant");
        if (content.isTextual()) {
            messages.add(message.put("content", content.asText()));
            return;
        }
        ArrayNode parts = Json.MAPPER.createArrayNode();
        ArrayNode toolCalls = Json.MAPPER.createArrayNode();
        ArrayNode thinking = Json.MAPPER.createArrayNode();
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String where = at + ".content." + j;
            String type = block.path("type").asText("");
            switch (type) {
                case "text" -> parts.add(textPart(block, where));
                case "tool_use" -> toolCalls.add(toolCall(block, where));
                case "thinking" -> {
                    if (!block.path("thinking").isTextual()) {
                        throw new Refusal(where + ".thinking", "Field required");
                    }
                    if (!block.path("signature").isTextual()) {
                        throw new Refusal(where + ".signature", "Field required");
                    }
                    // unsigned: reasoning another vendor showed through this gateway; nothing can verify it, so it is not replayed
                    if (!block.path("signature").asText().isEmpty()) {
                        thinking.addObject().put("type", "thinking").put("thinking", block.get("thinking").asText())
                                .put("signature", block.get("signature").asText());
                    }
                }
                case "redacted_thinking" -> {
                    if (!block.path("data").isTextual()) {
                        throw new Refusal(where + ".data", "Field required");
                    }
                    thinking.addObject().put("type", "redacted_thinking").put("data", block.get("data").asText());
                }
                case "image", "document", "tool_result" ->
                        throw new Refusal(where + ".type", "'" + type + "' blocks belong in user messages");
                default -> throw unsupportedBlock(block, where);
            }
        }
        if (parts.isEmpty()) {
            if (toolCalls.isEmpty()) {
                message.put("content", "");
            } else {
                message.putNull("content");
            }
        } else {
            message.set("content", compact(parts));
        }
        if (!toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
        if (!thinking.isEmpty()) {
            message.set("thinking_blocks", thinking);
        }
        messages.add(message);
    }

    /** A block type this gateway does not translate: server tools' blocks, search results, container uploads, … */
    private static Refusal unsupportedBlock(JsonNode block, String where) {
        String type = block.path("type").asText("");
        if (type.isEmpty()) {
            return new Refusal(where + ".type", "Field required");
        }
        return new Refusal(where + ".type", "content blocks of type '" + type + "' are not supported by this gateway "
                + "(supported: text, image, document, tool_use, tool_result, thinking, redacted_thinking).");
    }

    /** A single text part without cache_control as a plain string (the compact form every vendor takes); else the parts. */
    private static JsonNode compact(ArrayNode parts) {
        if (parts.size() == 1 && "text".equals(parts.get(0).path("type").asText()) && !parts.get(0).has("cache_control")) {
            return parts.get(0).get("text");
        }
        return parts;
    }

    private static ObjectNode text(String text) {
        return Json.MAPPER.createObjectNode().put("type", "text").put("text", text);
    }

    private static ObjectNode textPart(JsonNode block, String at) {
        if (!block.path("text").isTextual()) {
            throw new Refusal(at + ".text", "Field required");
        }
        // citations on a replayed text block are the model's own output: the normal form has no place for them
        return withCacheControl(Json.MAPPER.createObjectNode().put("type", "text").put("text", block.get("text").asText()), block, at);
    }

    /** The block's {@code cache_control} (an Anthropic prompt-cache breakpoint) on the part, as OpenRouter's convention does. */
    private static ObjectNode withCacheControl(ObjectNode part, JsonNode block, String at) {
        JsonNode cacheControl = block.get("cache_control");
        if (cacheControl == null || cacheControl.isNull()) {
            return part;
        }
        if (!cacheControl.isObject() || !"ephemeral".equals(cacheControl.path("type").asText())) {
            throw new Refusal(at + ".cache_control", "Input should be {\"type\":\"ephemeral\"}");
        }
        part.set("cache_control", cacheControl.deepCopy());
        return part;
    }

    private static ObjectNode imagePart(JsonNode block, String at) {
        JsonNode source = block.path("source");
        String where = at + ".source";
        ObjectNode part = Json.MAPPER.createObjectNode().put("type", "image_url");
        switch (source.path("type").asText("")) {
            case "base64" -> {
                String mediaType = source.path("media_type").asText("");
                if (!IMAGE_TYPES.contains(mediaType)) {
                    throw new Refusal(where + ".media_type", "Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
                }
                if (!source.path("data").isTextual() || source.get("data").asText().isEmpty()) {
                    throw new Refusal(where + ".data", "Field required");
                }
                part.putObject("image_url").put("url", "data:" + mediaType + ";base64," + source.get("data").asText());
            }
            case "url" -> {
                String url = source.path("url").asText("");
                if (!url.startsWith("https://") && !url.startsWith("http://")) {
                    throw new Refusal(where + ".url", "Input should be an http(s) URL");
                }
                part.putObject("image_url").put("url", url);
            }
            case "file" -> throw new Refusal(where + ".type", "file sources (the Files API) are not supported by this gateway; "
                    + "send the image as base64 or a URL");
            default -> throw new Refusal(where + ".type", "Input should be 'base64' or 'url'");
        }
        return part;
    }

    private static void document(JsonNode block, String at, ArrayNode parts) {
        JsonNode citations = block.get("citations");
        if (citations != null && citations.path("enabled").asBoolean(false)) {
            throw new Refusal(at + ".citations", "citations are not supported by this gateway");
        }
        JsonNode source = block.path("source");
        String where = at + ".source";
        switch (source.path("type").asText("")) {
            case "base64" -> {
                if (!"application/pdf".equals(source.path("media_type").asText())) {
                    throw new Refusal(where + ".media_type", "Input should be 'application/pdf'");
                }
                if (!source.path("data").isTextual() || source.get("data").asText().isEmpty()) {
                    throw new Refusal(where + ".data", "Field required");
                }
                ObjectNode part = Json.MAPPER.createObjectNode().put("type", "file");
                String title = block.path("title").asText("");
                part.putObject("file").put("filename", title.isBlank() ? "document.pdf" : title)
                        .put("file_data", "data:application/pdf;base64," + source.get("data").asText());
                parts.add(withCacheControl(part, block, at));
            }
            case "text" -> {
                if (!source.path("data").isTextual()) {
                    throw new Refusal(where + ".data", "Field required");
                }
                parts.add(withCacheControl(text(source.get("data").asText()), block, at));
            }
            case "content" -> {
                JsonNode content = source.path("content");
                if (content.isTextual()) {
                    parts.add(withCacheControl(text(content.asText()), block, at));
                    return;
                }
                if (!content.isArray()) {
                    throw new Refusal(where + ".content", "Input should be a valid string or a list of text and image blocks");
                }
                for (int k = 0; k < content.size(); k++) {
                    JsonNode inner = content.get(k);
                    String in = where + ".content." + k;
                    switch (inner.path("type").asText("")) {
                        case "text" -> parts.add(textPart(inner, in));
                        case "image" -> parts.add(withCacheControl(imagePart(inner, in), inner, in));
                        default -> throw new Refusal(in + ".type", "Input should be 'text' or 'image'");
                    }
                }
            }
            case "url" -> throw new Refusal(where + ".type", "URL document sources are not supported by this gateway; send the PDF as "
                    + "base64");
            case "file" -> throw new Refusal(where + ".type", "file sources (the Files API) are not supported by this gateway; "
                    + "send the PDF as base64");
            default -> throw new Refusal(where + ".type", "Input should be 'base64', 'text' or 'content'");
        }
    }

    private static ObjectNode toolCall(JsonNode block, String at) {
        if (!block.path("id").isTextual() || block.get("id").asText().isEmpty()) {
            throw new Refusal(at + ".id", "Field required");
        }
        if (!block.path("name").isTextual() || block.get("name").asText().isEmpty()) {
            throw new Refusal(at + ".name", "Field required");
        }
        JsonNode input = block.get("input");
        if (input == null || !input.isObject()) {
            throw new Refusal(at + ".input", "Input should be a valid dictionary");
        }
        ObjectNode call = Json.MAPPER.createObjectNode().put("id", block.get("id").asText()).put("type", "function");
        call.putObject("function").put("name", block.get("name").asText()).put("arguments", input.toString());
        return call;
    }

    /**
     * A {@code tool_result} as a {@code tool} message: its text (a string or text blocks, {@code cache_control} kept).
     * {@code is_error} has no place in the normal form and is dropped: the result's text says what went wrong.
     */
    private static ObjectNode toolResult(JsonNode block, String at) {
        if (!block.path("tool_use_id").isTextual() || block.get("tool_use_id").asText().isEmpty()) {
            throw new Refusal(at + ".tool_use_id", "Field required");
        }
        ObjectNode message = Json.MAPPER.createObjectNode().put("role", "tool").put("tool_call_id", block.get("tool_use_id").asText());
        JsonNode content = block.get("content");
        ArrayNode parts = Json.MAPPER.createArrayNode();
        if (content == null || content.isNull()) {
            parts.addObject().put("type", "text").put("text", "");
        } else if (content.isTextual()) {
            parts.addObject().put("type", "text").put("text", content.asText());
        } else if (content.isArray()) {
            for (int k = 0; k < content.size(); k++) {
                JsonNode inner = content.get(k);
                String in = at + ".content." + k;
                String type = inner.path("type").asText("");
                if (!type.equals("text")) {
                    throw new Refusal(in + ".type", "only text is supported in tool results by this gateway (got '" + type + "')");
                }
                parts.add(textPart(inner, in));
            }
        } else {
            throw new Refusal(at + ".content", "Input should be a valid string or a list of content blocks");
        }
        if (block.has("cache_control") && !block.get("cache_control").isNull() && !parts.isEmpty()) {
            // the breakpoint after the result: on its last part
            withCacheControl((ObjectNode) parts.get(parts.size() - 1), block, at);
        }
        message.set("content", parts.isEmpty() ? Json.MAPPER.getNodeFactory().textNode("") : compact(parts));
        return message;
    }

    // ---------------------------------------------------------------- tools

    private static void tools(ObjectNode body, ObjectNode out) {
        JsonNode tools = present(body, "tools");
        Set<String> declared = new java.util.HashSet<>();
        if (tools != null) {
            if (!tools.isArray()) {
                throw new Refusal("tools", "Input should be a valid list");
            }
            List<String> serverTools = new ArrayList<>();
            for (JsonNode tool : tools) {
                String type = tool.path("type").asText("custom");
                if (!type.equals("custom")) {
                    serverTools.add(type + (tool.path("name").isTextual() ? " (" + tool.get("name").asText() + ")" : ""));
                }
            }
            if (!serverTools.isEmpty()) {
                throw new Refusal("tools", "Anthropic server tools are not supported by this gateway: " + String.join(", ", serverTools)
                        + ". Declare client tools (name, description, input_schema) instead.");
            }
            ArrayNode functions = Json.MAPPER.createArrayNode();
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                String at = "tools." + i;
                if (!tool.isObject()) {
                    throw new Refusal(at, "Input should be a valid dictionary");
                }
                JsonNode name = tool.get("name");
                if (name == null || !name.isTextual()) {
                    throw new Refusal(at + ".name", "Field required");
                }
                if (!TOOL_NAME.matcher(name.asText()).matches()) {
                    throw new Refusal(at + ".name", "String should match pattern '^[a-zA-Z0-9_-]{1,64}$'");
                }
                if (!declared.add(name.asText())) {
                    throw new Refusal("tools", "Tool names must be unique.");
                }
                JsonNode schema = tool.get("input_schema");
                if (schema == null || !schema.isObject()) {
                    throw new Refusal(at + ".input_schema", "Field required");
                }
                ObjectNode function = functions.addObject().put("type", "function").putObject("function");
                function.put("name", name.asText());
                JsonNode description = tool.get("description");
                if (description != null && !description.isNull()) {
                    if (!description.isTextual()) {
                        throw new Refusal(at + ".description", "Input should be a valid string");
                    }
                    function.put("description", description.asText());
                }
                function.set("parameters", schema.deepCopy());
                // cache_control on a tool is dropped: tools come first in the cache prefix, so a breakpoint on the
                // system prompt or a message still caches them; strict and input_examples have no normal form
            }
            if (!functions.isEmpty()) {
                out.set("tools", functions);
            }
        }
        toolChoice(body, out, declared);
    }

    private static void toolChoice(ObjectNode body, ObjectNode out, Set<String> declared) {
        JsonNode choice = present(body, "tool_choice");
        if (choice == null) {
            return;
        }
        if (!choice.isObject()) {
            throw new Refusal("tool_choice", "Input should be a valid dictionary");
        }
        String type = choice.path("type").asText("");
        JsonNode mapped = switch (type) {
            case "auto" -> Json.MAPPER.getNodeFactory().textNode("auto");
            case "any" -> Json.MAPPER.getNodeFactory().textNode("required");
            case "none" -> Json.MAPPER.getNodeFactory().textNode("none");
            case "tool" -> {
                String name = choice.path("name").asText("");
                if (name.isEmpty()) {
                    throw new Refusal("tool_choice.tool.name", "Field required");
                }
                if (!declared.contains(name)) {
                    throw new Refusal("tool_choice.tool.name", "Tool '" + name + "' not found in tools");
                }
                ObjectNode named = Json.MAPPER.createObjectNode().put("type", "function");
                named.putObject("function").put("name", name);
                yield named;
            }
            default -> throw new Refusal("tool_choice.type", "Input should be 'auto', 'any', 'tool' or 'none'");
        };
        JsonNode disable = choice.get("disable_parallel_tool_use");
        if (disable != null && !disable.isNull() && !disable.isBoolean()) {
            throw new Refusal("tool_choice." + type + ".disable_parallel_tool_use", "Input should be a valid boolean");
        }
        if (declared.isEmpty()) {
            return; // without tools there is nothing to choose, and OpenAI refuses a tool_choice without tools
        }
        out.set("tool_choice", mapped);
        if (disable != null && disable.asBoolean(false) && !type.equals("none")) {
            out.put("parallel_tool_calls", false);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode present(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static boolean bool(ObjectNode body, String field) {
        JsonNode value = present(body, field);
        if (value != null && !value.isBoolean()) {
            throw new Refusal(field, "Input should be a valid boolean");
        }
        return value != null && value.asBoolean();
    }

    private static void number(ObjectNode body, ObjectNode out, String field, String param, double min, double max) {
        JsonNode value = present(body, field);
        if (value == null) {
            return;
        }
        if (!value.isNumber()) {
            throw new Refusal(param, "Input should be a valid number");
        }
        if (value.doubleValue() < min || value.doubleValue() > max) {
            throw new Refusal(param, "Input should be between " + (long) min + " and " + (long) max);
        }
        out.set(field, value.deepCopy());
    }
}
