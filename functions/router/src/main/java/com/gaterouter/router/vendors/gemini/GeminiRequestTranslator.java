package com.gaterouter.router.vendors.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.vendors.ToolResults;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The normal-form request (OpenAI Chat Completions) as a Gemini {@code GenerateContentRequest}.
 * Reads the client's body and builds a new one; it never modifies the original (a retry against
 * another model reuses it). Field-by-field rules: docs/vendors/gemini.md.
 */
final class GeminiRequestTranslator {

    /** OpenAI's {@code reasoning_effort} as a thinking budget (tokens), the figures Google's own OpenAI-compatible endpoint uses. */
    static final Map<String, Integer> THINKING_BUDGETS = Map.of(
            "none", 0, "minimal", 1024, "low", 1024, "medium", 8192, "high", 24576);

    /** Thrown when the request cannot be expressed for Gemini; the message names the field and never quotes the prompt. */
    static final class Rejected extends Exception {
        Rejected(String field, String problem) {
            super("Invalid '" + field + "' for Gemini: " + problem + ".", null, false, false);
        }
    }

    private GeminiRequestTranslator() {
    }

    /** Whether the answer's thought parts are shown ({@code reasoning_content}): the client's {@code thinking} asked for them. */
    static boolean showsThoughts(ModelSpec model, ObjectNode request) {
        return model.supports("reasoning") && "enabled".equals(request.path("thinking").path("type").asText(""));
    }

    static ObjectNode translate(ModelSpec model, ObjectNode request) throws Rejected {
        ObjectNode body = Json.MAPPER.createObjectNode();
        Conversation conversation = new Conversation();
        conversation.read(request.path("messages"));
        if (!conversation.system.isEmpty()) {
            body.putObject("systemInstruction").putArray("parts").addObject()
                    .put("text", String.join("\n\n", conversation.system));
        }
        ArrayNode contents = body.putArray("contents");
        conversation.contents.forEach(contents::add);

        Set<String> allowed = allowedTools(request);
        ArrayNode declarations = declarations(request, allowed);
        if (!declarations.isEmpty()) {
            body.putArray("tools").addObject().set("functionDeclarations", declarations);
            ObjectNode calling = functionCalling(request, allowed);
            if (calling != null) {
                body.putObject("toolConfig").set("functionCallingConfig", calling);
            }
        }
        ObjectNode config = generationConfig(model, request);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return body;
    }

    // ------------------------------------------------------------------ messages

    /** Walks the messages once: system text aside, user/model contents with same-role neighbours merged. */
    private static final class Conversation {
        final List<String> system = new ArrayList<>();
        final List<ObjectNode> contents = new ArrayList<>();
        /** tool_call_id → function name, so tool results can name their function as Gemini requires. */
        private final Map<String, String> callNames = new HashMap<>();

        void read(JsonNode messages) throws Rejected {
            for (int i = 0; i < messages.size(); i++) {
                JsonNode message = messages.get(i);
                String at = "messages[" + i + "]";
                switch (message.path("role").asText()) {
                    case "system", "developer" -> {
                        String text = text(message.get("content"), at + ".content");
                        if (!text.isEmpty()) {
                            system.add(text);
                        }
                    }
                    case "user" -> add("user", userParts(message.get("content"), at + ".content"));
                    case "assistant" -> add("model", assistantParts(message, at));
                    case "tool" -> {
                        JsonNode id = message.get("tool_call_id");
                        String name = id != null && id.isTextual() ? callNames.get(id.asText()) : null;
                        if (name == null && message.path("name").isTextual()) {
                            name = message.get("name").asText();
                        }
                        if (name == null) {
                            throw new Rejected(at + ".tool_call_id", "it matches no earlier assistant tool call, and Gemini needs the function's name");
                        }
                        add("user", List.of(functionResponse(name, text(message.get("content"), at + ".content"))));
                    }
                    case "function" -> {
                        // the deprecated pre-tools form: the message carries the function's name itself
                        if (!message.path("name").isTextual()) {
                            throw new Rejected(at + ".name", "a function message needs the function's name");
                        }
                        add("user", List.of(functionResponse(message.get("name").asText(), text(message.get("content"), at + ".content"))));
                    }
                    default -> throw new Rejected(at + ".role", "unknown role");
                }
            }
        }

