package com.gaterouter.simulator.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.simulator.core.ApiError;
import com.gaterouter.simulator.core.ChatDialect;
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
import com.gaterouter.simulator.core.PromptTokens;
import com.gaterouter.simulator.core.SimContext;
import com.gaterouter.simulator.core.Usage;
import com.gaterouter.simulator.http.Framing;
import com.gaterouter.simulator.http.Json;
import com.gaterouter.simulator.http.SimExchange;
import com.gaterouter.simulator.http.StreamEvent;
import com.gaterouter.simulator.http.StreamPlan;
import com.gaterouter.simulator.text.Hashing;
import com.gaterouter.simulator.text.TokenEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Anthropic Messages: request parsing (system, content blocks, tools, tool_choice, thinking,
 * cache_control) and the {@code message} object and SSE event sequence.
 */
final class AnthropicMessages implements ChatDialect<AnthropicMessages.Request> {

    /** Thinking tokens spent when extended thinking is enabled (capped by the budget). */
    static final int THINKING_TOKENS = 32;

    private final SimContext ctx;

    AnthropicMessages(SimContext ctx) {
        this.ctx = ctx;
    }

    record Request(Conversation conversation) implements ChatDialect.Request {
    }

    /** Walks the prompt in cache order (tools, system, messages) to find the cached prefix. */
    private static final class CacheScan {
        private long hash;
        private int tokens;
        private Optional<CachePrefix> prefix = Optional.empty();

        CacheScan(String model) {
            hash = Hashing.fnv1a64(model);
        }

        void add(String identity, int segmentTokens, JsonNode block) {
            hash = Hashing.mix(hash ^ Hashing.fnv1a64(identity));
            tokens += segmentTokens;
            if (block != null && block.hasNonNull("cache_control")) {
                prefix = Optional.of(new CachePrefix(Long.toHexString(hash), tokens));
            }
        }
    }

    // ---------------------------------------------------------------- parsing

    @Override
    public Request parse(JsonNode body, SimExchange exchange) {
        return parse(body, exchange, true);
    }

    /** count_tokens takes the same body, without max_tokens. */
    Request parseForCounting(JsonNode body, SimExchange exchange) {
        return parse(body, exchange, false);
    }

    private Request parse(JsonNode body, SimExchange exchange, boolean needsMaxTokens) {
        if (exchange.header("anthropic-version").isEmpty()) {
            throw ApiError.invalid("anthropic-version: header is required").toException();
        }
        String model = Json.text(body, "model").filter(m -> !m.isBlank())
                .orElseThrow(() -> ApiError.missing("model").toException());
        OptionalInt maxTokens = OptionalInt.empty();
        if (needsMaxTokens || body.has("max_tokens")) {
            JsonNode mt = body.get("max_tokens");
            if (mt == null || mt.isNull()) {
                throw ApiError.missing("max_tokens").toException();
            }
            if (!mt.canConvertToInt() || mt.asInt() < 1) {
                throw ApiError.invalid("max_tokens: Input should be greater than or equal to 1").toException();
            }
            maxTokens = OptionalInt.of(mt.asInt());
        }
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw ApiError.missing("messages").toException();
        }
        if (!messages.isArray()) {
            throw ApiError.invalid("messages: Input should be a valid list").toException();
        }
        if (messages.isEmpty()) {
            throw ApiError.invalid("messages: at least one message is required").toException();
        }

