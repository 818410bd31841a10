package com.gaterouter.router.vendors.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.vendors.OpenAiOnlyParameters;
import com.gaterouter.router.vendors.ToolResults;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The normal-form request (OpenAI Chat Completions) as a Bedrock Converse request body (the JSON
 * both {@code converse} and {@code converse-stream} take; the model id travels in the path).
 * Pure: no I/O, and the input is never modified (the core may retry it against another model).
 * The body is built from an allow-list, so OpenAI- and gateway-only fields never reach Bedrock.
 * See {@code docs/vendors/bedrock.md} for the full mapping.
 */
final class BedrockRequestTranslator {

    static final String JSON_OBJECT_INSTRUCTION = "Respond only with a single valid JSON object. "
            + "Do not write anything before or after it, and do not wrap it in a code block.";
    static final String NO_TOOLS_INSTRUCTION = "Do not call any tools in this turn; answer directly.";

    private static final Map<String, String> IMAGE_FORMATS = Map.of(
            "image/png", "png", "image/jpeg", "jpeg", "image/jpg", "jpeg", "image/gif", "gif", "image/webp", "webp");
    private static final Map<String, String> DOCUMENT_FORMATS = Map.ofEntries(
            Map.entry("application/pdf", "pdf"), Map.entry("text/csv", "csv"), Map.entry("application/msword", "doc"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            Map.entry("application/vnd.ms-excel", "xls"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
            Map.entry("text/html", "html"), Map.entry("text/plain", "txt"), Map.entry("text/markdown", "md"));

    /** The request cannot be expressed in Converse; the message names the field and is safe to show. */
    static final class UntranslatableRequest extends RuntimeException {
        UntranslatableRequest(String message) {
            super(message, null, false, false);
        }
    }

    private BedrockRequestTranslator() {
    }

    // ---------------------------------------------------------------- what cannot be honoured

    /**
     * OpenAI fields Converse cannot honour for this request, and message parts it cannot take
     * (named by path, e.g. {@code messages[2].content[0].image_url}), so the core can answer 400
     * or fall back to another model. Harmless fields ({@code seed}, {@code user}, …) are not listed.
     */
    static List<String> unsupportedParameters(ObjectNode request) {
        List<String> unsupported = OpenAiOnlyParameters.in(request);
        JsonNode messages = request.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if ("function".equals(message.path("role").asText())) {
                unsupported.add("messages[" + i + "].role");
                continue;
            }
            JsonNode content = message.path("content");
            for (int j = 0; content.isArray() && j < content.size(); j++) {
                JsonNode part = content.get(j);
                String where = "messages[" + i + "].content[" + j + "]";
                switch (part.path("type").asText("")) {
                    case "image_url" -> {
                        if (!part.path("image_url").path("url").asText("").startsWith("data:")) {
                            unsupported.add(where + ".image_url");
                        }
                    }
                    case "input_audio" -> unsupported.add(where + ".input_audio");
                    case "file" -> {
                        if (!part.path("file").path("file_data").isTextual()) {
                            unsupported.add(where + ".file");
                        }
                    }
                    default -> {
                        // text, refusal: fine
                    }
                }
            }
        }
        return unsupported;
    }

    // ---------------------------------------------------------------- translation

    /** The Converse body for {@code request}, for a model whose family is not known (no model-specific fields). */
    static ObjectNode translate(ObjectNode request) {
        return translate(request, "");
    }

    /** Whether a Bedrock model id (or inference profile) names an Anthropic Claude model. */
    static boolean claude(String modelId) {
        return modelId.contains("anthropic.claude");
    }

    /** Whether a Bedrock model id (or inference profile) names an Amazon Nova model. */
    static boolean nova(String modelId) {
        return modelId.contains("amazon.nova");
    }

    /**
     * The forced tool that carries a {@code json_schema} answer, as for Anthropic's API: Claude and Nova models
     * (which take Converse's {@code toolChoice: {tool}}), an object schema, no tools of the request's own and
     * thinking not asked for. Otherwise the schema is a system instruction.
     */
    static Optional<String> jsonResponseTool(ObjectNode request, String modelId) {
        JsonNode format = request.get("response_format");
        if (!(claude(modelId) || nova(modelId)) || format == null || !"json_schema".equals(format.path("type").asText(""))
                || !"object".equals(format.path("json_schema").path("schema").path("type").asText(""))
                || (request.path("tools").isArray() && !request.get("tools").isEmpty())
                || "enabled".equals(request.path("thinking").path("type").asText(""))) {
            return Optional.empty();
        }
        String name = format.path("json_schema").path("name").asText("").replaceAll("[^A-Za-z0-9_-]", "_");
        if (name.length() > 64) {
            name = name.substring(0, 64);
        }
        return Optional.of(name.isEmpty() ? "json_response" : name);
    }

    /**
     * Claude's {@code thinking} (the normal form's extension, Anthropic's shape) for Claude models, validated as
     * Anthropic's API does; other models and {@code disabled} get nothing. {@code reasoning_effort} is not mapped on
     * Bedrock.
     */
    private static Optional<ObjectNode> thinking(ObjectNode request, String modelId, Optional<Integer> maxTokens) {
        JsonNode thinking = request.get("thinking");
        if (thinking == null || thinking.isNull() || !claude(modelId)) {
            return Optional.empty();
        }
        String type = thinking.path("type").asText("");
        if (type.equals("disabled")) {
            return Optional.empty();
        }
        if (!type.equals("enabled")) {
            throw new UntranslatableRequest("'thinking.type' must be enabled or disabled.");
        }
        JsonNode budget = thinking.get("budget_tokens");
        if (budget == null || !budget.isIntegralNumber() || !budget.canConvertToInt() || budget.asInt() < 1024
                || (maxTokens.isPresent() && budget.asInt() >= maxTokens.get())) {
            throw new UntranslatableRequest("'thinking.budget_tokens' must be an integer of at least 1024 and less than max_tokens.");
        }
        return Optional.of(Json.MAPPER.createObjectNode().put("type", "enabled").put("budget_tokens", budget.asInt()));
    }

    /** The Converse body for {@code request} to the model {@code modelId} (the catalog's upstream id). */
    static ObjectNode translate(ObjectNode request, String modelId) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode system = Json.MAPPER.createArrayNode();
        List<Turn> turns = turns(request.path("messages"), system, claude(modelId));
        ArrayNode messages = body.putArray("messages");
        Set<String> toolNamesInHistory = new LinkedHashSet<>();
        for (Turn turn : turns) {
            ObjectNode message = messages.addObject().put("role", turn.role);
            message.set("content", turn.content);
            for (JsonNode block : turn.content) {
                if (block.has("toolUse")) {
                    toolNamesInHistory.add(block.path("toolUse").path("name").asText());
                }
            }
        }
        boolean toolBlocks = turns.stream().anyMatch(t -> t.hasToolBlocks);

        ObjectNode inference = Json.MAPPER.createObjectNode();
        Optional<Integer> maxTokens = maxTokens(request);
        maxTokens.ifPresent(n -> inference.put("maxTokens", n));
        Optional<ObjectNode> thinking = thinking(request, modelId, maxTokens);
        Optional<String> jsonTool = jsonResponseTool(request, modelId);
        ObjectNode additional = Json.MAPPER.createObjectNode();
        thinking.ifPresent(t -> additional.set("thinking", t));
        // with thinking on, Claude rejects temperature, top_k and a top_p below 0.95
        JsonNode temperature = thinking.isPresent() ? null : request.get("temperature");
        if (temperature != null && temperature.isNumber()) {
            // OpenAI allows 0..2, Converse 0..1: clamp (not scale), so values valid at both mean the same
            double t = temperature.asDouble();
            if (t < 0 || t > 1) {
                inference.put("temperature", Math.max(0.0, Math.min(1.0, t)));
            } else {
                inference.set("temperature", temperature.deepCopy());
            }
        }
        JsonNode topP = request.get("top_p");
        if (topP != null && topP.isNumber() && (thinking.isEmpty() || topP.asDouble() >= 0.95)) {
            inference.set("topP", topP.deepCopy());
        }
        JsonNode topK = request.get("top_k");
        if (topK != null && !topK.isNull()) {
            if (!topK.isIntegralNumber() || !topK.canConvertToInt() || topK.asInt() < 1) {
                throw new UntranslatableRequest("'top_k' must be an integer of at least 1.");
            }
            // Converse has no topK of its own: it goes in the model's native fields (Claude, Nova); others drop it
            if (claude(modelId) && thinking.isEmpty()) {
                additional.put("top_k", topK.asInt());
            } else if (nova(modelId)) {
                additional.putObject("inferenceConfig").put("topK", topK.asInt());
            }
        }
        ArrayNode stops = stopSequences(request.get("stop"));
        if (!stops.isEmpty()) {
            inference.set("stopSequences", stops);
        }

        ArrayNode tools = tools(request.get("tools"));
        JsonNode choice = request.get("tool_choice");
        boolean none = choice != null && choice.isTextual() && choice.asText().equals("none");
        if (jsonTool.isPresent()) {
            // structured output: one forced tool whose input is the answer (see jsonResponseTool)
            ObjectNode toolConfig = body.putObject("toolConfig");
            ObjectNode spec = toolConfig.putArray("tools").addObject().putObject("toolSpec").put("name", jsonTool.get())
                    .put("description", "Respond with the answer as this tool's input.");
            spec.putObject("inputSchema").set("json", request.path("response_format").path("json_schema").path("schema").deepCopy());
            toolConfig.putObject("toolChoice").putObject("tool").put("name", jsonTool.get());
            if (toolBlocks) { // Converse wants the tools the history used declared too
                ((ArrayNode) toolConfig.get("tools")).addAll(placeholderTools(toolNamesInHistory));
            }
        } else if (!tools.isEmpty() && !none) {
            ObjectNode toolConfig = body.putObject("toolConfig");
            toolConfig.set("tools", tools);
            Optional<ObjectNode> toolChoice = toolChoice(choice);
            if (thinking.isPresent() && toolChoice.isPresent() && !toolChoice.get().has("auto")) {
                throw new UntranslatableRequest("'tool_choice' cannot force a tool call while Claude is thinking: use auto, or turn thinking off.");
            }
            toolChoice.ifPresent(c -> toolConfig.set("toolChoice", c));
        } else if (toolBlocks) {
            // Converse requires a toolConfig whenever the history holds toolUse/toolResult blocks, and
            // has no "none" choice: declare the tools (or, if the client sent none, the ones the history
            // names, with an open schema) and tell the model not to call them
            ObjectNode toolConfig = body.putObject("toolConfig");
            toolConfig.set("tools", !tools.isEmpty() ? tools : placeholderTools(toolNamesInHistory));
            system.addObject().put("text", NO_TOOLS_INSTRUCTION);
        }

        if (jsonTool.isEmpty()) {
            responseFormatInstruction(request.get("response_format")).ifPresent(text -> system.addObject().put("text", text));
        }
        if (!system.isEmpty()) {
            body.set("system", system);
        }
        if (!inference.isEmpty()) {
            body.set("inferenceConfig", inference);
        }
        if (!additional.isEmpty()) {
            body.set("additionalModelRequestFields", additional);
        }
        // keep the Converse member order conventional: messages, system, inferenceConfig, toolConfig
        ObjectNode ordered = Json.MAPPER.createObjectNode();
        for (String field : List.of("messages", "system", "inferenceConfig", "toolConfig", "additionalModelRequestFields")) {
            if (body.has(field)) {
                ordered.set(field, body.get(field));
            }
        }
        return ordered;
    }

