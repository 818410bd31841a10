package com.gaterouter.simulator.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.simulator.core.ApiError;
import com.gaterouter.simulator.core.Completion;
import com.gaterouter.simulator.core.Conversation;
import com.gaterouter.simulator.core.Conversation.CachePrefix;
import com.gaterouter.simulator.core.Conversation.Caching;
import com.gaterouter.simulator.core.Conversation.OutputFormat;
import com.gaterouter.simulator.core.Conversation.Part;
import com.gaterouter.simulator.core.Conversation.Role;
import com.gaterouter.simulator.core.Conversation.ToolChoice;
import com.gaterouter.simulator.core.Conversation.ToolSpec;
import com.gaterouter.simulator.core.Conversation.Turn;
import com.gaterouter.simulator.core.Ids;
import com.gaterouter.simulator.core.PromptTokens;
import com.gaterouter.simulator.core.Usage;
import com.gaterouter.simulator.http.Json;
import com.gaterouter.simulator.http.StreamEvent;
import com.gaterouter.simulator.text.Hashing;
import com.gaterouter.simulator.text.TokenEstimator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bedrock Runtime Converse: the request ({@code messages} of content blocks, {@code system},
 * {@code inferenceConfig}, {@code toolConfig}, {@code cachePoint} blocks) validated the way
 * Bedrock does — a conversation starts with a user turn and alternates, every {@code toolUse} is
 * answered by a {@code toolResult} in the next turn, tool blocks need a {@code toolConfig}, text
 * is never blank, temperature and topP are within [0, 1] — and the answer: the
 * {@code ConverseResponse} JSON or the {@code ConverseStream} events.
 */
final class BedrockConverse {

    /** ConverseRequest's body members; anything else is rejected, so adapter bugs surface here. */
    private static final Set<String> MEMBERS = Set.of("messages", "system", "inferenceConfig", "toolConfig",
            "guardrailConfig", "additionalModelRequestFields", "additionalModelResponseFieldPaths", "promptVariables",
            "requestMetadata", "performanceConfig");
    private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");
    private static final Set<String> DOCUMENT_FORMATS = Set.of("pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md");
    private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
    /** Bedrock pads stream events with a {@code "p"} field of random length, so sizes do not leak content. */
    private static final String PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final Ids ids;

    BedrockConverse(Ids ids) {
        this.ids = ids;
    }

    /** @param reportsCache the request had a {@code cachePoint}, so usage carries the cache fields */
    record Request(Conversation conversation, boolean reportsCache) {
    }

    /** Walks the prompt in cache order (tools, system, messages); a cachePoint caches everything before it. */
    private static final class CacheScan {
        private long hash;
        private int tokens;
        private Optional<CachePrefix> prefix = Optional.empty();

        CacheScan(String model) {
            hash = Hashing.fnv1a64(model);
        }

        void add(String identity, int segmentTokens) {
            hash = Hashing.mix(hash ^ Hashing.fnv1a64(identity));
            tokens += segmentTokens;
        }

        void cachePoint() {
            prefix = Optional.of(new CachePrefix(Long.toHexString(hash), tokens));
        }
    }

    // ---------------------------------------------------------------- parsing

    Request parse(JsonNode body, String modelId, boolean stream) {
        for (var field : body.properties()) {
            if (!MEMBERS.contains(field.getKey())) {
                throw invalid("1 validation error detected: Unexpected field '" + field.getKey()
                        + "' in ConverseRequest (the simulator rejects members Converse does not define)");
            }
        }
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw invalid("1 validation error detected: Value null at 'messages' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        if (!messages.isArray()) {
            throw invalid("Malformed input request: messages must be a list, please reformat your input and try again.");
        }
        CacheScan cache = new CacheScan(modelId);
        ToolConfig toolConfig = toolConfig(body.get("toolConfig"), cache);
        List<Turn> turns = new ArrayList<>();
        system(body.get("system"), cache).ifPresent(turns::add);
        List<Set<String>> toolUses = new ArrayList<>();
        List<Set<String>> toolResults = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Set<String> uses = new LinkedHashSet<>();
            Set<String> results = new LinkedHashSet<>();
            turns.add(message(messages.get(i), i, cache, uses, results));
            toolUses.add(uses);
            toolResults.add(results);
        }
        checkConversation(messages, toolUses, toolResults, toolConfig != null);

