package com.gaterouter.router.vendors.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.vendors.OpenAiOnlyParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The normal-form request (OpenAI Chat Completions) as an Anthropic Messages request. Pure: no
 * I/O, and the input is never modified (the core may retry it against another model).
 *
 * <p>The body is built field by field from what Anthropic understands (an allow-list), so OpenAI-
 * or gateway-only fields ({@code seed}, {@code metadata}, {@code service_tier}, {@code models},
 * {@code stream_options}, …) can never leak upstream and earn a 400 there.
 * See {@code docs/vendors/anthropic.md} for the full mapping.
 */
final class AnthropicRequestTranslator {

    /** max_tokens when neither the request nor the catalog gives one (Anthropic requires it). */
    static final int FALLBACK_MAX_TOKENS = 4096;

    static final String JSON_OBJECT_INSTRUCTION = "Respond only with a single valid JSON object. "
            + "Do not write anything before or after it, and do not wrap it in a code block.";

    /** The request cannot be expressed in Anthropic's format; the message names the field and is safe to show. */
    static final class UntranslatableRequest extends RuntimeException {
        UntranslatableRequest(String message) {
            super(message, null, false, false);
        }
    }

    private AnthropicRequestTranslator() {
    }

    /**
     * OpenAI fields Anthropic cannot honour for this request (see {@code VendorClient#unsupportedParameters}).
     * Ignored-but-harmless fields ({@code seed}, {@code metadata}, {@code service_tier}, …) are not listed.
     */
    static List<String> unsupportedParameters(ObjectNode request) {
        return OpenAiOnlyParameters.in(request);
    }

