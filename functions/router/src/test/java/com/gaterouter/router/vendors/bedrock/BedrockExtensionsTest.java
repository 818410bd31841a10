package com.gaterouter.router.vendors.bedrock;

import static com.gaterouter.router.vendors.JsonFixtures.canonical;
import static com.gaterouter.router.vendors.JsonFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;

/** The normal form's extensions (thinking, top_k, thinking_blocks, json_schema as a forced tool) on Converse. */
class BedrockExtensionsTest {

    private static final String CLAUDE = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final String NOVA = "us.amazon.nova-pro-v1:0";
    private static final String LLAMA = "meta.llama3-70b-instruct-v1:0";

    private static ObjectNode translate(String request, String model) {
        return BedrockRequestTranslator.translate(json(request), model);
    }

    @Test
    void topKGoesToEachFamilysNativeFieldAndIsDroppedElsewhere() {
        String request = "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],\"top_k\":40}";
        assertThat(translate(request, CLAUDE).get("additionalModelRequestFields")).isEqualTo(json("{\"top_k\":40}"));
        assertThat(translate(request, NOVA).get("additionalModelRequestFields")).isEqualTo(json("{\"inferenceConfig\":{\"topK\":40}}"));
        assertThat(translate(request, LLAMA).has("additionalModelRequestFields")).isFalse();
        assertThatThrownBy(() -> translate("{\"messages\":[],\"top_k\":-1}", CLAUDE)).hasMessageContaining("top_k");
    }

    @Test
    void thinkingGoesToClaudesNativeFieldsWithoutTemperatureOrTopK() {
        ObjectNode body = translate("""
                {"messages":[{"role":"user","content":"q"}],"max_tokens":8000,"temperature":0.2,"top_k":5,
                 "thinking":{"type":"enabled","budget_tokens":4096}}""", CLAUDE);
        assertThat(body.get("additionalModelRequestFields"))
                .isEqualTo(json("{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":4096}}"));
        assertThat(canonical(body.get("inferenceConfig"))).isEqualTo(json("{\"maxTokens\":8000}"));

        assertThat(translate("""
                {"messages":[{"role":"user","content":"q"}],"thinking":{"type":"enabled","budget_tokens":4096}}""", NOVA)
                .has("additionalModelRequestFields")).isFalse();
        assertThatThrownBy(() -> translate("""
                {"messages":[],"max_tokens":2000,"thinking":{"type":"enabled","budget_tokens":4096}}""", CLAUDE))
                .hasMessageContaining("thinking.budget_tokens");
        assertThatThrownBy(() -> translate("""
                {"messages":[],"thinking":{"type":"enabled","budget_tokens":4096},"tools":[{"type":"function","function":{"name":"f"}}],
                 "tool_choice":"required"}""", CLAUDE)).hasMessageContaining("tool_choice");
    }

    @Test
    void claudesThinkingBlocksLeadTheAssistantTurnAsReasoningContentAndGoThroughTheSdk() {
        ObjectNode body = translate("""
                {"messages":[{"role":"user","content":"q"},
                  {"role":"assistant","content":"ok","thinking_blocks":[
                     {"type":"thinking","thinking":"hm","signature":"sig"},{"type":"redacted_thinking","data":"AQID"}]},
                  {"role":"user","content":"more"}]}""", CLAUDE);
        assertThat(body.at("/messages/1/content")).isEqualTo(json("""
                {"a":[{"reasoningContent":{"reasoningText":{"text":"hm","signature":"sig"}}},
                      {"reasoningContent":{"redactedContent":"AQID"}},{"text":"ok"}]}""").get("a"));
        assertThat(translate("""
                {"messages":[{"role":"user","content":"q"},
                  {"role":"assistant","content":"ok","thinking_blocks":[{"type":"thinking","thinking":"hm","signature":"sig"}]}]}""", NOVA)
                .at("/messages/1/content")).isEqualTo(json("{\"a\":[{\"text\":\"ok\"}]}").get("a"));

        ConverseRequest sdk = ConverseSdkModel.request(CLAUDE, translate("""
                {"messages":[{"role":"user","content":"q"},
                  {"role":"assistant","content":"ok","thinking_blocks":[
                     {"type":"thinking","thinking":"hm","signature":"sig"},{"type":"redacted_thinking","data":"AQID"}]},
                  {"role":"user","content":"more"}],"max_tokens":8000,"thinking":{"type":"enabled","budget_tokens":2048}}""", CLAUDE));
        List<ContentBlock> assistant = sdk.messages().get(1).content();
        assertThat(assistant.get(0).reasoningContent().reasoningText().signature()).isEqualTo("sig");
        assertThat(assistant.get(1).reasoningContent().redactedContent().asByteArray()).containsExactly(1, 2, 3);
        assertThat(canonical(ConverseSdkModel.json(sdk.additionalModelRequestFields())))
                .isEqualTo(json("{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}}"));
    }