        JsonNode inference = body.path("inferenceConfig");
        OptionalInt maxTokens = OptionalInt.empty();
        if (inference.hasNonNull("maxTokens")) {
            JsonNode mt = inference.get("maxTokens");
            if (!mt.canConvertToInt() || mt.asInt() < 1) {
                throw invalid("1 validation error detected: Value '" + mt.asText() + "' at 'inferenceConfig.maxTokens' "
                        + "failed to satisfy constraint: Member must have value greater than or equal to 1");
            }
            maxTokens = OptionalInt.of(mt.asInt());
        }
        unitInterval(inference, "temperature");
        unitInterval(inference, "topP");
        List<String> stops = new ArrayList<>();
        for (JsonNode s : inference.path("stopSequences")) {
            stops.add(s.asText());
        }
        Conversation conversation = new Conversation(modelId, turns,
                toolConfig == null ? List.of() : toolConfig.tools(),
                toolConfig == null ? ToolChoice.AUTO : toolConfig.choice(), maxTokens, stops, OutputFormat.TEXT, 0,
                stream, new Caching(false, cache.prefix));
        return new Request(conversation, cache.prefix.isPresent());
    }

    private record ToolConfig(List<ToolSpec> tools, ToolChoice choice) {
    }

    private static ToolConfig toolConfig(JsonNode config, CacheScan cache) {
        if (config == null || config.isNull()) {
            return null;
        }
        JsonNode tools = config.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            throw invalid("1 validation error detected: Value '[]' at 'toolConfig.tools' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        List<ToolSpec> specs = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (tool.has("cachePoint")) {
                cache.cachePoint();
                continue;
            }
            JsonNode spec = tool.get("toolSpec");
            if (spec == null || !spec.isObject()) {
                throw invalid("The toolConfig.tools." + i + " object must contain a toolSpec or a cachePoint.");
            }
            String name = spec.path("name").asText("");
            if (!TOOL_NAME.matcher(name).matches()) {
                throw invalid("1 validation error detected: Value '" + name + "' at 'toolConfig.tools." + (i + 1)
                        + ".member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression "
                        + "pattern: [a-zA-Z0-9_-]+");
            }
            JsonNode schema = spec.path("inputSchema").get("json");
            if (schema == null || !schema.isObject()) {
                throw invalid("The inputSchema of tool " + name + " must have a json member holding a JSON Schema object.");
            }
            ToolSpec toolSpec = new ToolSpec(name, spec.path("description").asText(""), schema);
            specs.add(toolSpec);
            cache.add("tool:" + tool, PromptTokens.tool(toolSpec));
        }
        ToolChoice choice = ToolChoice.AUTO;
        JsonNode toolChoice = config.get("toolChoice");
        if (toolChoice != null && !toolChoice.isNull()) {
            if (!toolChoice.isObject() || toolChoice.size() != 1) {
                throw invalid("toolConfig.toolChoice must set exactly one of auto, any or tool.");
            }
            if (toolChoice.has("any")) {
                choice = ToolChoice.ANY;
            } else if (toolChoice.has("tool")) {
                String name = toolChoice.path("tool").path("name").asText("");
                if (specs.stream().noneMatch(t -> t.name().equals(name))) {
                    throw invalid("The tool named in toolConfig.toolChoice.tool (" + name + ") is not in toolConfig.tools.");
                }
                choice = ToolChoice.named(name);
            } else if (!toolChoice.has("auto")) {
                throw invalid("toolConfig.toolChoice must set exactly one of auto, any or tool.");
            }
        }
        return new ToolConfig(specs, choice);
    }

    private static Optional<Turn> system(JsonNode system, CacheScan cache) {
        if (system == null || system.isNull()) {
            return Optional.empty();
        }
        if (!system.isArray()) {
            throw invalid("Malformed input request: system must be a list of SystemContentBlock.");
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < system.size(); i++) {
            JsonNode block = system.get(i);
            if (block.has("cachePoint")) {
                cache.cachePoint();
            } else if (block.has("text")) {
                String text = block.path("text").asText("");
                if (text.isBlank()) {
                    throw invalid("The text field in the SystemContentBlock object at system." + i
                            + " is blank. Add text to the text field, and try again.");
                }
                parts.add(new Part.Text(text));
                cache.add("system:" + text, TokenEstimator.count(text));
            } else if (!block.has("guardContent")) {
                throw invalid("The SystemContentBlock at system." + i + " must contain text, guardContent or cachePoint.");
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(new Turn(Role.SYSTEM, parts));
    }

    private static Turn message(JsonNode m, int i, CacheScan cache, Set<String> toolUses, Set<String> toolResults) {
        String role = m.path("role").asText("");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw invalid("1 validation error detected: Value '" + role + "' at 'messages." + (i + 1)
                    + ".member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]");
        }
        JsonNode content = m.get("content");
        if (content == null || !content.isArray() || content.isEmpty()) {
            throw invalid("The content field in the Message object at messages." + i
                    + " is empty. Add a ContentBlock object to the content field and try again.");
        }
        List<Part> parts = new ArrayList<>();
        for (int b = 0; b < content.size(); b++) {
            JsonNode block = content.get(b);
            String where = "messages." + i + ".content." + b;
            if (block.has("cachePoint")) {
                cache.cachePoint();
                continue;
            }
            Part part = block(block, where, role, toolUses, toolResults);
            if (part != null) {
                parts.add(part);
                cache.add(role + ":" + block, PromptTokens.part(part));
            }
        }
        return new Turn(role.equals("user") ? Role.USER : Role.ASSISTANT, parts);
    }

    private static Part block(JsonNode block, String where, String role, Set<String> toolUses, Set<String> toolResults) {
        if (!block.isObject() || block.size() != 1) {
            throw invalid("The ContentBlock at " + where + " must set exactly one member.");
        }
        String kind = block.fieldNames().next();
        JsonNode value = block.get(kind);
        return switch (kind) {
            case "text" -> {
                if (!value.isTextual() || value.asText().isBlank()) {
                    throw invalid("The text field in the ContentBlock object at " + where
                            + " is blank. Add text to the text field, and try again.");
                }
                yield new Part.Text(value.asText());
            }
            case "image" -> {
                media(value, where, IMAGE_FORMATS, "image");
                yield new Part.Media("image");
            }
            case "document" -> {
                media(value, where, DOCUMENT_FORMATS, "document");
                if (!value.path("name").isTextual() || value.path("name").asText().isBlank()) {
                    throw invalid("The document at " + where + " needs a name.");
                }
                yield new Part.Media("document");
            }
            case "video" -> new Part.Media("video");
            case "toolUse" -> {
                if (!role.equals("assistant")) {
                    throw invalid("A toolUse block can only appear in an assistant message (" + where + ").");
                }
                String id = value.path("toolUseId").asText("");
                if (id.isBlank() || !value.path("name").isTextual() || !value.path("input").isObject()) {
                    throw invalid("The toolUse at " + where + " needs toolUseId, name and an input object.");
                }
                toolUses.add(id);
                yield new Part.ToolCall(value.path("name").asText(), Json.write(value.get("input")));
            }
            case "toolResult" -> {
                if (!role.equals("user")) {
                    throw invalid("A toolResult block can only appear in a user message (" + where + ").");
                }
                String id = value.path("toolUseId").asText("");
                if (id.isBlank() || !value.path("content").isArray()) {
                    throw invalid("The toolResult at " + where + " needs a toolUseId and a content list.");
                }
                toolResults.add(id);
                yield new Part.ToolResult(id, toolResultText(value.get("content"), where));
            }
            case "reasoningContent" -> new Part.Text(value.path("reasoningText").path("text").asText(""));
            case "guardContent" -> new Part.Text(value.path("text").path("text").asText(""));
            default -> throw invalid("Unknown ContentBlock member '" + kind + "' at " + where
                    + " (expected text, image, document, video, toolUse, toolResult, reasoningContent, guardContent, cachePoint).");
        };
    }

    private static void media(JsonNode value, String where, Set<String> formats, String what) {
        String format = value.path("format").asText("");
        if (!formats.contains(format)) {
            throw invalid("1 validation error detected: Value '" + format + "' at '" + where + "." + what
                    + ".format' failed to satisfy constraint: Member must satisfy enum value set: " + formats);
        }
        JsonNode source = value.path("source");
        if (source.has("s3Location")) {
            return;
        }
        try {
            if (Base64.getDecoder().decode(source.path("bytes").asText("")).length == 0) {
                throw invalid("The " + what + " at " + where + " has no bytes.");
            }
        } catch (IllegalArgumentException notBase64) {
            throw invalid("The " + what + " source bytes at " + where + " are not valid base64.");
        }
    }

    private static String toolResultText(JsonNode content, String where) {
        StringBuilder b = new StringBuilder();
        for (JsonNode c : content) {
            String piece;
            if (c.has("text")) {
                piece = c.path("text").asText("");
            } else if (c.has("json")) {
                piece = Json.write(c.get("json"));
            } else if (c.has("image") || c.has("document") || c.has("video")) {
                continue;
            } else {
                throw invalid("The toolResult content at " + where + " must hold text, json, image, document or video.");
            }
            if (!b.isEmpty()) {
                b.append('\n');
            }
            b.append(piece);
        }
        return b.toString();
    }

    /** Turn order and tool pairing, in Bedrock's words. */
    private static void checkConversation(JsonNode messages, List<Set<String>> toolUses, List<Set<String>> toolResults,
            boolean hasToolConfig) {
        if (messages.isEmpty() || !"user".equals(messages.get(0).path("role").asText())) {
            throw invalid("A conversation must start with a user message. Try again with a conversation that starts "
                    + "with a user message.");
        }
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i).path("role").asText().equals(messages.get(i - 1).path("role").asText())) {
                throw invalid("A conversation must alternate between user and assistant roles. Make sure the "
                        + "conversation alternates between user and assistant roles and try again.");
            }
        }
        boolean anyToolBlock = toolUses.stream().anyMatch(s -> !s.isEmpty()) || toolResults.stream().anyMatch(s -> !s.isEmpty());
        if (anyToolBlock && !hasToolConfig) {
            throw invalid("The toolConfig field must be defined when using toolUse and toolResult content blocks.");
        }
        for (int i = 0; i < messages.size(); i++) {
            Set<String> previousUses = i > 0 ? toolUses.get(i - 1) : Set.of();
            for (String id : toolResults.get(i)) {
                if (!previousUses.contains(id)) {
                    throw invalid("The model returned the following errors: messages." + i + ": toolResult block "
                            + "with toolUseId " + id + " has no corresponding toolUse block in the previous message.");
                }
            }
        }
        for (int i = 0; i + 1 < messages.size(); i++) {
            if (!toolUses.get(i).isEmpty()) {
                Set<String> missing = new LinkedHashSet<>(toolUses.get(i));
                missing.removeAll(toolResults.get(i + 1));
                if (!missing.isEmpty()) {
                    throw invalid("Expected toolResult blocks at messages." + (i + 1) + ".content for the following Ids: "
                            + String.join(", ", missing));
                }
            }
        }
    }

    private static void unitInterval(JsonNode inference, String field) {
        JsonNode v = inference.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
            throw invalid("1 validation error detected: Value '" + v.asText() + "' at 'inferenceConfig." + field
                    + "' failed to satisfy constraint: Member must have value less than or equal to 1");
        }
    }

    private static RuntimeException invalid(String message) {
        return ApiError.invalid(message).toException();
    }

    // ---------------------------------------------------------------- rendering

    /** The ConverseResponse. */
    byte[] json(Request request, Completion c, long latencyMs) {
        ObjectNode root = Json.object();
        ObjectNode message = root.putObject("output").putObject("message").put("role", "assistant");
        ArrayNode content = message.putArray("content");
        if (c.hasToolCalls()) {
            for (Completion.ToolCall call : c.toolCalls()) {
                ObjectNode toolUse = content.addObject().putObject("toolUse")
                        .put("toolUseId", ids.next("tooluse_", 22)).put("name", call.name());
                toolUse.set("input", call.arguments());
            }
        } else {
            content.addObject().put("text", c.text());
        }
        root.put("stopReason", stopReason(c));
        root.set("usage", usage(c.usage(), request.reportsCache()));
        root.putObject("metrics").put("latencyMs", latencyMs);
        return Json.bytes(root);
    }

    /** The ConverseStream events; name = {@code :event-type}, data = the JSON payload. */
    List<StreamEvent> stream(Request request, Completion c, int tokensPerChunk, long latencyMs) {
        List<StreamEvent> events = new ArrayList<>();
        int n = 0;
        events.add(StreamEvent.preamble("messageStart", pad(Json.object().put("role", "assistant"), n++)));
        if (c.hasToolCalls()) {
            int index = 0;
            for (Completion.ToolCall call : c.toolCalls()) {
                ObjectNode start = Json.object().put("contentBlockIndex", index);
                start.putObject("start").putObject("toolUse").put("toolUseId", ids.next("tooluse_", 22)).put("name", call.name());
                events.add(index == 0 ? StreamEvent.preamble("contentBlockStart", pad(start, n++))
                        : StreamEvent.structure("contentBlockStart", pad(start, n++)));
                for (TokenEstimator.Chunk piece : TokenEstimator.chunks(call.argumentsJson(), tokensPerChunk)) {
                    ObjectNode delta = Json.object().put("contentBlockIndex", index);
                    delta.putObject("delta").putObject("toolUse").put("input", piece.text());
                    events.add(StreamEvent.content("contentBlockDelta", pad(delta, n++), piece.tokens()));
                }
                events.add(StreamEvent.terminal("contentBlockStop", pad(Json.object().put("contentBlockIndex", index), n++)));
                index++;
            }
        } else {
            for (TokenEstimator.Chunk piece : TokenEstimator.chunks(c.text(), tokensPerChunk)) {
                ObjectNode delta = Json.object().put("contentBlockIndex", 0);
                delta.putObject("delta").put("text", piece.text());
                events.add(StreamEvent.content("contentBlockDelta", pad(delta, n++), piece.tokens()));
            }
            events.add(StreamEvent.terminal("contentBlockStop", pad(Json.object().put("contentBlockIndex", 0), n++)));
        }
        events.add(StreamEvent.terminal("messageStop", pad(Json.object().put("stopReason", stopReason(c)), n++)));
        ObjectNode metadata = Json.object();
        metadata.set("usage", usage(c.usage(), request.reportsCache()));
        metadata.putObject("metrics").put("latencyMs", latencyMs);
        events.add(StreamEvent.terminal("metadata", pad(metadata, n)));
        return events;
    }

    private static String pad(ObjectNode payload, int n) {
        return Json.write(payload.put("p", PADDING.substring(0, 1 + (n * 7) % PADDING.length())));
    }

    /** inputTokens excludes cache reads and writes; totalTokens includes them. */
    private static ObjectNode usage(Usage u, boolean reportsCache) {
        ObjectNode usage = Json.object()
                .put("inputTokens", u.uncachedPromptTokens())
                .put("outputTokens", u.completionTokens())
                .put("totalTokens", u.totalTokens());
        if (reportsCache) {
            usage.put("cacheReadInputTokens", u.cachedPromptTokens()).put("cacheWriteInputTokens", u.cacheCreationTokens());
        }
        return usage;
    }

    static String stopReason(Completion c) {
        return switch (c.finish()) {
            case END -> "end_turn";
            case LENGTH -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "content_filtered";
        };
    }
}