    /** The Anthropic body for {@code request}; {@code stream} adds {@code "stream": true}. */
    static ObjectNode translate(ObjectNode request, ModelSpec model, boolean stream) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model.upstream());
        int maxTokens = maxTokens(request, model);
        body.put("max_tokens", maxTokens);
        Optional<ObjectNode> thinking = thinking(request, model, maxTokens);
        Optional<String> jsonTool = jsonResponseTool(request, model);

        Conversation conversation = conversation(request.path("messages"));
        List<ObjectNode> system = new ArrayList<>(conversation.system());
        if (jsonTool.isEmpty()) {
            responseFormatInstruction(request.get("response_format")).ifPresent(system::add);
        }
        if (!system.isEmpty()) {
            body.set("system", systemField(system));
        }
        ArrayNode messages = body.putArray("messages");
        for (Turn turn : conversation.turns()) {
            ObjectNode message = messages.addObject().put("role", turn.role());
            message.set("content", contentField(turn.blocks()));
        }

        thinking.ifPresent(t -> body.set("thinking", t));
        JsonNode temperature = thinking.isPresent() ? null : request.get("temperature");
        if (temperature != null && temperature.isNumber()) {
            // OpenAI allows 0..2, Anthropic 0..1: clamp (not scale), so values valid at both mean the same
            double t = temperature.asDouble();
            if (t < 0 || t > 1) {
                body.put("temperature", Math.max(0.0, Math.min(1.0, t)));
            } else {
                body.set("temperature", temperature.deepCopy());
            }
        }
        JsonNode topP = request.get("top_p");
        // with thinking on, Anthropic only accepts top_p in 0.95..1
        if (topP != null && topP.isNumber() && (thinking.isEmpty() || topP.asDouble() >= 0.95)) {
            body.set("top_p", topP.deepCopy());
        }
        JsonNode topK = request.get("top_k");
        if (topK != null && !topK.isNull()) {
            if (!topK.canConvertToInt() || !topK.isIntegralNumber() || topK.asInt() < 1) {
                throw new UntranslatableRequest("top_k: must be an integer of at least 1");
            }
            if (thinking.isEmpty()) { // Anthropic rejects top_k with thinking
                body.put("top_k", topK.asInt());
            }
        }
        ArrayNode stops = stopSequences(request.get("stop"));
        if (!stops.isEmpty()) {
            body.set("stop_sequences", stops);
        }
        JsonNode user = request.get("user");
        if (user != null && user.isTextual() && !user.asText().isBlank()) {
            body.putObject("metadata").put("user_id", user.asText());
        }
        ArrayNode tools = tools(request.get("tools"));
        if (jsonTool.isPresent()) {
            // structured output: one forced tool whose input is the answer (see jsonResponseTool)
            JsonNode schema = request.path("response_format").path("json_schema").path("schema");
            ObjectNode spec = body.putArray("tools").addObject().put("name", jsonTool.get())
                    .put("description", "Respond with the answer as this tool's input.");
            spec.set("input_schema", schema.deepCopy());
            body.putObject("tool_choice").put("type", "tool").put("name", jsonTool.get());
        } else if (!tools.isEmpty()) {
            body.set("tools", tools);
            // without tools, Anthropic rejects tool_choice; OpenAI ignores it, so we drop it
            Optional<ObjectNode> choice = toolChoice(request.get("tool_choice"), request.get("parallel_tool_calls"));
            if (choice.isPresent() && thinking.isPresent() && forcesTool(choice.get())) {
                throw new UntranslatableRequest("tool_choice: Anthropic models cannot be forced to call a tool while thinking;"
                        + " use auto, or turn thinking off");
            }
            choice.ifPresent(c -> body.set("tool_choice", c));
        }
        if (stream) {
            body.put("stream", true);
        }
        return body;
    }

    // ---------------------------------------------------------------- limits and sampling

    private static int maxTokens(ObjectNode request, ModelSpec model) {
        // max_completion_tokens is OpenAI's current name; max_tokens the deprecated one
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode value = request.get(field);
            if (value != null && !value.isNull()) {
                if (!value.canConvertToInt() || value.asInt() < 1) {
                    throw new UntranslatableRequest(field + ": must be a positive integer");
                }
                return value.asInt();
            }
        }
        return model.maxOutputTokens() > 0 ? model.maxOutputTokens() : FALLBACK_MAX_TOKENS;
    }

    private static ArrayNode stopSequences(JsonNode stop) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (stop == null || stop.isNull()) {
            return out;
        }
        if (stop.isTextual()) {
            addStop(out, stop.asText());
        } else if (stop.isArray()) {
            stop.forEach(s -> addStop(out, s.asText("")));
        } else {
            throw new UntranslatableRequest("stop: must be a string or an array of strings");
        }
        return out;
    }

    private static void addStop(ArrayNode out, String stop) {
        // Anthropic rejects empty stop sequences; OpenAI ignores them
        if (!stop.isEmpty()) {
            out.add(stop);
        }
    }

    // ---------------------------------------------------------------- messages

    /** One Anthropic message being assembled; same-role neighbours merge into one. */
    private record Turn(String role, List<ObjectNode> blocks) {
    }

    private record Conversation(List<ObjectNode> system, List<Turn> turns) {
    }

    private static Conversation conversation(JsonNode messages) {
        List<ObjectNode> system = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String where = "messages[" + i + "]";
            String role = m.path("role").asText("");
            switch (role) {
                // Anthropic has one top-level system prompt: every system/developer message goes there, in order
                case "system", "developer" -> system.addAll(textBlocks(m.get("content"), where + ".content"));
                case "user" -> append(turns, "user", userBlocks(m.get("content"), where + ".content"));
                case "assistant" -> append(turns, "assistant", assistantBlocks(m, where));
                // tool results travel in a user message; consecutive ones merge with it (Anthropic needs alternation)
                case "tool" -> append(turns, "user", List.of(toolResult(m, where)));
                default -> throw new UntranslatableRequest(where + ".role: '" + role
                        + "' messages (legacy function calling) are not supported for Anthropic models; use tools and tool messages");
            }
        }
        return new Conversation(system, turns);
    }

    private static void append(List<Turn> turns, String role, List<ObjectNode> blocks) {
        if (blocks.isEmpty()) {
            return; // an empty message carries nothing, and Anthropic rejects empty content
        }
        if (!turns.isEmpty() && turns.getLast().role().equals(role)) {
            turns.getLast().blocks().addAll(blocks);
        } else {
            turns.add(new Turn(role, new ArrayList<>(blocks)));
        }
    }

    /** A lone plain text block as a string (the common, compact form), anything else as blocks. */
    private static JsonNode contentField(List<ObjectNode> blocks) {
        if (blocks.size() == 1 && isPlainText(blocks.getFirst())) {
            return blocks.getFirst().get("text");
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        blocks.forEach(array::add);
        return array;
    }

    /** One string when nothing needs blocks; blocks when a part carries cache_control. */
    private static JsonNode systemField(List<ObjectNode> blocks) {
        if (blocks.stream().allMatch(AnthropicRequestTranslator::isPlainText)) {
            StringBuilder text = new StringBuilder();
            for (ObjectNode block : blocks) {
                if (!text.isEmpty()) {
                    text.append("\n\n");
                }
                text.append(block.get("text").asText());
            }
            return Json.MAPPER.getNodeFactory().textNode(text.toString());
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        blocks.forEach(array::add);
        return array;
    }

    private static boolean isPlainText(ObjectNode block) {
        return "text".equals(block.path("type").asText()) && !block.has("cache_control");
    }

    /** One content part of an array, translated into {@code blocks}; {@code at} names it in errors. */
    @FunctionalInterface
    private interface PartTranslator {
        void translate(JsonNode part, String at, List<ObjectNode> blocks);
    }

    /** Content as OpenAI sends it: absent, a string, or an array of parts, each given to {@code parts}. */
    private static List<ObjectNode> contentBlocks(JsonNode content, String where, PartTranslator parts) {
        List<ObjectNode> blocks = new ArrayList<>();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            addText(blocks, content.asText(), null);
            return blocks;
        }
        if (!content.isArray()) {
            throw new UntranslatableRequest(where + ": must be a string or an array of content parts");
        }
        for (int j = 0; j < content.size(); j++) {
            parts.translate(content.get(j), where + "[" + j + "]", blocks);
        }
        return blocks;
    }

    /** System, developer and tool content: a string or text parts. */
    private static List<ObjectNode> textBlocks(JsonNode content, String where) {
        return contentBlocks(content, where, (part, at, blocks) -> {
            if (!"text".equals(part.path("type").asText())) {
                throw new UntranslatableRequest(at + ".type: only text parts are allowed here");
            }
            addText(blocks, part.path("text").asText(""), part.get("cache_control"));
        });
    }

    private static List<ObjectNode> userBlocks(JsonNode content, String where) {
        return contentBlocks(content, where, (part, at, blocks) -> {
            switch (part.path("type").asText("")) {
                case "text" -> addText(blocks, part.path("text").asText(""), part.get("cache_control"));
                case "image_url" -> blocks.add(withPartCacheControl(image(part.get("image_url"), at + ".image_url"), part));
                case "file" -> blocks.add(withPartCacheControl(document(part.path("file"), at + ".file"), part));
                case "input_audio" -> throw new UntranslatableRequest(at + ".type: audio input is not supported by Anthropic models");
                default -> throw new UntranslatableRequest(at + ".type: unsupported content part '" + part.path("type").asText("") + "'");
            }
        });
    }

    private static List<ObjectNode> assistantBlocks(JsonNode message, String where) {
        List<ObjectNode> blocks = thinkingBlocks(message.get("thinking_blocks"), where + ".thinking_blocks");
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            addText(blocks, content.asText(), null);
        } else if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                // refusal parts are OpenAI's own safety output; there is nothing to replay to Claude
                if ("text".equals(part.path("type").asText())) {
                    addText(blocks, part.path("text").asText(""), part.get("cache_control"));
                }
            }
        }
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            for (int j = 0; j < toolCalls.size(); j++) {
                blocks.add(toolUse(toolCalls.get(j), where + ".tool_calls[" + j + "]"));
            }
        }
        return blocks;
    }

    /**
     * An earlier turn's thinking (LiteLLM's {@code thinking_blocks}), replayed verbatim as that turn's leading
     * blocks: Anthropic requires it back, signature and all, in a tool-use loop with thinking on. A thinking
     * block without a signature cannot be verified by Anthropic (it would reject the request) and is dropped.
     */
    private static List<ObjectNode> thinkingBlocks(JsonNode thinkingBlocks, String where) {
        List<ObjectNode> blocks = new ArrayList<>();
        if (thinkingBlocks == null || thinkingBlocks.isNull()) {
            return blocks;
        }
        if (!thinkingBlocks.isArray()) {
            throw new UntranslatableRequest(where + ": must be an array of thinking blocks");
        }
        for (int j = 0; j < thinkingBlocks.size(); j++) {
            JsonNode block = thinkingBlocks.get(j);
            String at = where + "[" + j + "]";
            switch (block.path("type").asText("")) {
                case "thinking" -> {
                    if (!block.path("thinking").isTextual()) {
                        throw new UntranslatableRequest(at + ".thinking: must be a string");
                    }
                    String signature = block.path("signature").asText("");
                    if (!signature.isEmpty()) {
                        blocks.add(Json.MAPPER.createObjectNode().put("type", "thinking")
                                .put("thinking", block.get("thinking").asText()).put("signature", signature));
                    }
                }
                case "redacted_thinking" -> {
                    String data = block.path("data").asText("");
                    if (data.isEmpty()) {
                        throw new UntranslatableRequest(at + ".data: required");
                    }
                    blocks.add(Json.MAPPER.createObjectNode().put("type", "redacted_thinking").put("data", data));
                }
                default -> throw new UntranslatableRequest(at + ".type: must be thinking or redacted_thinking");
            }
        }
        return blocks;
    }

    private static ObjectNode toolUse(JsonNode call, String where) {
        String type = call.path("type").asText("function");
        if (!"function".equals(type)) {
            throw new UntranslatableRequest(where + ".type: only function tool calls are supported for Anthropic models");
        }
        String id = call.path("id").asText("");
        if (id.isEmpty()) {
            throw new UntranslatableRequest(where + ".id: required");
        }
        JsonNode function = call.path("function");
        String name = function.path("name").asText("");
        if (name.isEmpty()) {
            throw new UntranslatableRequest(where + ".function.name: required");
        }
        ObjectNode block = Json.MAPPER.createObjectNode().put("type", "tool_use").put("id", id).put("name", name);
        block.set("input", arguments(function.get("arguments"), where + ".function.arguments"));
        return block;
    }

    /** OpenAI carries arguments as a JSON string; Anthropic wants the object itself. */
    private static JsonNode arguments(JsonNode arguments, String where) {
        if (arguments == null || arguments.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode parsed = arguments;
        if (arguments.isTextual()) {
            if (arguments.asText().isBlank()) {
                return Json.MAPPER.createObjectNode(); // some clients send "" for a call without arguments
            }
            try {
                parsed = Json.MAPPER.readTree(arguments.asText());
            } catch (JsonProcessingException e) {
                throw new UntranslatableRequest(where + ": is not valid JSON");
            }
        }
        if (parsed == null || !parsed.isObject()) {
            throw new UntranslatableRequest(where + ": must be a JSON object");
        }
        return parsed;
    }

    private static ObjectNode toolResult(JsonNode message, String where) {
        String id = message.path("tool_call_id").asText("");
        if (id.isEmpty()) {
            throw new UntranslatableRequest(where + ".tool_call_id: required");
        }
        ObjectNode block = Json.MAPPER.createObjectNode().put("type", "tool_result").put("tool_use_id", id);
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            if (!content.asText().isEmpty()) {
                block.put("content", content.asText());
            }
        } else {
            List<ObjectNode> parts = textBlocks(content, where + ".content");
            if (!parts.isEmpty()) {
                ArrayNode array = block.putArray("content");
                parts.forEach(array::add);
            }
        }
        return block;
    }

    private static void addText(List<ObjectNode> blocks, String text, JsonNode cacheControl) {
        if (text.isEmpty()) {
            return; // Anthropic rejects empty text blocks
        }
        blocks.add(withCacheControl(Json.MAPPER.createObjectNode().put("type", "text").put("text", text), cacheControl));
    }

    private static ObjectNode withPartCacheControl(ObjectNode block, JsonNode part) {
        return withCacheControl(block, part.get("cache_control"));
    }

    /**
     * OpenRouter's convention: a content part's {@code cache_control} marks an Anthropic prompt-cache
     * breakpoint. Only the 5-minute cache is used: a {@code ttl} is dropped because 1-hour writes
     * cost more (2× input, not 1.25×) and the price table has a single cache-write rate, so they
     * would be metered wrong.
     */
    private static ObjectNode withCacheControl(ObjectNode block, JsonNode cacheControl) {
        if (cacheControl != null && cacheControl.isObject()) {
            block.putObject("cache_control").put("type", cacheControl.path("type").asText("ephemeral"));
        }
        return block;
    }

    private static ObjectNode image(JsonNode imageUrl, String where) {
        // {"url": "..."} per the spec; a bare string is a common client shortcut
        String url = imageUrl == null ? "" : imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText("");
        ObjectNode block = Json.MAPPER.createObjectNode().put("type", "image");
        ObjectNode source = block.putObject("source");
        if (url.startsWith("data:")) {
            DataUrl data = DataUrl.parse(url, where + ".url");
            source.put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.put("type", "url").put("url", url);
        } else {
            throw new UntranslatableRequest(where + ".url: must be an http(s) URL or a base64 data URL");
        }
        return block; // "detail" has no Anthropic equivalent and is dropped
    }

    private static ObjectNode document(JsonNode file, String where) {
        String fileData = file.path("file_data").asText("");
        if (fileData.isEmpty()) {
            // OpenAI file ids name files stored at OpenAI, which Anthropic cannot read
            throw new UntranslatableRequest(where + ".file_data: required for Anthropic models (file_id is not supported)");
        }
        DataUrl data = DataUrl.parse(fileData, where + ".file_data");
        ObjectNode block = Json.MAPPER.createObjectNode().put("type", "document");
        block.putObject("source").put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
        return block;
    }

    /** {@code data:<media type>;base64,<data>} */
    private record DataUrl(String mediaType, String base64) {
        static DataUrl parse(String url, String where) {
            int comma = url.indexOf(',');
            String header = comma < 0 ? "" : url.substring("data:".length(), comma);
            if (comma < 0 || !header.endsWith(";base64") || header.length() == ";base64".length()) {
                throw new UntranslatableRequest(where + ": must be a base64 data URL (data:<media type>;base64,...)");
            }
            return new DataUrl(header.substring(0, header.length() - ";base64".length()), url.substring(comma + 1));
        }
    }

    // ---------------------------------------------------------------- thinking

    /** The smallest thinking budget Anthropic accepts. */
    static final int MIN_THINKING_BUDGET = 1024;

    /** OpenAI's {@code reasoning_effort} as an Anthropic thinking budget (tokens); {@code none} turns thinking off. */
    static final Map<String, Integer> THINKING_BUDGETS = Map.of(
            "none", 0, "minimal", 1024, "low", 1024, "medium", 4096, "high", 16384);

    /**
     * Anthropic's {@code thinking} for the request, if thinking is on. The client's own {@code thinking}
     * (Anthropic's shape) wins and is validated as Anthropic would; otherwise {@code reasoning_effort}
     * becomes a budget for models with the {@code reasoning} capability, capped below {@code max_tokens}
     * (it counts toward it), and left off when that leaves less than the minimum budget, or when the
     * request forces a tool call (which Anthropic refuses with thinking) — the effort is a hint, a forced
     * tool call is not.
     */
    static Optional<ObjectNode> thinking(ObjectNode request, ModelSpec model, int maxTokens) {
        JsonNode thinking = request.get("thinking");
        if (thinking != null && !thinking.isNull()) {
            if (!thinking.isObject()) {
                throw new UntranslatableRequest("thinking: must be {\"type\":\"enabled\",\"budget_tokens\":N} or {\"type\":\"disabled\"}");
            }
            switch (thinking.path("type").asText("")) {
                case "disabled" -> {
                    return Optional.empty();
                }
                case "enabled" -> {
                    JsonNode budget = thinking.get("budget_tokens");
                    if (budget == null || !budget.isIntegralNumber() || !budget.canConvertToInt()
                            || budget.asInt() < MIN_THINKING_BUDGET || budget.asInt() >= maxTokens) {
                        throw new UntranslatableRequest("thinking.budget_tokens: must be an integer of at least "
                                + MIN_THINKING_BUDGET + " and less than max_tokens (" + maxTokens + ")");
                    }
                    return Optional.of(Json.MAPPER.createObjectNode().put("type", "enabled").put("budget_tokens", budget.asInt()));
                }
                default -> throw new UntranslatableRequest("thinking.type: must be enabled or disabled");
            }
        }
        JsonNode effort = request.get("reasoning_effort");
        if (effort == null || effort.isNull() || !model.supports("reasoning")) {
            return Optional.empty();
        }
        Integer budget = effort.isTextual() ? THINKING_BUDGETS.get(effort.asText().toLowerCase(Locale.ROOT)) : null;
        if (budget == null) {
            throw new UntranslatableRequest("reasoning_effort: must be none, minimal, low, medium or high");
        }
        int capped = Math.min(budget, maxTokens - 1);
        if (budget == 0 || capped < MIN_THINKING_BUDGET || forcesTool(request.get("tool_choice"))
                || jsonResponseTool(request, model).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(Json.MAPPER.createObjectNode().put("type", "enabled").put("budget_tokens", capped));
    }

    /** Whether a tool choice (OpenAI's or Anthropic's) forces a tool call. */
    private static boolean forcesTool(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return false;
        }
        if (choice.isTextual()) {
            return "required".equals(choice.asText());
        }
        String type = choice.path("type").asText("");
        return type.equals("function") || type.equals("tool") || type.equals("any");
    }

    /** Whether the client's own {@code thinking} turns thinking on (reasoning_effort aside). */
    private static boolean explicitThinking(ObjectNode request) {
        return "enabled".equals(request.path("thinking").path("type").asText(""));
    }

    // ---------------------------------------------------------------- structured output

    /** The forced tool's name when the request has no name usable as one. */
    static final String DEFAULT_JSON_TOOL = "json_response";

    /**
     * The name of the forced tool that carries a {@code json_schema} answer, when the request can be
     * served that way: a {@code json_schema} response format with a schema, no tools of its own, and
     * thinking not asked for explicitly (Anthropic refuses forced tool calls while thinking). Then the
     * (Anthropic's tool schemas must describe an object, so other roots keep the instruction.) Then the
     * body has that one tool and {@code tool_choice: {type: tool}}, and the response translators turn
     * its input into the message content. Otherwise the schema is a system instruction.
     */
    static Optional<String> jsonResponseTool(ObjectNode request, ModelSpec model) {
        JsonNode format = request.get("response_format");
        if (format == null || !"json_schema".equals(format.path("type").asText(""))
                || !"object".equals(format.path("json_schema").path("schema").path("type").asText(""))
                || (request.path("tools").isArray() && !request.get("tools").isEmpty())
                || explicitThinking(request)) {
            return Optional.empty();
        }
        String name = format.path("json_schema").path("name").asText("").replaceAll("[^A-Za-z0-9_-]", "_");
        if (name.length() > 64) {
            name = name.substring(0, 64);
        }
        return Optional.of(name.isEmpty() ? DEFAULT_JSON_TOOL : name);
    }

    /**
     * Anthropic's Messages API (2023-06-01) has no response_format: JSON output is asked for in the
     * system prompt instead. Best effort: the model is instructed, not constrained.
     */
    private static Optional<ObjectNode> responseFormatInstruction(JsonNode format) {
        if (format == null || format.isNull()) {
            return Optional.empty();
        }
        String instruction = switch (format.path("type").asText("")) {
            case "text" -> null;
            case "json_object" -> JSON_OBJECT_INSTRUCTION;
            case "json_schema" -> {
                JsonNode spec = format.path("json_schema");
                JsonNode schema = spec.get("schema");
                String name = spec.path("name").asText("");
                yield schema == null || schema.isNull() ? JSON_OBJECT_INSTRUCTION
                        : "Respond only with a single valid JSON object that conforms to this JSON Schema"
                        + (name.isEmpty() ? "" : " (named \"" + name + "\")") + ":\n" + schema
                        + "\nDo not write anything before or after the JSON object, and do not wrap it in a code block.";
            }
            default -> throw new UntranslatableRequest("response_format.type: must be text, json_object or json_schema");
        };
        return Optional.ofNullable(instruction)
                .map(text -> Json.MAPPER.createObjectNode().put("type", "text").put("text", text));
    }

    // ---------------------------------------------------------------- tools

    private static ArrayNode tools(JsonNode tools) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (tools == null || tools.isNull()) {
            return out;
        }
        for (int k = 0; k < tools.size(); k++) {
            JsonNode tool = tools.get(k);
            String where = "tools[" + k + "]";
            if (!"function".equals(tool.path("type").asText("function"))) {
                throw new UntranslatableRequest(where + ".type: only function tools are supported for Anthropic models");
            }
            JsonNode function = tool.path("function");
            String name = function.path("name").asText("");
            if (name.isEmpty()) {
                throw new UntranslatableRequest(where + ".function.name: required");
            }
            ObjectNode spec = out.addObject().put("name", name);
            if (function.hasNonNull("description")) {
                spec.put("description", function.get("description").asText());
            }
            JsonNode parameters = function.get("parameters");
            if (parameters != null && parameters.isObject()) {
                spec.set("input_schema", parameters.deepCopy());
            } else {
                // OpenAI allows omitting parameters (no arguments); Anthropic requires a schema
                spec.putObject("input_schema").put("type", "object").putObject("properties");
            }
            // "strict" has no Anthropic equivalent in this API version and is dropped
        }
        return out;
    }

    private static Optional<ObjectNode> toolChoice(JsonNode choice, JsonNode parallelToolCalls) {
        ObjectNode out = null;
        if (choice != null && !choice.isNull()) {
            out = Json.MAPPER.createObjectNode();
            if (choice.isTextual()) {
                switch (choice.asText()) {
                    case "auto" -> out.put("type", "auto");
                    case "required" -> out.put("type", "any");
                    case "none" -> out.put("type", "none");
                    default -> throw new UntranslatableRequest("tool_choice: must be auto, required, none or a function");
                }
            } else if ("function".equals(choice.path("type").asText())) {
                String name = choice.path("function").path("name").asText("");
                if (name.isEmpty()) {
                    throw new UntranslatableRequest("tool_choice.function.name: required");
                }
                out.put("type", "tool").put("name", name);
            } else {
                throw new UntranslatableRequest("tool_choice.type: must be function");
            }
        }
        if (parallelToolCalls != null && parallelToolCalls.isBoolean() && !parallelToolCalls.asBoolean()) {
            if (out == null) {
                out = Json.MAPPER.createObjectNode().put("type", "auto");
            }
            // Anthropic's "none" choice takes no options (and no tool will be called anyway)
            if (!"none".equals(out.path("type").asText())) {
                out.put("disable_parallel_tool_use", true);
            }
        }
        return Optional.ofNullable(out);
    }
}