    @Test
    void reasoningContentComesBackAsReasoningContentAndThinkingBlocksThroughTheSdk() {
        ConverseResponse response = ConverseResponse.builder()
                .output(ConverseOutput.fromMessage(Message.builder().role("assistant").content(
                        ContentBlock.fromReasoningContent(ReasoningContentBlock.fromReasoningText(
                                ReasoningTextBlock.builder().text("Thinking.").signature("sig-1").build())),
                        ContentBlock.fromReasoningContent(ReasoningContentBlock.fromRedactedContent(SdkBytes.fromByteArray(new byte[] {1, 2, 3}))),
                        ContentBlock.fromText("Answer.")).build()))
                .stopReason("end_turn").build();

        ObjectNode message = (ObjectNode) BedrockResponseTranslator.completion(ConverseSdkModel.response(response), "id", 1L, "m")
                .at("/choices/0/message");
        assertThat(message.get("content").asText()).isEqualTo("Answer.");
        assertThat(message.get("reasoning_content").asText()).isEqualTo("Thinking.");
        assertThat(message.get("thinking_blocks")).isEqualTo(json("""
                {"a":[{"type":"thinking","thinking":"Thinking.","signature":"sig-1"},{"type":"redacted_thinking","data":"AQID"}]}""").get("a"));
    }

    private static final String SCHEMA_REQUEST = """
            {"messages":[{"role":"user","content":"q"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,
               "schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}}""";

    @Test
    void jsonSchemaIsAForcedToolForClaudeAndNovaAndAnInstructionElsewhere() {
        ObjectNode body = translate(SCHEMA_REQUEST, NOVA);
        assertThat(body.at("/toolConfig/toolChoice")).isEqualTo(json("{\"tool\":{\"name\":\"answer\"}}"));
        assertThat(body.at("/toolConfig/tools/0/toolSpec/inputSchema/json/required/0").asText()).isEqualTo("city");
        assertThat(body.has("system")).isFalse();
        ObjectNode llama = translate(SCHEMA_REQUEST, LLAMA);
        assertThat(llama.has("toolConfig")).isFalse();
        assertThat(llama.at("/system/0/text").asText()).contains("JSON Schema");

        ObjectNode completion = BedrockResponseTranslator.completion(json("""
                {"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"answer","input":{"city":"Paris"}}}]}},
                 "stopReason":"tool_use","usage":{"inputTokens":3,"outputTokens":4}}"""), "id", 1L, "m",
                BedrockRequestTranslator.jsonResponseTool(json(SCHEMA_REQUEST), CLAUDE));
        assertThat(completion.at("/choices/0/message/content").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(completion.at("/choices/0/message").has("tool_calls")).isFalse();
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    private static List<String> stream(Optional<String> jsonTool, String... events) {
        BedrockStreamTranslator t = new BedrockStreamTranslator("id", 1L, "m", 10, jsonTool);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < events.length; i += 2) {
            t.onEvent(events[i], json(events[i + 1])).forEach(c -> out.add(c.has("usage") ? "usage"
                    : c.at("/choices/0/delta").toString() + (c.at("/choices/0/finish_reason").isNull() ? "" : " " + c.at("/choices/0/finish_reason").asText())));
        }
        return out;
    }

    @Test
    void streamedReasoningIsTextThenSignatureAndRedactedBlocksInOrder() {
        assertThat(stream(Optional.empty(),
                "messageStart", "{\"role\":\"assistant\"}",
                "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":\"Hm.\"}}}",
                "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"signature\":\"sig\"}}}",
                "contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"reasoningContent\":{\"redactedContent\":\"AQID\"}}}",
                "contentBlockDelta", "{\"contentBlockIndex\":2,\"delta\":{\"text\":\"Hi\"}}",
                "messageStop", "{\"stopReason\":\"end_turn\"}",
                "metadata", "{\"usage\":{\"inputTokens\":1,\"outputTokens\":2}}"))
                .containsExactly(
                        "{\"role\":\"assistant\",\"content\":\"\"}",
                        "{\"reasoning_content\":\"Hm.\"}",
                        "{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"sig\"}]}",
                        "{\"thinking_blocks\":[{\"type\":\"redacted_thinking\",\"data\":\"AQID\"}]}",
                        "{\"content\":\"Hi\"}",
                        "{} stop",
                        "usage");
    }

    @Test
    void theForcedToolsInputStreamsAsContent() {
        assertThat(stream(Optional.of("answer"),
                "contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"answer\"}}}",
                "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}}}",
                "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"\\\"Paris\\\"}\"}}}",
                "messageStop", "{\"stopReason\":\"tool_use\"}"))
                .containsExactly(
                        "{\"role\":\"assistant\",\"content\":\"\"}",
                        "{\"content\":\"{\\\"city\\\":\"}",
                        "{\"content\":\"\\\"Paris\\\"}\"}",
                        "{} stop");
    }
}
