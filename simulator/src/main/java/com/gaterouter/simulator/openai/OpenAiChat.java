package com.gaterouter.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.core.ApiError;
import com.gaterouter.simulator.core.ChatDialect;
import com.gaterouter.simulator.core.Completion;
import com.gaterouter.simulator.core.Conversation;
import com.gaterouter.simulator.core.Conversation.OutputFormat;
import com.gaterouter.simulator.core.Conversation.Part;
import com.gaterouter.simulator.core.Conversation.Role;
import com.gaterouter.simulator.core.Conversation.ToolChoice;
import com.gaterouter.simulator.core.Conversation.ToolSpec;
import com.gaterouter.simulator.core.Conversation.Turn;
import com.gaterouter.simulator.core.SimContext;
import com.gaterouter.simulator.core.Usage;
import com.gaterouter.simulator.http.Framing;
import com.gaterouter.simulator.http.Json;
import com.gaterouter.simulator.http.SimExchange;
import com.gaterouter.simulator.http.StreamEvent;
import com.gaterouter.simulator.http.StreamPlan;
import com.gaterouter.simulator.text.TokenEstimator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * OpenAI Chat Completions ({@code chat.completion} / {@code chat.completion.chunk}), and DeepSeek's
 * variant of it: {@code usage.prompt_cache_hit_tokens}/{@code prompt_cache_miss_tokens}, and
 * {@code reasoning_content} for {@code deepseek-reasoner}.
 */
final class OpenAiChat implements ChatDialect<OpenAiChat.Request> {

    /** o1/o3/o4 and gpt-5 families think before answering and report reasoning_tokens. */
    private static final Pattern OPENAI_REASONING = Pattern.compile("(^|[^a-z0-9])(o1|o3|o4)([^0-9]|$)|gpt-5");
    private static final Pattern DEEPSEEK_REASONING = Pattern.compile("reasoner|(^|[^a-z0-9])r1([^0-9]|$)");
    private static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool", "function");

    private final SimContext ctx;
    private final SimVendor vendor;

    OpenAiChat(SimContext ctx, SimVendor vendor) {
        this.ctx = ctx;
        this.vendor = vendor;
    }

    /** @param includeUsage {@code stream_options.include_usage} */
    record Request(Conversation conversation, boolean includeUsage) implements ChatDialect.Request {
    }

    // ---------------------------------------------------------------- parsing

