package com.gaterouter.simulator.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gemini generateContent / streamGenerateContent: {@code contents} with parts, systemInstruction,
 * functionDeclarations, toolConfig and generationConfig in; {@code GenerateContentResponse} out,
 * streamed as SSE ({@code alt=sse}, CRLF-separated, no [DONE]) or as a JSON array.
 * REST accepts both camelCase and snake_case field names, so this does too.
 */
final class GeminiGenerate implements ChatDialect<GeminiGenerate.Request> {

    /** 2.5 and 3.x models think ("gemini-2.5-flash", "gemini-3-pro-preview"); thoughts are billed in thoughtsTokenCount. */
    private static final Pattern THINKING_MODEL = Pattern.compile("(^|[^0-9.])(2\\.5|3)([.-]|$)");
    static final int THINKING_TOKENS = 32;

    private final SimContext ctx;

    GeminiGenerate(SimContext ctx) {
        this.ctx = ctx;
    }

    /**
     * @param framing         SSE for {@code alt=sse}, else a JSON array (only when streaming)
     * @param includeThoughts {@code thinkingConfig.includeThoughts}: thought summaries as {@code thought: true} parts
     */
    record Request(Conversation conversation, Framing framing, boolean includeThoughts) implements ChatDialect.Request {
    }

    // ---------------------------------------------------------------- parsing

    @Override
    public Request parse(JsonNode body, SimExchange exchange) {
        Matcher m = GeminiApi.MODEL_ACTION.matcher(exchange.path().substring("/gemini".length()));
        String model = m.matches() ? URLDecoder.decode(m.group(2), StandardCharsets.UTF_8) : "gemini";
        boolean stream = m.matches() && m.group(3).equals("streamGenerateContent");
        Framing framing = "sse".equals(exchange.query("alt").orElse("")) ? Framing.SSE_CRLF : Framing.JSON_ARRAY;

        JsonNode contents = field(body, "contents", "contents");
        if (contents == null || contents.isNull() || (contents.isArray() && contents.isEmpty())) {
            throw ApiError.missing("contents").toException();
        }
        if (!contents.isArray()) {
            throw ApiError.invalid("Invalid value at 'contents', expected a list of Content.").toException();
        }
        List<Turn> turns = new ArrayList<>();
        JsonNode system = field(body, "systemInstruction", "system_instruction");
        if (system != null && !system.isNull()) {
            turns.add(new Turn(Role.SYSTEM, parts(system.path("parts"), -1)));
        }
        for (int i = 0; i < contents.size(); i++) {
            JsonNode content = contents.get(i);
            String role = content.path("role").asText("user");
            Role r = switch (role) {
                case "user", "" -> Role.USER;
                case "model" -> Role.ASSISTANT;
                case "function", "tool" -> Role.TOOL;
                default -> throw ApiError.invalid("Please use a valid role: user, model.").toException();
            };
            List<Part> parts = parts(content.path("parts"), i);
            if (parts.isEmpty()) {
                throw ApiError.invalid("* GenerateContentRequest.contents[" + i + "].parts: contents.parts must not be empty.\n")
                        .toException();
            }
            turns.add(new Turn(r, parts));
        }

        List<ToolSpec> tools = new ArrayList<>();
        JsonNode toolsNode = field(body, "tools", "tools");
        if (toolsNode != null) {
            for (JsonNode tool : toolsNode) {
                JsonNode declarations = field(tool, "functionDeclarations", "function_declarations");
                if (declarations == null) {
                    continue; // googleSearch, codeExecution, ...: nothing to call
                }
                for (JsonNode d : declarations) {
                    JsonNode schema = field(d, "parametersJsonSchema", "parameters_json_schema");
                    if (schema == null) {
                        schema = d.get("parameters");
                    }
                    tools.add(new ToolSpec(d.path("name").asText(""), d.path("description").asText(""), schema));
                }
            }
        }

        JsonNode config = orEmpty(field(body, "generationConfig", "generation_config"));
        JsonNode thinking = orEmpty(field(config, "thinkingConfig", "thinking_config"));
        int reasoning = 0;
        if (THINKING_MODEL.matcher(model.toLowerCase()).find()) {
            JsonNode budget = field(thinking, "thinkingBudget", "thinking_budget");
            int b = budget == null || budget.isNull() ? -1 : budget.asInt(-1);
            reasoning = b < 0 ? THINKING_TOKENS : Math.min(b, THINKING_TOKENS);
        }
        JsonNode includeThoughts = field(thinking, "includeThoughts", "include_thoughts");

        Conversation conversation = new Conversation(model, turns, tools, toolChoice(body, tools), maxTokens(config),
                stops(config), format(config), reasoning, stream, Conversation.Caching.IMPLICIT);
        return new Request(conversation, framing, includeThoughts != null && includeThoughts.asBoolean(false));
    }

