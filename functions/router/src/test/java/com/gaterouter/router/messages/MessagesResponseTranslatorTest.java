package com.gaterouter.router.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import org.junit.jupiter.api.Test;

/** Normal-form answers as Anthropic messages. */
class MessagesResponseTranslatorTest {

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void thinkingTextAndToolCallsInAnthropicsOrderWithUsageSplitByCache() {
        JsonNode completion = json("""
                {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"finish_reason":"tool_calls","message":{
                  "role":"assistant","content":"Let me check.","reasoning_content":"Think.",
                  "thinking_blocks":[{"type":"thinking","thinking":"Think.","signature":"sig"},{"type":"redacted_thinking","data":"xyz"}],
                  "tool_calls":[{"id":"toolu_9","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]}}],
                 "usage":{"prompt_tokens":100,"completion_tokens":20}}""");
        var message = MessagesResponseTranslator.toMessage(completion, "msg_1", "anthropic/claude-sonnet-4-5",
                new TokenUsage(100, 30, 50, 20, 5));
        assertThat(json(message.toString())).isEqualTo(json("""
                {"id":"msg_1","type":"message","role":"assistant","model":"anthropic/claude-sonnet-4-5",
                 "content":[{"type":"thinking","thinking":"Think.","signature":"sig"},{"type":"redacted_thinking","data":"xyz"},
                            {"type":"text","text":"Let me check."},
                            {"type":"tool_use","id":"toolu_9","name":"get_weather","input":{"city":"Oslo"}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":20,"cache_creation_input_tokens":50,"cache_read_input_tokens":30,"output_tokens":20,
                          "cache_creation":{"ephemeral_5m_input_tokens":50,"ephemeral_1h_input_tokens":0},"service_tier":"standard"}}"""));
    }

    @Test
    void anotherVendorsReasoningIsAnUnsignedThinkingBlock() {
        JsonNode completion = json("""
                {"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":"42","reasoning_content":"Compute."}}]}""");
        var message = MessagesResponseTranslator.toMessage(completion, "msg_2", "deepseek/deepseek-reasoner", TokenUsage.NONE);
        assertThat(message.get("content")).isEqualTo(json("""
                [{"type":"thinking","thinking":"Compute.","signature":""},{"type":"text","text":"42"}]"""));
        assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
    }

    @Test
    void stopReasonsAndRefusals() {
        assertThat(MessagesResponseTranslator.stopReason("stop", false)).isEqualTo("end_turn");
        assertThat(MessagesResponseTranslator.stopReason("length", true)).isEqualTo("max_tokens");
        assertThat(MessagesResponseTranslator.stopReason("tool_calls", true)).isEqualTo("tool_use");
        assertThat(MessagesResponseTranslator.stopReason("stop", true)).as("a vendor that ends a tool call with stop").isEqualTo("tool_use");
        assertThat(MessagesResponseTranslator.stopReason("content_filter", false)).isEqualTo("refusal");
        assertThat(MessagesResponseTranslator.stopReason(null, false)).isEqualTo("end_turn");

        var refused = MessagesResponseTranslator.toMessage(json("""
                {"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":null,"refusal":"I can't help with that."}}]}"""),
                "msg_3", "openai/gpt-4o", TokenUsage.NONE);
        assertThat(refused.get("stop_reason").asText()).isEqualTo("refusal");
        assertThat(refused.at("/content/0/text").asText()).isEqualTo("I can't help with that.");
    }

    @Test
    void argumentsThatAreNotAJsonObjectBecomeAnEmptyInput() {
        assertThat(MessagesResponseTranslator.input("{\"a\":1}")).isEqualTo(json("{\"a\":1}"));
        assertThat(MessagesResponseTranslator.input("{\"a\":")).isEqualTo(json("{}"));
        assertThat(MessagesResponseTranslator.input("[1]")).isEqualTo(json("{}"));
        assertThat(MessagesResponseTranslator.input("")).isEqualTo(json("{}"));
    }

    @Test
    void anEmptyAnswerHasNoBlocks() {
        var message = MessagesResponseTranslator.toMessage(json("""
                {"choices":[{"finish_reason":"length","message":{"role":"assistant","content":""}}]}"""), "msg_4", "m", TokenUsage.NONE);
        assertThat(message.get("content")).isEmpty();
        assertThat(message.get("stop_reason").asText()).isEqualTo("max_tokens");
    }
}