        /** Gemini wants turns to alternate and all results of parallel calls in one turn: same-role neighbours merge. */
        private void add(String role, List<ObjectNode> parts) {
            if (parts.isEmpty()) {
                return; // Gemini rejects a content without parts (e.g. an assistant turn with empty text)
            }
            ObjectNode last = contents.isEmpty() ? null : contents.getLast();
            if (last != null && role.equals(last.path("role").asText())) {
                ((ArrayNode) last.get("parts")).addAll(parts);
                return;
            }
            ObjectNode content = Json.MAPPER.createObjectNode().put("role", role);
            content.putArray("parts").addAll(parts);
            contents.add(content);
        }

        private List<ObjectNode> assistantParts(JsonNode message, String at) throws Rejected {
            List<ObjectNode> parts = new ArrayList<>();
            String text = text(message.get("content"), at + ".content");
            if (!text.isEmpty()) {
                parts.add(textPart(text));
            }
            JsonNode calls = message.path("tool_calls");
            for (int j = 0; j < calls.size(); j++) {
                JsonNode call = calls.get(j);
                String callAt = at + ".tool_calls[" + j + "]";
                JsonNode function = call.path("function");
                if (!function.path("name").isTextual()) {
                    throw new Rejected(callAt + ".function.name", "missing");
                }
                String name = function.get("name").asText();
                if (call.path("id").isTextual()) {
                    callNames.put(call.get("id").asText(), name);
                }
                ObjectNode part = functionCall(name, function.get("arguments"), callAt + ".function.arguments");
                // Gemini 3 wants its thought signature back on the call; we hand it out under Google's own compat field
                JsonNode signature = call.path("extra_content").path("google").path("thought_signature");
                if (signature.isTextual()) {
                    part.put("thoughtSignature", signature.asText());
                }
                parts.add(part);
            }
            JsonNode legacy = message.get("function_call");
            if (legacy != null && legacy.isObject()) {
                if (!legacy.path("name").isTextual()) {
                    throw new Rejected(at + ".function_call.name", "missing");
                }
                parts.add(functionCall(legacy.get("name").asText(), legacy.get("arguments"), at + ".function_call.arguments"));
            }
            return parts;
        }
    }