    @Override
    public Request parse(JsonNode body, SimExchange exchange) {
        String model = Json.text(body, "model").filter(m -> !m.isBlank())
                .orElseThrow(() -> ApiError.missing("model").toException());
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw ApiError.missing("messages").toException();
        }
        if (!messages.isArray()) {
            throw ApiError.invalid("Invalid type for 'messages': expected an array, but got "
                    + messages.getNodeType().name().toLowerCase() + " instead.", "messages").toException();
        }
        if (messages.isEmpty()) {
            throw ApiError.invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, "
                    + "but got an empty array instead.", "messages").toException();
        }
        List<Turn> turns = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>(); // tool_call_id -> function name, to label results
        for (int i = 0; i < messages.size(); i++) {
            turns.add(turn(messages.get(i), i, toolNames));
        }
        List<ToolSpec> tools = tools(body.path("tools"));
        ToolChoice choice = toolChoice(body.get("tool_choice"), tools);
        boolean stream = body.path("stream").asBoolean(false);
        String lowerModel = model.toLowerCase();
        int reasoning = vendor == SimVendor.DEEPSEEK
                ? (DEEPSEEK_REASONING.matcher(lowerModel).find() ? 32 : 0)
                : (OPENAI_REASONING.matcher(lowerModel).find() ? effortBudget(body.path("reasoning_effort").asText("medium")) : 0);
        Conversation conversation = new Conversation(model, turns, tools, choice, maxTokens(body),
                stops(body.get("stop")), format(body.get("response_format")), reasoning, stream,
                Conversation.Caching.IMPLICIT);
        return new Request(conversation, stream && body.path("stream_options").path("include_usage").asBoolean(false));
    }

    private static Turn turn(JsonNode m, int i, Map<String, String> toolNames) {
        if (!m.isObject()) {
            throw ApiError.invalid("Invalid type for 'messages[" + i + "]': expected an object.", "messages[" + i + "]").toException();
        }
        String role = m.path("role").asText("");
        if (!ROLES.contains(role)) {
            throw ApiError.invalid("Invalid value: '" + role + "'. Supported values are: 'system', 'assistant', 'user', "
                    + "'function', 'tool', and 'developer'.", "messages[" + i + "].role").toException();
        }
        List<Part> parts = new ArrayList<>();
        JsonNode content = m.get("content");
        switch (role) {
            case "tool", "function" -> {
                String id = m.path("tool_call_id").asText(m.path("name").asText(""));
                parts.add(new Part.ToolResult(toolNames.getOrDefault(id, m.path("name").asText(id)), contentText(content)));
                return new Turn(Role.TOOL, parts);
            }
            default -> contentParts(content, parts, i);
        }
        for (JsonNode call : m.path("tool_calls")) {
            String name = call.path("function").path("name").asText("");
            toolNames.put(call.path("id").asText(""), name);
            parts.add(new Part.ToolCall(name, call.path("function").path("arguments").asText("")));
        }
        Role r = switch (role) {
            case "system", "developer" -> Role.SYSTEM;
            case "assistant" -> Role.ASSISTANT;
            default -> Role.USER;
        };
        return new Turn(r, parts);
    }

    private static void contentParts(JsonNode content, List<Part> parts, int i) {
        if (content == null || content.isNull()) {
            return;
        }
        if (content.isTextual()) {
            parts.add(new Part.Text(content.asText()));
            return;
        }
        if (!content.isArray()) {
            throw ApiError.invalid("Invalid type for 'messages[" + i + "].content': expected one of a string or "
                    + "array of objects.", "messages[" + i + "].content").toException();
        }
        for (JsonNode p : content) {
            switch (p.path("type").asText("")) {
                case "text" -> parts.add(new Part.Text(p.path("text").asText("")));
                case "refusal" -> parts.add(new Part.Text(p.path("refusal").asText("")));
                case "image_url", "input_image" -> parts.add(new Part.Media("image"));
                case "input_audio" -> parts.add(new Part.Media("audio"));
                case "file" -> parts.add(new Part.Media("file"));
                default -> throw ApiError.invalid("Invalid value: '" + p.path("type").asText("") + "'. Supported values are: "
                        + "'text', 'image_url', 'input_audio', 'refusal', and 'file'.", "messages[" + i + "].content").toException();
            }
        }
    }

    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode p : content) {
            b.append(p.path("text").asText(""));
        }
        return b.toString();
    }

    private static List<ToolSpec> tools(JsonNode tools) {
        List<ToolSpec> out = new ArrayList<>();
        for (JsonNode t : tools) {
            if (!"function".equals(t.path("type").asText("function"))) {
                continue;
            }
            JsonNode fn = t.path("function");
            String name = fn.path("name").asText("");
            if (name.isEmpty()) {
                throw ApiError.missing("tools[" + out.size() + "].function.name").toException();
            }
            out.add(new ToolSpec(name, fn.path("description").asText(""), fn.get("parameters")));
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode choice, List<ToolSpec> tools) {
        if (choice == null || choice.isNull()) {
            return ToolChoice.AUTO;
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.ANY;
                case "auto" -> ToolChoice.AUTO;
                default -> throw ApiError.invalid("Invalid value: '" + choice.asText()
                        + "'. Supported values are: 'none', 'auto', and 'required'.", "tool_choice").toException();
            };
        }
        String name = choice.path("function").path("name").asText("");
        if (tools.stream().noneMatch(t -> t.name().equals(name))) {
            throw ApiError.invalid("Invalid value for 'tool_choice': function '" + name + "' not found in 'tools'.",
                    "tool_choice").toException();
        }
        return ToolChoice.named(name);
    }

    private static OptionalInt maxTokens(JsonNode body) {
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode v = body.get(field);
            if (v != null && !v.isNull()) {
                if (!v.canConvertToInt() || v.asInt() < 1) {
                    throw ApiError.invalid("Invalid '" + field + "': integer below minimum value. Expected a value >= 1, but got "
                            + v + " instead.", field).toException();
                }
                return OptionalInt.of(v.asInt());
            }
        }
        return OptionalInt.empty();
    }

    private static List<String> stops(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        List<String> out = new ArrayList<>();
        stop.forEach(s -> out.add(s.asText()));
        if (out.size() > 4) {
            throw ApiError.invalid("Invalid 'stop': array too long. Expected an array with maximum length 4, but got "
                    + out.size() + " instead.", "stop").toException();
        }
        return out;
    }

    private static OutputFormat format(JsonNode format) {
        if (format == null || format.isNull()) {
            return OutputFormat.TEXT;
        }
        return switch (format.path("type").asText("text")) {
            case "json_object" -> new OutputFormat.JsonObject();
            case "json_schema" -> new OutputFormat.JsonSchema(format.path("json_schema").path("schema"));
            case "text" -> OutputFormat.TEXT;
            default -> throw ApiError.invalid("Invalid value: '" + format.path("type").asText()
                    + "'. Supported values are: 'text', 'json_object', and 'json_schema'.", "response_format.type").toException();
        };
    }

    private static int effortBudget(String effort) {
        return switch (effort) {
            case "minimal" -> 8;
            case "low" -> 16;
            case "high" -> 64;
            default -> 32;
        };
    }

    // ---------------------------------------------------------------- rendering

    @Override
    public byte[] json(Request request, Completion c) {
        Conversation conv = request.conversation();
        ObjectNode message = Json.object().put("role", "assistant");
        if (c.hasToolCalls()) {
            message.putNull("content");
        } else {
            message.put("content", c.text());
        }
        if (deepSeekReasoning(c)) {
            message.put("reasoning_content", c.reasoningText());
        }
        if (c.hasToolCalls()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (Completion.ToolCall call : c.toolCalls()) {
                ObjectNode tc = calls.addObject().put("id", ctx.ids().next("call_", 24)).put("type", "function");
                tc.putObject("function").put("name", call.name()).put("arguments", call.argumentsJson());
            }
        }
        if (vendor == SimVendor.OPENAI) {
            message.putNull("refusal");
            message.putArray("annotations");
        }
        ObjectNode root = envelope("chat.completion", ctx.ids().next("chatcmpl-", 29), epochSeconds(), conv.model());
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(c));
        root.set("usage", usage(c.usage()));
        return Json.bytes(root);
    }

    @Override
    public StreamPlan stream(Request request, Completion c, int tokensPerChunk) {
        Conversation conv = request.conversation();
        String id = ctx.ids().next("chatcmpl-", 29);
        long created = epochSeconds();
        ChunkFactory chunks = new ChunkFactory(id, created, conv.model(), request.includeUsage());
        List<StreamEvent> events = new ArrayList<>();

        ObjectNode first = Json.object().put("role", "assistant");
        if (c.hasToolCalls()) {
            first.putNull("content");
            Completion.ToolCall call = c.toolCalls().getFirst();
            ObjectNode tc = first.putArray("tool_calls").addObject().put("index", 0)
                    .put("id", ctx.ids().next("call_", 24)).put("type", "function");
            tc.putObject("function").put("name", call.name()).put("arguments", "");
        } else if (deepSeekReasoning(c)) {
            first.putNull("content");
            first.put("reasoning_content", "");
        } else {
            first.put("content", "");
        }
        if (vendor == SimVendor.OPENAI) {
            first.putNull("refusal");
        }
        events.add(StreamEvent.preamble(null, chunks.delta(first, null)));

        if (deepSeekReasoning(c)) {
            for (TokenEstimator.Chunk piece : TokenEstimator.chunks(c.reasoningText(), tokensPerChunk)) {
                ObjectNode d = Json.object().putNull("content").put("reasoning_content", piece.text());
                events.add(StreamEvent.content(null, chunks.delta(d, null), piece.tokens()));
            }
        }
        if (c.hasToolCalls()) {
            for (TokenEstimator.Chunk piece : TokenEstimator.chunks(c.toolCalls().getFirst().argumentsJson(), tokensPerChunk)) {
                ObjectNode d = Json.object();
                d.putArray("tool_calls").addObject().put("index", 0).putObject("function").put("arguments", piece.text());
                events.add(StreamEvent.content(null, chunks.delta(d, null), piece.tokens()));
            }
        } else {
            for (TokenEstimator.Chunk piece : TokenEstimator.chunks(c.text(), tokensPerChunk)) {
                ObjectNode d = Json.object().put("content", piece.text());
                if (deepSeekReasoning(c)) {
                    d.putNull("reasoning_content");
                }
                events.add(StreamEvent.content(null, chunks.delta(d, null), piece.tokens()));
            }
        }
        events.add(StreamEvent.terminal(null, chunks.delta(Json.object(), finishReason(c))));
        if (request.includeUsage()) {
            ObjectNode last = chunks.base();
            last.putArray("choices");
            last.set("usage", usage(c.usage()));
            events.add(StreamEvent.terminal(null, Json.write(last)));
        }
        events.add(StreamEvent.terminal(null, "[DONE]"));
        return new StreamPlan(Framing.SSE, events);
    }

    /** Builds chunks that share id, created and model; with include_usage each carries {@code "usage": null}. */
    private final class ChunkFactory {
        private final String id;
        private final long created;
        private final String model;
        private final boolean includeUsage;

        ChunkFactory(String id, long created, String model, boolean includeUsage) {
            this.id = id;
            this.created = created;
            this.model = model;
            this.includeUsage = includeUsage;
        }

        ObjectNode base() {
            return envelope("chat.completion.chunk", id, created, model);
        }

        String delta(ObjectNode delta, String finishReason) {
            ObjectNode chunk = base();
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason);
            if (includeUsage) {
                chunk.putNull("usage");
            }
            return Json.write(chunk);
        }
    }

    private ObjectNode envelope(String object, String id, long created, String model) {
        ObjectNode root = Json.object().put("id", id).put("object", object).put("created", created).put("model", model);
        if (vendor == SimVendor.OPENAI) {
            root.put("service_tier", "default");
            root.put("system_fingerprint", "fp_sim0penai");
        } else {
            root.put("system_fingerprint", "fp_sim_deepseek_prod");
        }
        return root;
    }

    private ObjectNode usage(Usage u) {
        ObjectNode usage = Json.object()
                .put("prompt_tokens", u.promptTokens())
                .put("completion_tokens", u.completionTokens())
                .put("total_tokens", u.totalTokens());
        ObjectNode promptDetails = usage.putObject("prompt_tokens_details").put("cached_tokens", u.cachedPromptTokens());
        ObjectNode completionDetails = usage.putObject("completion_tokens_details").put("reasoning_tokens", u.reasoningTokens());
        if (vendor == SimVendor.OPENAI) {
            promptDetails.put("audio_tokens", 0);
            completionDetails.put("audio_tokens", 0).put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        } else {
            // DeepSeek's own cache fields; hit + miss = prompt_tokens
            usage.put("prompt_cache_hit_tokens", u.cachedPromptTokens());
            usage.put("prompt_cache_miss_tokens", u.promptTokens() - u.cachedPromptTokens());
        }
        return usage;
    }

    private boolean deepSeekReasoning(Completion c) {
        return vendor == SimVendor.DEEPSEEK && c.hasReasoning();
    }

    private static String finishReason(Completion c) {
        return switch (c.finish()) {
            case END, STOP_SEQUENCE -> "stop";
            case LENGTH -> "length";
            case TOOL_CALLS -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
        };
    }

    private static long epochSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