    private static List<Part> parts(JsonNode parts, int content) {
        List<Part> out = new ArrayList<>();
        for (JsonNode p : parts) {
            JsonNode call = field(p, "functionCall", "function_call");
            JsonNode response = field(p, "functionResponse", "function_response");
            if (p.has("text")) {
                out.add(new Part.Text(p.get("text").asText("")));
            } else if (call != null) {
                out.add(new Part.ToolCall(call.path("name").asText(""), call.path("args").toString()));
            } else if (response != null) {
                out.add(new Part.ToolResult(response.path("name").asText(""), response.path("response").toString()));
            } else if (p.has("inlineData") || p.has("inline_data") || p.has("fileData") || p.has("file_data")) {
                out.add(new Part.Media("inline"));
            } else if (content >= 0 && !p.has("executableCode") && !p.has("codeExecutionResult")
                    && !p.has("thoughtSignature")) {
                throw ApiError.invalid("Invalid value at 'contents[" + content + "].parts': a part needs text, "
                        + "inlineData, fileData, functionCall or functionResponse.").toException();
            }
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode body, List<ToolSpec> tools) {
        JsonNode calling = field(orEmpty(field(body, "toolConfig", "tool_config")), "functionCallingConfig", "function_calling_config");
        if (calling == null) {
            return ToolChoice.AUTO;
        }
        JsonNode allowed = field(calling, "allowedFunctionNames", "allowed_function_names");
        return switch (calling.path("mode").asText("AUTO").toUpperCase()) {
            case "NONE" -> ToolChoice.NONE;
            case "ANY" -> allowed != null && !allowed.isEmpty() ? ToolChoice.named(allowed.get(0).asText()) : ToolChoice.ANY;
            default -> ToolChoice.AUTO;
        };
    }

    private static OptionalInt maxTokens(JsonNode config) {
        JsonNode max = field(config, "maxOutputTokens", "max_output_tokens");
        if (max == null || max.isNull()) {
            return OptionalInt.empty();
        }
        if (!max.canConvertToInt() || max.asInt() < 1) {
            throw ApiError.invalid("Invalid value at 'generation_config.max_output_tokens': must be a positive integer.")
                    .toException();
        }
        return OptionalInt.of(max.asInt());
    }

    private static List<String> stops(JsonNode config) {
        List<String> out = new ArrayList<>();
        JsonNode stops = field(config, "stopSequences", "stop_sequences");
        if (stops != null) {
            stops.forEach(s -> out.add(s.asText()));
        }
        return out;
    }

    private static OutputFormat format(JsonNode config) {
        JsonNode mime = field(config, "responseMimeType", "response_mime_type");
        if (mime == null || !"application/json".equals(mime.asText())) {
            return OutputFormat.TEXT;
        }
        JsonNode schema = field(config, "responseJsonSchema", "response_json_schema");
        if (schema == null) {
            schema = field(config, "responseSchema", "response_schema");
        }
        return schema == null ? new OutputFormat.JsonObject() : new OutputFormat.JsonSchema(schema);
    }

    /** Proto JSON accepts the camelCase and the snake_case name. */
    private static JsonNode field(JsonNode node, String camel, String snake) {
        JsonNode v = node.get(camel);
        return v != null ? v : node.get(snake);
    }

    private static JsonNode orEmpty(JsonNode node) {
        return node == null || node.isNull() ? Json.object() : node;
    }

    // ---------------------------------------------------------------- rendering

    @Override
    public byte[] json(Request request, Completion c) {
        if (c.finish() == Completion.FinishReason.CONTENT_FILTER) {
            return Json.bytes(blockedPrompt(request, c));
        }
        ArrayNode parts = Json.array();
        if (request.includeThoughts() && c.hasReasoning()) {
            parts.addObject().put("text", c.reasoningText()).put("thought", true);
        }
        if (c.hasToolCalls()) {
            for (Completion.ToolCall call : c.toolCalls()) {
                parts.addObject().putObject("functionCall").put("name", call.name()).set("args", call.arguments());
            }
        } else {
            parts.addObject().put("text", c.text());
        }
        return Json.bytes(response(request, parts, finishReason(c), usage(c.usage(), c.usage().outputTokens()),
                ctx.ids().next("", 22)));
    }

    @Override
    public StreamPlan stream(Request request, Completion c, int tokensPerChunk) {
        if (c.finish() == Completion.FinishReason.CONTENT_FILTER) {
            // a blocked prompt streams as its one frame
            return new StreamPlan(request.framing(), List.of(StreamEvent.terminal(null, Json.write(blockedPrompt(request, c)))));
        }
        String responseId = ctx.ids().next("", 22);
        List<StreamEvent> events = new ArrayList<>();
        int sent = 0;
        if (request.includeThoughts() && c.hasReasoning()) {
            for (TokenEstimator.Chunk piece : TokenEstimator.chunks(c.reasoningText(), tokensPerChunk)) {
                ArrayNode parts = Json.array();
                parts.addObject().put("text", piece.text()).put("thought", true);
                events.add(StreamEvent.content(null, Json.write(response(request, parts, null,
                        usage(c.usage(), 0), responseId)), piece.tokens()));
            }
        }
        if (c.hasToolCalls()) {
            // Gemini sends a function call whole, in one frame
            ArrayNode parts = Json.array();
            for (Completion.ToolCall call : c.toolCalls()) {
                parts.addObject().putObject("functionCall").put("name", call.name()).set("args", call.arguments());
            }
            sent = c.usage().outputTokens();
            events.add(StreamEvent.content(null, Json.write(response(request, parts, null, usage(c.usage(), sent), responseId)),
                    sent));
        } else {
            for (TokenEstimator.Chunk piece : TokenEstimator.chunks(c.text(), tokensPerChunk)) {
                sent += piece.tokens();
                ArrayNode parts = Json.array();
                parts.addObject().put("text", piece.text());
                events.add(StreamEvent.content(null, Json.write(response(request, parts, null, usage(c.usage(), sent), responseId)),
                        piece.tokens()));
            }
        }
        // the closing frame: finishReason and the final usage, no [DONE]
        ArrayNode parts = Json.array();
        parts.addObject().put("text", "");
        events.add(StreamEvent.terminal(null, Json.write(response(request, parts, finishReason(c),
                usage(c.usage(), c.usage().outputTokens()), responseId))));
        return new StreamPlan(request.framing(), events);
    }

    /** A prompt the content policy blocked: {@code promptFeedback.blockReason}, no candidates, the prompt's usage. */
    private ObjectNode blockedPrompt(Request request, Completion c) {
        ObjectNode root = Json.object();
        ObjectNode feedback = root.putObject("promptFeedback").put("blockReason", "SAFETY");
        ArrayNode ratings = feedback.putArray("safetyRatings");
        for (String category : List.of("HARM_CATEGORY_SEXUALLY_EXPLICIT", "HARM_CATEGORY_HATE_SPEECH", "HARM_CATEGORY_HARASSMENT",
                "HARM_CATEGORY_DANGEROUS_CONTENT")) {
            ratings.addObject().put("category", category)
                    .put("probability", category.equals("HARM_CATEGORY_DANGEROUS_CONTENT") ? "HIGH" : "NEGLIGIBLE");
        }
        root.set("usageMetadata", Json.object().put("promptTokenCount", c.usage().promptTokens())
                .put("totalTokenCount", c.usage().promptTokens()));
        root.put("modelVersion", request.conversation().model());
        root.put("responseId", ctx.ids().next("", 22));
        return root;
    }

    private static ObjectNode response(Request request, ArrayNode parts, String finishReason, ObjectNode usage, String id) {
        ObjectNode root = Json.object();
        ObjectNode candidate = root.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.set("parts", parts);
        content.put("role", "model");
        if (finishReason != null) {
            candidate.put("finishReason", finishReason);
        }
        candidate.put("index", 0);
        root.set("usageMetadata", usage);
        root.put("modelVersion", request.conversation().model());
        root.put("responseId", id);
        return root;
    }

    /**
     * Gemini's usage: thoughts are not part of candidatesTokenCount but are part of totalTokenCount;
     * cached tokens are part of promptTokenCount. {@code candidates} is the count so far in a stream.
     */
    private static ObjectNode usage(Usage u, int candidates) {
        ObjectNode usage = Json.object().put("promptTokenCount", u.promptTokens());
        if (candidates > 0) {
            usage.put("candidatesTokenCount", candidates);
        }
        usage.put("totalTokenCount", u.promptTokens() + candidates + u.reasoningTokens());
        if (u.cachedPromptTokens() > 0) {
            usage.put("cachedContentTokenCount", u.cachedPromptTokens());
        }
        usage.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", u.promptTokens());
        if (u.reasoningTokens() > 0) {
            usage.put("thoughtsTokenCount", u.reasoningTokens());
        }
        return usage;
    }

    private static String finishReason(Completion c) {
        return c.finish() == Completion.FinishReason.LENGTH ? "MAX_TOKENS" : "STOP";
    }
}