    private static Optional<Integer> maxTokens(ObjectNode request) {
        // max_completion_tokens is OpenAI's current name; max_tokens the deprecated one
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode value = request.get(field);
            if (value != null && !value.isNull()) {
                if (!value.canConvertToInt() || value.asInt() < 1) {
                    throw new UntranslatableRequest("'" + field + "' must be a positive integer.");
                }
                return Optional.of(value.asInt());
            }
        }
        return Optional.empty(); // Converse then allows the model's maximum
    }

    private static ArrayNode stopSequences(JsonNode stop) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (stop == null || stop.isNull()) {
            return out;
        }
        if (stop.isTextual()) {
            if (!stop.asText().isEmpty()) {
                out.add(stop.asText());
            }
            return out;
        }
        for (JsonNode s : stop) {
            if (s.isTextual() && !s.asText().isEmpty()) {
                out.add(s.asText());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- messages

    /**
     * Claude's earlier thinking (the normal form's {@code thinking_blocks}) as Converse {@code reasoningContent}
     * blocks leading the assistant turn, as Claude requires them back in a tool loop. Redacted data is the base64
     * form of Converse's {@code redactedContent} bytes, as the response translator hands it out; unsigned thinking
     * is dropped (Claude would reject it).
     */
    private static void reasoningBlocks(JsonNode thinkingBlocks, String where, List<ObjectNode> blocks) {
        if (thinkingBlocks == null || !thinkingBlocks.isArray()) {
            return;
        }
        for (int j = 0; j < thinkingBlocks.size(); j++) {
            JsonNode block = thinkingBlocks.get(j);
            switch (block.path("type").asText("")) {
                case "thinking" -> {
                    String signature = block.path("signature").asText("");
                    if (!signature.isEmpty()) {
                        ObjectNode out = Json.MAPPER.createObjectNode();
                        out.putObject("reasoningContent").putObject("reasoningText")
                                .put("text", block.path("thinking").asText("")).put("signature", signature);
                        blocks.add(out);
                    }
                }
                case "redacted_thinking" -> {
                    String data = block.path("data").asText("");
                    try {
                        Base64.getDecoder().decode(data);
                    } catch (IllegalArgumentException e) {
                        throw new UntranslatableRequest("'" + where + "[" + j + "].data' is not base64.");
                    }
                    ObjectNode out = Json.MAPPER.createObjectNode();
                    out.putObject("reasoningContent").put("redactedContent", data);
                    blocks.add(out);
                }
                default -> throw new UntranslatableRequest("'" + where + "[" + j + "].type' must be thinking or redacted_thinking.");
            }
        }
    }

    /** One Converse message being assembled; same-role messages merge into it. */
    private static final class Turn {
        final String role;
        final ArrayNode content = Json.MAPPER.createArrayNode();
        boolean hasToolBlocks;

        Turn(String role) {
            this.role = role;
        }
    }

    private static List<Turn> turns(JsonNode messages, ArrayNode system, boolean claude) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String where = "messages[" + i + "]";
            String role = message.path("role").asText("");
            List<ObjectNode> blocks = new ArrayList<>();
            String converseRole;
            switch (role) {
                case "system", "developer" -> {
                    // Converse has one top-level system list: every system turn goes there, in order
                    for (String text : texts(message.get("content"), where)) {
                        if (!text.isBlank()) {
                            system.addObject().put("text", text);
                        }
                    }
                    continue;
                }
                case "user" -> {
                    converseRole = "user";
                    userContent(message.get("content"), where, blocks);
                }
                case "assistant" -> {
                    converseRole = "assistant";
                    if (message.hasNonNull("function_call")) {
                        throw new UntranslatableRequest("'" + where + ".function_call' is legacy function calling: use tool_calls.");
                    }
                    if (claude) {
                        reasoningBlocks(message.get("thinking_blocks"), where + ".thinking_blocks", blocks);
                    }
                    for (String text : texts(message.get("content"), where)) {
                        if (!text.isBlank()) {
                            blocks.add(textBlock(text));
                        }
                    }
                    JsonNode calls = message.path("tool_calls");
                    for (int j = 0; j < calls.size(); j++) {
                        blocks.add(toolUse(calls.get(j), where + ".tool_calls[" + j + "]"));
                    }
                }
                case "tool" -> {
                    converseRole = "user";
                    blocks.add(toolResult(message, where));
                }
                default -> throw new UntranslatableRequest("'" + where + ".role' " + role
                        + " cannot be sent to Bedrock (legacy function messages are not supported: use tools).");
            }
            if (blocks.isEmpty()) {
                continue; // Converse rejects empty content; an empty turn carries nothing anyway
            }
            Turn turn = turns.isEmpty() || !turns.getLast().role.equals(converseRole) ? null : turns.getLast();
            if (turn == null) {
                turn = new Turn(converseRole);
                turns.add(turn);
            }
            for (ObjectNode block : blocks) {
                turn.hasToolBlocks |= block.has("toolUse") || block.has("toolResult");
            }
            // tool results first in a merged user turn, as the model expects them right after its calls
            if (converseRole.equals("user") && blocks.getFirst().has("toolResult")) {
                int firstNonResult = 0;
                while (firstNonResult < turn.content.size() && turn.content.get(firstNonResult).has("toolResult")) {
                    firstNonResult++;
                }
                for (ObjectNode block : blocks) {
                    turn.content.insert(firstNonResult++, block);
                }
            } else {
                blocks.forEach(turn.content::add);
            }
        }
        return turns;
    }

    /** Text of a string content or of its text (and refusal) parts. */
    private static List<String> texts(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return List.of();
        }
        if (content.isTextual()) {
            return List.of(content.asText());
        }
        List<String> out = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            switch (part.path("type").asText("")) {
                case "text" -> out.add(part.path("text").asText(""));
                case "refusal" -> out.add(part.path("refusal").asText(""));
                default -> throw new UntranslatableRequest("'" + where + ".content[" + j + "]' of type "
                        + part.path("type").asText("") + " is only allowed in user messages.");
            }
        }
        return out;
    }

    private static void userContent(JsonNode content, String where, List<ObjectNode> blocks) {
        if (content == null || content.isNull()) {
            return;
        }
        if (content.isTextual()) {
            if (!content.asText().isBlank()) {
                blocks.add(textBlock(content.asText()));
            }
            return;
        }
        int documents = 0;
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String at = where + ".content[" + j + "]";
            switch (part.path("type").asText("")) {
                case "text" -> {
                    String text = part.path("text").asText("");
                    if (!text.isBlank()) {
                        blocks.add(textBlock(text));
                    }
                }
                case "image_url" -> blocks.add(image(part.path("image_url").path("url").asText(""), at + ".image_url"));
                case "file" -> blocks.add(document(part.path("file"), at + ".file", ++documents));
                case "input_audio" -> throw new UntranslatableRequest("'" + at + "' is audio, which Bedrock Converse does not take.");
                default -> throw new UntranslatableRequest("'" + at + ".type' " + part.path("type").asText("")
                        + " cannot be sent to Bedrock.");
            }
        }
    }

    private static ObjectNode textBlock(String text) {
        return Json.MAPPER.createObjectNode().put("text", text);
    }

    /** A base64 data URL as an image block; Converse takes no image URLs. */
    private static ObjectNode image(String url, String where) {
        DataUrl data = DataUrl.parse(url).orElseThrow(() -> new UntranslatableRequest(
                "'" + where + ".url' must be a base64 data URL (data:image/png;base64,…): Bedrock does not fetch image URLs."));
        String format = IMAGE_FORMATS.get(data.mediaType());
        if (format == null) {
            throw new UntranslatableRequest("'" + where + ".url' has type " + data.mediaType()
                    + "; Bedrock takes image/png, image/jpeg, image/gif or image/webp.");
        }
        ObjectNode block = Json.MAPPER.createObjectNode();
        block.putObject("image").put("format", format).putObject("source").put("bytes", data.base64());
        return block;
    }

    private static ObjectNode document(JsonNode file, String where, int n) {
        if (!file.path("file_data").isTextual()) {
            throw new UntranslatableRequest("'" + where + ".file_id' names a file stored at OpenAI; send file_data instead.");
        }
        DataUrl data = DataUrl.parse(file.path("file_data").asText()).orElseThrow(() -> new UntranslatableRequest(
                "'" + where + ".file_data' must be a base64 data URL."));
        String format = DOCUMENT_FORMATS.get(data.mediaType());
        if (format == null) {
            throw new UntranslatableRequest("'" + where + ".file_data' has type " + data.mediaType()
                    + ", which Bedrock does not take as a document.");
        }
        ObjectNode block = Json.MAPPER.createObjectNode();
        ObjectNode document = block.putObject("document").put("format", format)
                .put("name", documentName(file.path("filename").asText(""), n));
        document.putObject("source").put("bytes", data.base64());
        return block;
    }

    /** Converse document names allow letters, digits, single spaces, hyphens, parentheses and brackets. */
    static String documentName(String filename, int n) {
        String base = filename.contains(".") ? filename.substring(0, filename.lastIndexOf('.')) : filename;
        String cleaned = base.replaceAll("[^A-Za-z0-9\\s\\-()\\[\\]]", "-").replaceAll("\\s+", " ").strip();
        return cleaned.isEmpty() ? "document-" + n : cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
    }

    private record DataUrl(String mediaType, String base64) {
        static Optional<DataUrl> parse(String url) {
            if (!url.startsWith("data:")) {
                return Optional.empty();
            }
            int comma = url.indexOf(',');
            String meta = comma < 0 ? "" : url.substring(5, comma);
            if (comma < 0 || !meta.endsWith(";base64")) {
                return Optional.empty();
            }
            String mediaType = meta.substring(0, meta.length() - ";base64".length()).split(";")[0].toLowerCase(Locale.ROOT);
            String base64 = url.substring(comma + 1).strip();
            try {
                Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
            return Optional.of(new DataUrl(mediaType, base64));
        }
    }

    private static ObjectNode toolUse(JsonNode call, String where) {
        String arguments = call.path("function").path("arguments").asText("");
        JsonNode input;
        try {
            input = arguments.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(arguments);
        } catch (JsonProcessingException e) {
            throw new UntranslatableRequest("'" + where + ".function.arguments' is not valid JSON.");
        }
        if (!input.isObject()) {
            throw new UntranslatableRequest("'" + where + ".function.arguments' must be a JSON object.");
        }
        String id = call.path("id").asText("");
        if (id.isBlank()) {
            throw new UntranslatableRequest("'" + where + ".id' is required.");
        }
        ObjectNode block = Json.MAPPER.createObjectNode();
        ObjectNode toolUse = block.putObject("toolUse").put("toolUseId", id)
                .put("name", call.path("function").path("name").asText(""));
        toolUse.set("input", input);
        return block;
    }

    /** A tool message as a toolResult: JSON objects as {@code json}, anything else as {@code text}. */
    private static ObjectNode toolResult(JsonNode message, String where) {
        String text = String.join("\n", texts(message.get("content"), where));
        ObjectNode block = Json.MAPPER.createObjectNode();
        ObjectNode result = block.putObject("toolResult").put("toolUseId", message.path("tool_call_id").asText(""));
        ArrayNode content = result.putArray("content");
        Optional<ObjectNode> json = ToolResults.jsonObject(text.strip());
        if (json.isPresent()) {
            content.addObject().set("json", json.get());
        } else {
            content.addObject().put("text", text);
        }
        return block;
    }

    // ---------------------------------------------------------------- tools and formats

    private static ArrayNode tools(JsonNode tools) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (tools == null || !tools.isArray()) {
            return out;
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!"function".equals(tool.path("type").asText())) {
                throw new UntranslatableRequest("'tools[" + i + "].type' must be function.");
            }
            JsonNode function = tool.path("function");
            ObjectNode spec = out.addObject().putObject("toolSpec").put("name", function.path("name").asText(""));
            String description = function.path("description").asText("");
            if (!description.isBlank()) {
                spec.put("description", description);
            }
            JsonNode parameters = function.get("parameters");
            ObjectNode schema = parameters != null && parameters.isObject() ? (ObjectNode) parameters.deepCopy()
                    : openSchema();
            spec.putObject("inputSchema").set("json", schema);
        }
        return out;
    }

    private static ArrayNode placeholderTools(Set<String> names) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (String name : names) {
            ObjectNode spec = out.addObject().putObject("toolSpec").put("name", name)
                    .put("description", "A tool called earlier in this conversation.");
            spec.putObject("inputSchema").set("json", openSchema());
        }
        return out;
    }

    private static ObjectNode openSchema() {
        ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    private static Optional<ObjectNode> toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return Optional.empty();
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto" -> out.putObject("auto");
                case "required" -> out.putObject("any");
                default -> {
                    return Optional.empty();
                }
            }
            return Optional.of(out);
        }
        out.putObject("tool").put("name", choice.path("function").path("name").asText(""));
        return Optional.of(out);
    }

    /** {@code response_format} JSON modes, emulated by instruction (Converse has no JSON mode). */
    static Optional<String> responseFormatInstruction(JsonNode format) {
        if (format == null || format.isNull()) {
            return Optional.empty();
        }
        return switch (format.path("type").asText("text")) {
            case "json_object" -> Optional.of(JSON_OBJECT_INSTRUCTION);
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema");
                String name = schema.path("name").asText("");
                yield Optional.of(JSON_OBJECT_INSTRUCTION + " The object must conform to this JSON Schema"
                        + (name.isBlank() ? "" : " (" + name + ")") + ": " + schema.path("schema").toString());
            }
            default -> Optional.empty();
        };
    }
}
