package com.gaterouter.router.vendors.anthropic;

import static com.gaterouter.router.vendors.JsonFixtures.canonical;
import static com.gaterouter.router.vendors.JsonFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorCall;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gateway's thinking extensions and json_schema as a forced tool, request, response and stream. */
class AnthropicThinkingAndStructuredOutputTest {

    static final ModelSpec REASONING = new ModelSpec("anthropic/claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5", 200_000, 64000,
            Set.of("tools", "vision", "reasoning"), List.of(), List.of(new ModelPrice(LocalDate.of(2025, 9, 29),
            3_000_000, 300_000, 3_750_000, 15_000_000)));

    private static ObjectNode translate(String request) {
        return AnthropicRequestTranslator.translate(json(request), REASONING, false);
    }

    private static void assertRejected(String request, String... fragments) {
        assertThatThrownBy(() -> translate(request))
                .isInstanceOf(AnthropicRequestTranslator.UntranslatableRequest.class)
                .message().contains(fragments);
    }

    // ---------------------------------------------------------------- thinking, request

    @Test
    void thinkingPassesThroughAndDropsTemperatureTopKAndALowTopP() {
        ObjectNode body = translate("""
                {"messages":[{"role":"user","content":"q"}],"max_tokens":8000,"temperature":0.2,"top_k":40,"top_p":0.5,
                 "thinking":{"type":"enabled","budget_tokens":2048}}""");

        assertThat(body.get("thinking")).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("top_k")).isFalse();
        assertThat(body.has("top_p")).isFalse();
        assertThat(translate("""
                {"messages":[{"role":"user","content":"q"}],"max_tokens":8000,"top_p":0.97,
                 "thinking":{"type":"enabled","budget_tokens":2048}}""").get("top_p").asDouble()).isEqualTo(0.97);
    }

    @Test
    void thinkingBudgetMustBeAtLeast1024AndBelowMaxTokens() {
        assertRejected("""
                {"messages":[{"role":"user","content":"q"}],"max_tokens":8000,"thinking":{"type":"enabled","budget_tokens":1000}}""",
                "thinking.budget_tokens", "1024");
        assertRejected("""
                {"messages":[{"role":"user","content":"q"}],"max_tokens":2000,"thinking":{"type":"enabled","budget_tokens":2000}}""",
                "thinking.budget_tokens", "less than max_tokens (2000)");
        assertRejected("""
                {"messages":[{"role":"user","content":"q"}],"thinking":{"type":"enabled"}}""", "thinking.budget_tokens");
        assertRejected("""
                {"messages":[{"role":"user","content":"q"}],"thinking":{"type":"adaptive"}}""", "thinking.type");
    }

    @Test
    void disabledThinkingSendsNothingAndWinsOverReasoningEffort() {
        ObjectNode body = translate("""
                {"messages":[{"role":"user","content":"q"}],"temperature":0.3,"top_k":5,
                 "reasoning_effort":"high","thinking":{"type":"disabled"}}""");
        assertThat(body.has("thinking")).isFalse();
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.get("top_k").asInt()).isEqualTo(5);
    }

    @ParameterizedTest
    @CsvSource({"minimal,64000,1024", "low,64000,1024", "medium,64000,4096", "high,64000,16384", "high,5000,4999",
            "medium,1025,1024", "LOW,2000,1024"})
    void reasoningEffortBecomesABudgetCappedBelowMaxTokens(String effort, int maxTokens, int budget) {
        ObjectNode body = translate("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],\"max_tokens\":" + maxTokens
                + ",\"reasoning_effort\":\"" + effort + "\"}");
        assertThat(body.get("thinking")).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":" + budget + "}"));
    }

    @Test
    void reasoningEffortIsIgnoredWhenItCannotApply() {
        // none; no room for the minimum budget; a forced tool call; a model without the capability
        assertThat(translate("""
                {"messages":[{"role":"user","content":"q"}],"reasoning_effort":"none"}""").has("thinking")).isFalse();
        assertThat(translate("""
                {"messages":[{"role":"user","content":"q"}],"max_tokens":1024,"reasoning_effort":"high"}""").has("thinking")).isFalse();
        ObjectNode forced = translate("""
                {"messages":[{"role":"user","content":"q"}],"reasoning_effort":"high","temperature":0.5,
                 "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"required"}""");
        assertThat(forced.has("thinking")).isFalse();
        assertThat(forced.get("tool_choice")).isEqualTo(json("{\"type\":\"any\"}"));
        assertThat(forced.get("temperature").asDouble()).isEqualTo(0.5);
        assertThat(AnthropicRequestTranslator.translate(json("""
                {"messages":[{"role":"user","content":"q"}],"reasoning_effort":"high"}"""), AnthropicTranslationTest.SONNET, false)
                .has("thinking")).isFalse();
        assertRejected("""
                {"messages":[{"role":"user","content":"q"}],"reasoning_effort":"extreme"}""", "reasoning_effort");
    }

    @Test
    void explicitThinkingWithAForcedToolChoiceIsRejectedButAutoIsKept() {
        assertRejected("""
                {"messages":[{"role":"user","content":"q"}],"max_tokens":8000,"thinking":{"type":"enabled","budget_tokens":2048},
                 "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"f"}}}""",
                "tool_choice", "thinking");
        ObjectNode auto = translate("""
                {"messages":[{"role":"user","content":"q"}],"max_tokens":8000,"thinking":{"type":"enabled","budget_tokens":2048},
                 "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"auto"}""");
        assertThat(auto.get("tool_choice")).isEqualTo(json("{\"type\":\"auto\"}"));
        assertThat(auto.at("/thinking/budget_tokens").asInt()).isEqualTo(2048);
    }

    @Test
    void topKPassesThroughAndIsValidated() {
        assertThat(translate("""
                {"messages":[{"role":"user","content":"q"}],"top_k":40}""").get("top_k").asInt()).isEqualTo(40);
        assertRejected("""
                {"messages":[{"role":"user","content":"q"}],"top_k":0}""", "top_k");
        assertRejected("""
                {"messages":[{"role":"user","content":"q"}],"top_k":2.5}""", "top_k");
    }

    @Test
    void assistantThinkingBlocksLeadTheirTurnVerbatimAndUnsignedOnesAreDropped() {
        ObjectNode body = translate("""
                {"messages":[{"role":"user","content":"weather?"},
                  {"role":"assistant","content":"Checking.","thinking_blocks":[
                     {"type":"thinking","thinking":"I should call the tool","signature":"EqQBsig=="},
                     {"type":"redacted_thinking","data":"EmwKAhgBEgy"},
                     {"type":"thinking","thinking":"unsigned","signature":""}],
                   "tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"weather","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"toolu_1","content":"sunny"}],
                 "tools":[{"type":"function","function":{"name":"weather"}}]}""");

        assertThat(body.at("/messages/1/content")).isEqualTo(json("""
                {"a":[{"type":"thinking","thinking":"I should call the tool","signature":"EqQBsig=="},
                      {"type":"redacted_thinking","data":"EmwKAhgBEgy"},
                      {"type":"text","text":"Checking."},
                      {"type":"tool_use","id":"toolu_1","name":"weather","input":{}}]}""").get("a"));
        assertRejected("""
                {"messages":[{"role":"assistant","content":"x","thinking_blocks":[{"type":"text","text":"x"}]}]}""",
                "messages[0].thinking_blocks[0].type");
        assertRejected("""
                {"messages":[{"role":"assistant","content":"x","thinking_blocks":[{"type":"redacted_thinking"}]}]}""",
                "messages[0].thinking_blocks[0].data");
    }

    // ---------------------------------------------------------------- thinking, response

    @Test
    void thinkingAndRedactedBlocksBecomeReasoningContentAndThinkingBlocksInOrder() {
        ObjectNode message = AnthropicResponseTranslator.toCompletion(json("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"thinking","thinking":"First, ","signature":"sig1"},
                            {"type":"redacted_thinking","data":"opaque"},
                            {"type":"thinking","thinking":"then.","signature":"sig2"},
                            {"type":"tool_use","id":"toolu_1","name":"f","input":{"a":1}}],
                 "stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":2}}"""), "m", 1L).completion()
                .at("/choices/0/message").deepCopy();

        assertThat(message.get("reasoning_content").asText()).isEqualTo("First, then.");
        assertThat(message.get("thinking_blocks")).isEqualTo(json("""
                {"a":[{"type":"thinking","thinking":"First, ","signature":"sig1"},{"type":"redacted_thinking","data":"opaque"},
                      {"type":"thinking","thinking":"then.","signature":"sig2"}]}""").get("a"));
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"a\":1}");
    }

    // ---------------------------------------------------------------- structured output

    private static final String SCHEMA_REQUEST = """
            {"messages":[{"role":"user","content":"Capital of France?"}],"temperature":0.1,"reasoning_effort":"high",
             "response_format":{"type":"json_schema","json_schema":{"name":"city answer!","strict":true,
               "schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}}}}""";

    @Test
    void jsonSchemaBecomesOneForcedToolNamedAfterTheSanitisedSchemaName() {
        ObjectNode body = translate(SCHEMA_REQUEST);

        assertThat(body.get("tools")).isEqualTo(json("""
                {"a":[{"name":"city_answer_","description":"Respond with the answer as this tool's input.",
                       "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],
                                       "additionalProperties":false}}]}""").get("a"));
        assertThat(body.get("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":\"city_answer_\"}"));
        assertThat(body.has("system")).isFalse(); // no instruction as well
        assertThat(body.has("thinking")).isFalse(); // the effort yields to the forced tool
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.1);
    }

    @Test
    void jsonSchemaStaysAnInstructionWithExplicitThinkingOrANonObjectSchema() {
        ObjectNode thinking = translate("""
                {"messages":[{"role":"user","content":"q"}],"max_tokens":8000,"thinking":{"type":"enabled","budget_tokens":2048},
                 "response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"object"}}}}""");
        assertThat(thinking.has("tools")).isFalse();
        assertThat(thinking.get("system").asText()).startsWith("Respond only with a single valid JSON object that conforms");

        ObjectNode array = translate("""
                {"messages":[{"role":"user","content":"q"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"","schema":{"type":"array"}}}}""");
        assertThat(array.has("tools")).isFalse();
        assertThat(AnthropicRequestTranslator.jsonResponseTool(json("""
                {"response_format":{"type":"json_schema","json_schema":{"name":"","schema":{"type":"object"}}}}"""), REASONING))
                .contains(AnthropicRequestTranslator.DEFAULT_JSON_TOOL);
    }

    @Test
    void theForcedToolsInputComesBackAsContentWithFinishStop() {
        AnthropicResponseTranslator.Translated t = AnthropicResponseTranslator.toCompletion(json("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"tool_use","id":"toolu_1","name":"city_answer_","input":{"city":"Paris"}}],
                 "stop_reason":"tool_use","usage":{"input_tokens":10,"output_tokens":7}}"""), "m", 1L,
                AnthropicRequestTranslator.jsonResponseTool(json(SCHEMA_REQUEST), REASONING));

        assertThat(canonical(t.completion().at("/choices/0"))).isEqualTo(json("""
                {"index":0,"message":{"role":"assistant","content":"{\\"city\\":\\"Paris\\"}","refusal":null},
                 "logprobs":null,"finish_reason":"stop"}"""));
        // a tool of another name is still a tool call
        AnthropicResponseTranslator.Translated other = AnthropicResponseTranslator.toCompletion(json("""
                {"content":[{"type":"tool_use","id":"toolu_1","name":"f","input":{}}],"stop_reason":"tool_use",
                 "usage":{"input_tokens":1,"output_tokens":1}}"""), "m", 1L, Optional.of("city_answer_"));
        assertThat(other.completion().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    // ---------------------------------------------------------------- stream

    private static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json.replace("\n", "") + "\n\n";
    }

    private static List<String> deltas(String request, String... events) {
        VendorCall call = new VendorCall(REASONING,
                new VendorSpec("anthropic", VendorApi.ANTHROPIC_MESSAGES, URI.create("http://unused"), "anthropic", null, null),
                "sk-ant-test", json(request), "req-1");
        List<ObjectNode> chunks = new ArrayList<>();
        StreamOutcome outcome = new AnthropicStreamTranslator(call, chunks::add)
                .readAll(new ByteArrayInputStream(String.join("", events).getBytes(StandardCharsets.UTF_8)));
        assertThat(outcome).isInstanceOf(StreamOutcome.Finished.class);
        return chunks.stream().map(c -> c.has("usage") ? "usage" : c.at("/choices/0/delta").toString()
                + (c.at("/choices/0/finish_reason").isNull() ? "" : " " + c.at("/choices/0/finish_reason").asText())).toList();
    }

    private static final String START = event("message_start", """
            {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[],"usage":{"input_tokens":10,"output_tokens":1}}}""");
    private static final String STOP = event("message_stop", "{\"type\":\"message_stop\"}");

    private static String delta(int index, String delta) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}");
    }

    private static String blockStart(int index, String block) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":" + block + "}");
    }

    private static String blockStop(int index) {
        return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    private static String messageDelta(String stopReason) {
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\"},\"usage\":{\"output_tokens\":9}}");
    }

    @Test
    void thinkingSignaturesAndRedactedBlocksStreamInOrderBeforeText() {
        List<String> deltas = deltas("{\"messages\":[]}", START,
                blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}"),
                delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"Let me \"}"),
                delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"think.\"}"),
                delta(0, "{\"type\":\"signature_delta\",\"signature\":\"sig-A\"}"),
                blockStop(0),
                blockStart(1, "{\"type\":\"redacted_thinking\",\"data\":\"opaque-B\"}"),
                blockStop(1),
                blockStart(2, "{\"type\":\"text\",\"text\":\"\"}"),
                delta(2, "{\"type\":\"text_delta\",\"text\":\"Hi.\"}"),
                blockStop(2),
                messageDelta("end_turn"), STOP);

        assertThat(deltas).containsExactly(
                "{\"role\":\"assistant\",\"content\":\"\"}",
                "{\"reasoning_content\":\"Let me \"}",
                "{\"reasoning_content\":\"think.\"}",
                "{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"sig-A\"}]}",
                "{\"thinking_blocks\":[{\"type\":\"redacted_thinking\",\"data\":\"opaque-B\"}]}",
                "{\"content\":\"Hi.\"}",
                "{} stop",
                "usage");
    }

    @Test
    void aSignatureThatCameWithTheBlockStartIsSentAtTheBlocksEnd() {
        List<String> deltas = deltas("{\"messages\":[]}", START,
                blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"early\"}"),
                delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"x\"}"),
                blockStop(0),
                messageDelta("end_turn"), STOP);
        assertThat(deltas).containsExactly(
                "{\"role\":\"assistant\",\"content\":\"\"}",
                "{\"reasoning_content\":\"x\"}",
                "{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"early\"}]}",
                "{} stop",
                "usage");
    }

    @Test
    void theForcedToolsInputStreamsAsContentWithFinishStop() {
        List<String> deltas = deltas(SCHEMA_REQUEST, START,
                blockStart(0, "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"city_answer_\",\"input\":{}}"),
                delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\"}"),
                delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}"),
                delta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}"),
                blockStop(0),
                messageDelta("tool_use"), STOP);
        assertThat(deltas).containsExactly(
                "{\"role\":\"assistant\",\"content\":\"\"}",
                "{\"content\":\"{\\\"city\\\": \"}",
                "{\"content\":\"\\\"Paris\\\"}\"}",
                "{} stop",
                "usage");
    }
}