    private static List<ObjectNode> userParts(JsonNode content, String at) throws Rejected {
        List<ObjectNode> parts = new ArrayList<>();
        if (content == null || content.isNull()) {
            return parts;
        }
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) {
                parts.add(textPart(content.asText()));
            }
            return parts;
        }
        if (!content.isArray()) {
            throw new Rejected(at, "expected a string or an array of content parts");
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partAt = at + "[" + j + "]";
            switch (part.path("type").asText()) {
                case "text" -> {
                    String text = part.path("text").asText("");
                    if (!text.isEmpty()) {
                        parts.add(textPart(text));
                    }
                }
                case "image_url" -> {
                    JsonNode image = part.get("image_url");
                    JsonNode url = image != null && image.isObject() ? image.get("url") : image;
                    if (url == null || !url.isTextual()) {
                        throw new Rejected(partAt + ".image_url.url", "missing");
                    }
                    parts.add(media(url.asText(), partAt + ".image_url.url", "image/jpeg"));
                }
                case "input_audio" -> {
                    JsonNode audio = part.path("input_audio");
                    if (!audio.path("data").isTextual()) {
                        throw new Rejected(partAt + ".input_audio.data", "missing");
                    }
                    String format = audio.path("format").asText("wav").toLowerCase(Locale.ROOT);
                    parts.add(inlineData("audio/" + format, audio.get("data").asText()));
                }
                case "file" -> {
                    JsonNode file = part.path("file");
                    if (!file.path("file_data").isTextual()) {
                        // an OpenAI file id means nothing to Google
                        throw new Rejected(partAt + ".file", "only inline file_data (a base64 data URL) can be sent to Gemini, not file_id");
                    }
                    parts.add(media(file.get("file_data").asText(), partAt + ".file.file_data", "application/pdf"));
                }
                default -> throw new Rejected(partAt + ".type", "unsupported content part type '" + part.path("type").asText() + "'");
            }
        }
        return parts;
    }

    /** A {@code data:} URL inline; an http(s) URL by reference with a mime type guessed from its extension. */
    private static ObjectNode media(String url, String at, String fallbackMime) throws Rejected {
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String header = comma < 0 ? "" : url.substring(5, comma);
            if (comma < 0 || !header.endsWith(";base64")) {
                throw new Rejected(at, "data URLs must be base64-encoded (data:<mime>;base64,<data>)");
            }
            String mime = header.substring(0, header.indexOf(';'));
            return inlineData(mime.isEmpty() ? fallbackMime : mime, url.substring(comma + 1));
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://") && !lower.startsWith("gs://")) {
            throw new Rejected(at, "expected a data URL or an http(s) URL");
        }
        ObjectNode part = Json.MAPPER.createObjectNode();
        part.putObject("fileData").put("mimeType", guessMime(url, fallbackMime)).put("fileUri", url);
        return part;
    }

    static String guessMime(String url, String fallback) {
        String path;
        try {
            path = URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            path = url;
        }
        path = path == null ? "" : path.toLowerCase(Locale.ROOT);
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1);
        return switch (extension) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "heic" -> "image/heic";
            case "heif" -> "image/heif";
            case "pdf" -> "application/pdf";
            case "mp3" -> "audio/mp3";
            case "wav" -> "audio/wav";
            case "mp4" -> "video/mp4";
            default -> fallback;
        };
    }

    private static ObjectNode inlineData(String mime, String base64) {
        ObjectNode part = Json.MAPPER.createObjectNode();
        part.putObject("inlineData").put("mimeType", mime).put("data", base64);
        return part;
    }

    private static ObjectNode textPart(String text) {
        return Json.MAPPER.createObjectNode().put("text", text);
    }

    /** {@code functionCall.args} is a Struct: the client's JSON string must parse to an object (blank means none). */
    private static ObjectNode functionCall(String name, JsonNode arguments, String at) throws Rejected {
        JsonNode args;
        if (arguments == null || arguments.isNull() || (arguments.isTextual() && arguments.asText().isBlank())) {
            args = Json.MAPPER.createObjectNode();
        } else if (arguments.isObject()) {
            args = arguments.deepCopy();
        } else if (arguments.isTextual()) {
            try {
                args = Json.MAPPER.readTree(arguments.asText());
            } catch (JsonProcessingException e) {
                throw new Rejected(at, "not valid JSON");
            }
        } else {
            throw new Rejected(at, "expected a JSON string");
        }
        if (!args.isObject()) {
            throw new Rejected(at, "Gemini takes function arguments as a JSON object");
        }
        ObjectNode part = Json.MAPPER.createObjectNode();
        part.putObject("functionCall").put("name", name).set("args", args);
        return part;
    }

    /** {@code functionResponse.response} is a Struct too: a JSON object result as is, anything else wrapped. */
    private static ObjectNode functionResponse(String name, String content) {
        ObjectNode response = ToolResults.jsonObject(content.trim())
                .orElseGet(() -> Json.MAPPER.createObjectNode().put("content", content));
        ObjectNode part = Json.MAPPER.createObjectNode();
        part.putObject("functionResponse").put("name", name).set("response", response);
        return part;
    }

    /** Text of a string or of an array's text (and refusal) parts; other part types are refused here. */
    private static String text(JsonNode content, String at) throws Rejected {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw new Rejected(at, "expected a string or an array of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String type = part.path("type").asText();
            if (!type.equals("text") && !type.equals("refusal")) {
                throw new Rejected(at + "[" + j + "].type", "only text parts are allowed in this message");
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(part.path(type).asText(""));
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ tools

    /**
     * The functions a {@code tool_choice} of type {@code allowed_tools} permits, or null for all.
     * Gemini restricts names only in ANY mode, so for mode auto the other declarations are left out.
     */
    private static Set<String> allowedTools(ObjectNode request) throws Rejected {
        JsonNode choice = request.get("tool_choice");
        if (choice == null || !choice.isObject() || !"allowed_tools".equals(choice.path("type").asText())) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode tool : choice.path("allowed_tools").path("tools")) {
            JsonNode name = tool.path("function").path("name");
            if (!name.isTextual()) {
                name = tool.path("name");
            }
            if (name.isTextual()) {
                names.add(name.asText());
            }
        }
        if (names.isEmpty()) {
            throw new Rejected("tool_choice.allowed_tools.tools", "no function named");
        }
        return names;
    }

    private static ArrayNode declarations(ObjectNode request, Set<String> allowed) throws Rejected {
        ArrayNode declarations = Json.MAPPER.createArrayNode();
        JsonNode tools = request.path("tools");
        for (int j = 0; j < tools.size(); j++) {
            JsonNode tool = tools.get(j);
            if (!"function".equals(tool.path("type").asText("function"))) {
                throw new Rejected("tools[" + j + "].type", "only function tools are supported");
            }
            ObjectNode declaration = declaration(tool.path("function"), "tools[" + j + "].function");
            if (allowed == null || allowed.contains(declaration.get("name").asText())) {
                declarations.add(declaration);
            }
        }
        JsonNode functions = request.path("functions"); // the deprecated pre-tools form
        for (int j = 0; j < functions.size(); j++) {
            declarations.add(declaration(functions.get(j), "functions[" + j + "]"));
        }
        return declarations;
    }

    private static ObjectNode declaration(JsonNode function, String at) throws Rejected {
        if (!function.path("name").isTextual()) {
            throw new Rejected(at + ".name", "missing");
        }
        ObjectNode declaration = Json.MAPPER.createObjectNode().put("name", function.get("name").asText());
        if (function.path("description").isTextual()) {
            declaration.put("description", function.get("description").asText());
        }
        JsonNode parameters = function.get("parameters");
        if (parameters != null && !parameters.isNull()) {
            ObjectNode schema = GeminiSchema.convert(parameters, at + ".parameters", false);
            // a function without arguments: Gemini refuses an OBJECT without properties, but accepts no parameters
            if (!GeminiSchema.isEmptyObject(schema) && !schema.isEmpty()) {
                declaration.set("parameters", schema);
            }
        }
        return declaration;
    }

    private static ObjectNode functionCalling(ObjectNode request, Set<String> allowed) throws Rejected {
        JsonNode choice = request.get("tool_choice");
        if (choice == null || choice.isNull()) {
            choice = request.get("function_call"); // deprecated: "auto" | "none" | {"name"}
            if (choice != null && choice.isObject() && choice.has("name")) {
                return anyOf(choice.get("name").asText());
            }
        }
        if (choice == null || choice.isNull()) {
            return null; // Gemini's default is AUTO
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> mode("AUTO");
                case "none" -> mode("NONE");
                case "required" -> mode("ANY");
                default -> throw new Rejected("tool_choice", "expected auto, none, required or a function");
            };
        }
        if (choice.isObject() && "function".equals(choice.path("type").asText()) && choice.path("function").path("name").isTextual()) {
            return anyOf(choice.path("function").path("name").asText());
        }
        if (allowed != null) {
            String mode = choice.path("allowed_tools").path("mode").asText("auto");
            if (mode.equals("required")) {
                ObjectNode calling = mode("ANY");
                ArrayNode names = calling.putArray("allowedFunctionNames");
                allowed.forEach(names::add);
                return calling;
            }
            return mode("AUTO");
        }
        throw new Rejected("tool_choice", "expected auto, none, required or a function");
    }

    private static ObjectNode mode(String mode) {
        return Json.MAPPER.createObjectNode().put("mode", mode);
    }

    private static ObjectNode anyOf(String name) {
        ObjectNode calling = mode("ANY");
        calling.putArray("allowedFunctionNames").add(name);
        return calling;
    }

    // ------------------------------------------------------------------ generation config

    private static ObjectNode generationConfig(ModelSpec model, ObjectNode request) throws Rejected {
        ObjectNode config = Json.MAPPER.createObjectNode();
        number(request, "temperature", config, "temperature");
        number(request, "top_p", config, "topP");
        number(request, "presence_penalty", config, "presencePenalty");
        number(request, "frequency_penalty", config, "frequencyPenalty");
        integer(request, "seed", config, "seed");
        // max_completion_tokens supersedes max_tokens in OpenAI's API; both bound output including thinking, as Gemini's does
        if (!integer(request, "max_completion_tokens", config, "maxOutputTokens")) {
            integer(request, "max_tokens", config, "maxOutputTokens");
        }
        JsonNode n = request.get("n");
        if (n != null && !n.isNull()) {
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                throw new Rejected("n", "expected an integer");
            }
            if (n.asInt() != 1) {
                config.put("candidateCount", n.asInt());
            }
        }
        JsonNode stop = request.get("stop");
        if (stop != null && !stop.isNull()) {
            ArrayNode sequences = Json.MAPPER.createArrayNode();
            if (stop.isTextual()) {
                sequences.add(stop.asText());
            } else if (stop.isArray()) {
                for (JsonNode s : stop) {
                    if (!s.isTextual()) {
                        throw new Rejected("stop", "expected a string or an array of strings");
                    }
                    sequences.add(s.asText());
                }
            } else {
                throw new Rejected("stop", "expected a string or an array of strings");
            }
            if (!sequences.isEmpty()) {
                config.set("stopSequences", sequences);
            }
        }
        responseFormat(request.get("response_format"), config);
        JsonNode topK = request.get("top_k");
        if (topK != null && !topK.isNull()) {
            if (!topK.isIntegralNumber() || !topK.canConvertToInt() || topK.asInt() < 1) {
                throw new Rejected("top_k", "expected an integer of at least 1");
            }
            config.put("topK", topK.asInt());
        }
        JsonNode thinking = request.get("thinking");
        if (thinking != null && !thinking.isNull()) {
            // the gateway's Anthropic-shaped extension; it wins over reasoning_effort
            String type = thinking.path("type").asText("");
            if (!type.equals("enabled") && !type.equals("disabled")) {
                throw new Rejected("thinking.type", "expected enabled or disabled");
            }
            JsonNode budget = thinking.get("budget_tokens");
            if (type.equals("enabled") && (budget == null || !budget.isIntegralNumber() || !budget.canConvertToInt() || budget.asInt() < 1)) {
                throw new Rejected("thinking.budget_tokens", "expected a positive integer");
            }
            if (model.supports("reasoning")) {
                ObjectNode thinkingConfig = config.putObject("thinkingConfig");
                if (type.equals("enabled")) {
                    // the client asked to see the thinking, as Claude's thinking is shown: thought summaries come back
                    thinkingConfig.put("thinkingBudget", budget.asInt()).put("includeThoughts", true);
                } else {
                    thinkingConfig.put("thinkingBudget", 0);
                }
            }
            return config;
        }
        JsonNode effort = request.get("reasoning_effort");
        if (effort != null && !effort.isNull() && model.supports("reasoning")) {
            Integer budget = THINKING_BUDGETS.get(effort.asText().toLowerCase(Locale.ROOT));
            if (budget == null || !effort.isTextual()) {
                throw new Rejected("reasoning_effort", "expected one of none, minimal, low, medium, high");
            }
            config.putObject("thinkingConfig").put("thinkingBudget", budget);
        }
        return config;
    }

    private static void responseFormat(JsonNode format, ObjectNode config) throws Rejected {
        if (format == null || format.isNull()) {
            return;
        }
        switch (format.path("type").asText()) {
            case "text" -> {
                // Gemini's default
            }
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                config.put("responseMimeType", "application/json");
                JsonNode schema = format.path("json_schema").get("schema");
                if (schema != null && !schema.isNull()) {
                    ObjectNode converted = GeminiSchema.convert(schema, "response_format.json_schema.schema", true);
                    if (!converted.isEmpty()) {
                        config.set("responseSchema", converted);
                    }
                }
            }
            default -> throw new Rejected("response_format.type", "expected text, json_object or json_schema");
        }
    }

    private static void number(ObjectNode request, String name, ObjectNode config, String geminiName) throws Rejected {
        JsonNode value = request.get(name);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber()) {
            throw new Rejected(name, "expected a number");
        }
        config.set(geminiName, value.deepCopy());
    }

    private static boolean integer(ObjectNode request, String name, ObjectNode config, String geminiName) throws Rejected {
        JsonNode value = request.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new Rejected(name, "expected an integer");
        }
        config.put(geminiName, value.asLong());
        return true;
    }
}