        CacheScan cache = new CacheScan(model);
        List<ToolSpec> tools = tools(body.path("tools"), cache);
        List<Turn> turns = new ArrayList<>();
        system(body.get("system"), cache).ifPresent(turns::add);
        for (int i = 0; i < messages.size(); i++) {
            turns.add(message(messages.get(i), i, cache));
        }
        int thinking = thinking(body.get("thinking"), maxTokens);
        Conversation conversation = new Conversation(model, turns, tools, toolChoice(body.get("tool_choice")), maxTokens,
                stops(body.get("stop_sequences")), OutputFormat.TEXT, thinking, body.path("stream").asBoolean(false),
                new Caching(false, cache.prefix));
        return new Request(conversation);
    }

    private static Optional<Turn> system(JsonNode system, CacheScan cache) {
        if (system == null || system.isNull()) {
            return Optional.empty();
        }
        List<Part> parts = new ArrayList<>();
        if (system.isTextual()) {
            parts.add(new Part.Text(system.asText()));
            cache.add("system:" + system.asText(), TokenEstimator.count(system.asText()), null);
        } else if (system.isArray()) {
            for (JsonNode block : system) {
                if (!"text".equals(block.path("type").asText())) {
                    throw ApiError.invalid("system: Input should be a valid list of text blocks").toException();
                }
                String text = block.path("text").asText("");
                parts.add(new Part.Text(text));
                cache.add("system:" + text, TokenEstimator.count(text), block);
            }
        } else {
            throw ApiError.invalid("system: Input should be a valid string").toException();
        }
        return Optional.of(new Turn(Role.SYSTEM, parts));
    }

    private static Turn message(JsonNode m, int i, CacheScan cache) {
        String role = m.path("role").asText("");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw ApiError.invalid("messages." + i + ".role: Input should be 'user' or 'assistant'").toException();
        }
        JsonNode content = m.get("content");
        List<Part> parts = new ArrayList<>();
        if (content != null && content.isTextual()) {
            Part.Text text = new Part.Text(content.asText());
            parts.add(text);
            cache.add(role + ":" + content.asText(), PromptTokens.part(text), null);
        } else if (content != null && content.isArray()) {
            for (int b = 0; b < content.size(); b++) {
                JsonNode block = content.get(b);
                Part part = block(block, "messages." + i + ".content." + b);
                if (part != null) {
                    parts.add(part);
                    cache.add(role + ":" + block.toString(), PromptTokens.part(part), block);
                }
            }
        } else {
            throw ApiError.missing("messages." + i + ".content").toException();
        }
        return new Turn(role.equals("user") ? Role.USER : Role.ASSISTANT, parts);
    }

    private static Part block(JsonNode block, String where) {
        return switch (block.path("type").asText("")) {
            case "text" -> new Part.Text(block.path("text").asText(""));
            case "image" -> new Part.Media("image");
            case "document" -> new Part.Media("document");
            case "tool_use", "server_tool_use" ->
                    new Part.ToolCall(block.path("name").asText(""), block.path("input").toString());
            case "tool_result" -> new Part.ToolResult(block.path("tool_use_id").asText(""), toolResultText(block.get("content")));
            case "thinking" -> new Part.Text(block.path("thinking").asText(""));
            case "redacted_thinking", "search_result", "web_search_tool_result", "container_upload" -> null;
            default -> throw ApiError.invalid(where + ".type: Input tag '" + block.path("type").asText("")
                    + "' found using 'type' does not match any of the expected tags: 'text', 'image', 'document', "
                    + "'tool_use', 'tool_result', 'thinking'").toException();
        };
    }

    private static String toolResultText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode c : content) {
            if ("text".equals(c.path("type").asText())) {
                if (!b.isEmpty()) {
                    b.append('\n');
                }
                b.append(c.path("text").asText(""));
            }
        }
        return b.toString();
    }

    private static List<ToolSpec> tools(JsonNode tools, CacheScan cache) {
        List<ToolSpec> out = new ArrayList<>();
        int i = 0;
        for (JsonNode t : tools) {
            boolean custom = !t.has("type") || "custom".equals(t.path("type").asText());
            if (custom) {
                if (!t.hasNonNull("name")) {
                    throw ApiError.invalid("tools." + i + ".custom.name: Field required").toException();
                }
                if (!t.hasNonNull("input_schema")) {
                    throw ApiError.invalid("tools." + i + ".custom.input_schema: Field required").toException();
                }
                ToolSpec spec = new ToolSpec(t.path("name").asText(), t.path("description").asText(""), t.get("input_schema"));
                out.add(spec);
                cache.add("tool:" + t, PromptTokens.tool(spec), t);
            } else {
                cache.add("tool:" + t, TokenEstimator.count(t.toString()), t); // server tool (web search, ...)
            }
            i++;
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return ToolChoice.AUTO;
        }
        return switch (choice.path("type").asText("")) {
            case "auto" -> ToolChoice.AUTO;
            case "any" -> ToolChoice.ANY;
            case "none" -> ToolChoice.NONE;
            case "tool" -> {
                if (!choice.hasNonNull("name")) {
                    throw ApiError.invalid("tool_choice.tool.name: Field required").toException();
                }
                yield ToolChoice.named(choice.get("name").asText());
            }
            default -> throw ApiError.invalid("tool_choice: Input tag '" + choice.path("type").asText("")
                    + "' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'").toException();
        };
    }

    private static int thinking(JsonNode thinking, OptionalInt maxTokens) {
        if (thinking == null || thinking.isNull() || !"enabled".equals(thinking.path("type").asText())) {
            return 0;
        }
        int budget = thinking.path("budget_tokens").asInt(0);
        if (budget < 1024) {
            throw ApiError.invalid("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024").toException();
        }
        if (maxTokens.isPresent() && budget >= maxTokens.getAsInt()) {
            throw ApiError.invalid("`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our "
                    + "documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking").toException();
        }
        return Math.min(THINKING_TOKENS, budget);
    }

    private static List<String> stops(JsonNode stops) {
        List<String> out = new ArrayList<>();
        if (stops != null && stops.isArray()) {
            stops.forEach(s -> out.add(s.asText()));
        }
        return out;
    }

    // ---------------------------------------------------------------- rendering

    @Override
    public byte[] json(Request request, Completion c) {
        ObjectNode root = message(request.conversation().model(), ctx.ids().next("msg_01", 22));
        var content = root.putArray("content");
        if (c.hasReasoning()) {
            content.addObject().put("type", "thinking").put("thinking", c.reasoningText()).put("signature", signature(c));
        }
        if (c.hasToolCalls()) {
            for (Completion.ToolCall call : c.toolCalls()) {
                ObjectNode block = content.addObject().put("type", "tool_use").put("id", ctx.ids().next("toolu_01", 22))
                        .put("name", call.name());
                block.set("input", call.arguments());
            }
        } else {
            content.addObject().put("type", "text").put("text", c.text());
        }
        root.put("stop_reason", stopReason(c));
        root.put("stop_sequence", c.stopSequence().orElse(null));
        root.set("usage", usage(c.usage(), c.usage().completionTokens()));
        return Json.bytes(root);
    }

    @Override
    public StreamPlan stream(Request request, Completion c, int tokensPerChunk) {
        List<StreamEvent> events = new ArrayList<>();
        ObjectNode start = message(request.conversation().model(), ctx.ids().next("msg_01", 22));
        start.putArray("content");
        start.putNull("stop_reason");
        start.putNull("stop_sequence");
        start.set("usage", usage(c.usage(), 1)); // Anthropic reports 1 output token at message_start
        events.add(StreamEvent.preamble("message_start", Json.write(Json.object().put("type", "message_start").set("message", start))));

        // blocks in order: thinking (if any), then tool_use or text; the last block's stop is terminal
        int index = 0;
        if (c.hasReasoning()) {
            blockStart(events, index, Json.object().put("type", "thinking").put("thinking", "").put("signature", ""));
            for (TokenEstimator.Chunk piece : TokenEstimator.chunks(c.reasoningText(), tokensPerChunk)) {
                events.add(StreamEvent.content("content_block_delta",
                        delta(index, Json.object().put("type", "thinking_delta").put("thinking", piece.text())), piece.tokens()));
            }
            events.add(StreamEvent.structure("content_block_delta",
                    delta(index, Json.object().put("type", "signature_delta").put("signature", signature(c)))));
            events.add(StreamEvent.structure("content_block_stop", blockStop(index)));
            index++;
        }
        if (c.hasToolCalls()) {
            Completion.ToolCall call = c.toolCalls().getFirst();
            ObjectNode block = Json.object().put("type", "tool_use").put("id", ctx.ids().next("toolu_01", 22))
                    .put("name", call.name());
            block.putObject("input");
            blockStart(events, index, block);
            events.add(StreamEvent.structure("content_block_delta",
                    delta(index, Json.object().put("type", "input_json_delta").put("partial_json", ""))));
            for (TokenEstimator.Chunk piece : TokenEstimator.chunks(call.argumentsJson(), tokensPerChunk)) {
                events.add(StreamEvent.content("content_block_delta",
                        delta(index, Json.object().put("type", "input_json_delta").put("partial_json", piece.text())), piece.tokens()));
            }
        } else {
            blockStart(events, index, Json.object().put("type", "text").put("text", ""));
            for (TokenEstimator.Chunk piece : TokenEstimator.chunks(c.text(), tokensPerChunk)) {
                events.add(StreamEvent.content("content_block_delta",
                        delta(index, Json.object().put("type", "text_delta").put("text", piece.text())), piece.tokens()));
            }
        }
        events.add(StreamEvent.terminal("content_block_stop", blockStop(index)));

        ObjectNode messageDelta = Json.object().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason(c)).put("stop_sequence", c.stopSequence().orElse(null));
        messageDelta.putObject("usage").put("output_tokens", c.usage().completionTokens());
        events.add(StreamEvent.terminal("message_delta", Json.write(messageDelta)));
        events.add(StreamEvent.terminal("message_stop", Json.write(Json.object().put("type", "message_stop"))));
        return new StreamPlan(Framing.SSE, events);
    }

    /** content_block_start; the first one is followed by Anthropic's ping and belongs to the preamble. */
    private static void blockStart(List<StreamEvent> events, int index, ObjectNode block) {
        ObjectNode start = Json.object().put("type", "content_block_start").put("index", index);
        start.set("content_block", block);
        if (index == 0) {
            events.add(StreamEvent.preamble("content_block_start", Json.write(start)));
            events.add(StreamEvent.preamble("ping", "{\"type\": \"ping\"}"));
        } else {
            events.add(StreamEvent.structure("content_block_start", Json.write(start)));
        }
    }

    private static String blockStop(int index) {
        return Json.write(Json.object().put("type", "content_block_stop").put("index", index));
    }

    private static String delta(int index, ObjectNode delta) {
        ObjectNode event = Json.object().put("type", "content_block_delta").put("index", index);
        event.set("delta", delta);
        return Json.write(event);
    }

    private static ObjectNode message(String model, String id) {
        return Json.object().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
    }

    private static ObjectNode usage(Usage u, int outputTokens) {
        return Json.object()
                .put("input_tokens", u.uncachedPromptTokens())
                .put("cache_creation_input_tokens", u.cacheCreationTokens())
                .put("cache_read_input_tokens", u.cachedPromptTokens())
                .put("output_tokens", outputTokens)
                .put("service_tier", "standard");
    }

    private static String stopReason(Completion c) {
        return switch (c.finish()) {
            case END -> "end_turn";
            case LENGTH -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "refusal";
        };
    }

    /** An opaque, deterministic stand-in for Anthropic's thinking signature. */
    private static String signature(Completion c) {
        return "sim" + Long.toHexString(Hashing.fnv1a64(c.reasoningText()));
    }
}
