package com.gaterouter.router.vendors.anthropic;

import static com.gaterouter.router.vendors.JsonFixtures.canonical;
import static com.gaterouter.router.vendors.JsonFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.vendors.OpenAiUsage;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request and response mapping, without HTTP. */
class AnthropicTranslationTest {

    static final ModelSpec SONNET = model(64000);

    static ModelSpec model(int maxOutputTokens) {
        return new ModelSpec("anthropic/claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5", 200_000, maxOutputTokens,
                Set.of("tools", "vision"), List.of(), List.of(new ModelPrice(LocalDate.of(2025, 9, 29),
                        3_000_000, 300_000, 3_750_000, 15_000_000)));
    }

    private static ObjectNode translate(String request) {
        return AnthropicRequestTranslator.translate(json(request), SONNET, false);
    }

    private static void assertRejected(String request, String... fragments) {
        assertThatThrownBy(() -> translate(request))
                .isInstanceOf(AnthropicRequestTranslator.UntranslatableRequest.class)
                .message().contains(fragments);
    }

    // ---------------------------------------------------------------- request

    @Test
    void systemAndDeveloperMessagesBecomeOneTopLevelSystemInOrder() {
        ObjectNode body = translate("""
                {"model":"x","messages":[
                  {"role":"system","content":"You are terse."},
                  {"role":"user","content":"Hi"},
                  {"role":"developer","content":[{"type":"text","text":"Answer in French."},{"type":"text","text":"No emoji."}]},
                  {"role":"system","content":"Be kind."}]}""");

        assertThat(body.get("system").asText()).isEqualTo("You are terse.\n\nAnswer in French.\n\nNo emoji.\n\nBe kind.");
        assertThat(body.get("messages")).hasSize(1);
        assertThat(body.get("messages").get(0)).isEqualTo(json("""
                {"role":"user","content":"Hi"}"""));
        assertThat(body.get("model").asText()).isEqualTo("claude-sonnet-4-5");
    }

    @Test
    void partsWithCacheControlKeepTheirBreakpointAsBlocksOnTheFiveMinuteCache() {
        ObjectNode body = translate("""
                {"model":"x","messages":[
                  {"role":"system","content":[{"type":"text","text":"Policy","cache_control":{"type":"ephemeral"}}]},
                  {"role":"user","content":[{"type":"text","text":"Q","cache_control":{"type":"ephemeral","ttl":"1h"}}]}]}""");

        assertThat(body.get("system")).isEqualTo(json("""
                {"a":[{"type":"text","text":"Policy","cache_control":{"type":"ephemeral"}}]}""").get("a"));
        assertThat(body.at("/messages/0/content")).isEqualTo(json("""
                {"a":[{"type":"text","text":"Q","cache_control":{"type":"ephemeral"}}]}""").get("a")); // ttl dropped: one cache-write price
    }

    @Test
    void imagesBecomeBase64OrUrlSourcesAndFilesDocuments() {
        ObjectNode body = translate("""
                {"model":"x","messages":[{"role":"user","content":[
                  {"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}},
                  {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0x"}}]}]}""");

        assertThat(body.at("/messages/0/content")).isEqualTo(json("""
                {"a":[{"type":"text","text":"What is this?"},
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                  {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},
                  {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0x"}}]}""").get("a"));
    }

    @Test
    void badImagesAudioAndFileIdsAreRejectedNamingTheField() {
        assertRejected("""
                {"model":"x","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,abc"}}]}]}""",
                "messages[0].content[0].image_url.url");
        assertRejected("""
                {"model":"x","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}]}]}""",
                "messages[0].content[0].image_url.url");
        assertRejected("""
                {"model":"x","messages":[{"role":"user","content":"a"},{"role":"user","content":[
                  {"type":"input_audio","input_audio":{"data":"AAA","format":"wav"}}]}]}""", "messages[1].content[0]", "audio");
        assertRejected("""
                {"model":"x","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-1"}}]}]}""",
                "messages[0].content[0].file.file_data");
        assertRejected("""
                {"model":"x","messages":[{"role":"function","name":"f","content":"{}"}]}""", "messages[0].role");
    }

    @Test
    void toolCallsBecomeToolUseAndConsecutiveToolResultsOneUserMessage() {
        ObjectNode body = translate("""
                {"model":"x","messages":[
                  {"role":"user","content":"Weather in Paris and Rome?"},
                  {"role":"assistant","content":"Checking.","tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"18C"},
                  {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"21C"}]},
                  {"role":"user","content":"Thanks, and which is warmer?"}]}""");

        assertThat(body.get("messages")).isEqualTo(json("""
                {"a":[
                  {"role":"user","content":"Weather in Paris and Rome?"},
                  {"role":"assistant","content":[
                    {"type":"text","text":"Checking."},
                    {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}},
                    {"type":"tool_use","id":"call_2","name":"get_weather","input":{"city":"Rome"}}]},
                  {"role":"user","content":[
                    {"type":"tool_result","tool_use_id":"call_1","content":"18C"},
                    {"type":"tool_result","tool_use_id":"call_2","content":[{"type":"text","text":"21C"}]},
                    {"type":"text","text":"Thanks, and which is warmer?"}]}]}""").get("a"));
    }

    @Test
    void toolCallsWithoutTextAndEmptyArgumentsTranslate() {
        ObjectNode body = translate("""
                {"model":"x","messages":[{"role":"user","content":"now?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"clock","arguments":""}}]},
                  {"role":"tool","tool_call_id":"c","content":"noon"}]}""");

        assertThat(body.at("/messages/1/content")).isEqualTo(json("""
                {"a":[{"type":"tool_use","id":"c","name":"clock","input":{}}]}""").get("a"));
    }

    @Test
    void invalidToolArgumentsFailTheRequestNamingTheField() {
        assertRejected("""
                {"model":"x","messages":[{"role":"user","content":"q"},
                  {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}},
                                                     {"id":"c2","type":"function","function":{"name":"f","arguments":"{not json"}}]}]}""",
                "messages[1].tool_calls[1].function.arguments", "not valid JSON");
        assertRejected("""
                {"model":"x","messages":[{"role":"user","content":"q"},
                  {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"[1]"}}]}]}""",
                "messages[1].tool_calls[0].function.arguments", "JSON object");
        assertRejected("""
                {"model":"x","messages":[{"role":"tool","content":"r"}]}""", "messages[0].tool_call_id");
    }

    @Test
    void consecutiveSameRoleMessagesMergeSoRolesAlternate() {
        ObjectNode body = translate("""
                {"model":"x","messages":[
                  {"role":"user","content":"one"},{"role":"user","content":"two"},
                  {"role":"assistant","content":"three"},{"role":"assistant","content":[{"type":"text","text":"four"}]},
                  {"role":"user","content":""},{"role":"user","content":"five"}]}""");

        assertThat(body.get("messages")).isEqualTo(json("""
                {"a":[
                  {"role":"user","content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]},
                  {"role":"assistant","content":[{"type":"text","text":"three"},{"type":"text","text":"four"}]},
                  {"role":"user","content":"five"}]}""").get("a"));
    }

    @Test
    void maxTokensPrefersMaxCompletionTokensThenTheModelsLimitThen4096() {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]";
        assertThat(translate("{" + messages + ",\"max_tokens\":100,\"max_completion_tokens\":200}").get("max_tokens").asInt()).isEqualTo(200);
        assertThat(translate("{" + messages + ",\"max_tokens\":100}").get("max_tokens").asInt()).isEqualTo(100);
        assertThat(translate("{" + messages + "}").get("max_tokens").asInt()).isEqualTo(64000);
        assertThat(AnthropicRequestTranslator.translate(json("{" + messages + "}"), model(0), false).get("max_tokens").asInt())
                .isEqualTo(4096);
        assertRejected("{" + messages + ",\"max_tokens\":0}", "max_tokens");
    }

    @Test
    void samplingStopUserAndStreamFlag() {
        ObjectNode body = translate("""
                {"model":"x","messages":[{"role":"user","content":"q"}],
                 "temperature":1.7,"top_p":0.9,"stop":"END","user":"user-42"}""");
        assertThat(body.get("temperature").asDouble()).isEqualTo(1.0);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.get("stop_sequences")).isEqualTo(json("{\"a\":[\"END\"]}").get("a"));
        assertThat(body.at("/metadata/user_id").asText()).isEqualTo("user-42");
        assertThat(body.has("stream")).isFalse();

        ObjectNode other = AnthropicRequestTranslator.translate(json("""
                {"model":"x","messages":[{"role":"user","content":"q"}],"temperature":0.3,"stop":["a","","b"]}"""), SONNET, true);
        assertThat(other.get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(other.get("stop_sequences")).isEqualTo(json("{\"a\":[\"a\",\"b\"]}").get("a"));
        assertThat(other.get("stream").asBoolean()).isTrue();
        assertThat(translate("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],\"temperature\":-1}").get("temperature").asDouble())
                .isEqualTo(0.0);
    }

    @Test
    void toolsBecomeInputSchemas() {
        ObjectNode body = translate("""
                {"model":"x","messages":[{"role":"user","content":"q"}],"tools":[
                  {"type":"function","function":{"name":"get_weather","description":"Weather now","strict":true,
                    "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
                  {"type":"function","function":{"name":"clock"}}]}""");

        assertThat(body.get("tools")).isEqualTo(json("""
                {"a":[{"name":"get_weather","description":"Weather now",
                       "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
                      {"name":"clock","input_schema":{"type":"object","properties":{}}}]}""").get("a"));
        assertThat(body.has("tool_choice")).isFalse();
        assertRejected("""
                {"model":"x","messages":[{"role":"user","content":"q"}],"tools":[{"type":"custom","custom":{"name":"x"}}]}""",
                "tools[0].type");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'\"auto\"'                                         | true  | {\"type\":\"auto\"}",
        "'\"required\"'                                     | true  | {\"type\":\"any\"}",
        "'\"none\"'                                         | true  | {\"type\":\"none\"}",
        "'{\"type\":\"function\",\"function\":{\"name\":\"f\"}}' | true  | {\"type\":\"tool\",\"name\":\"f\"}",
        "'\"auto\"'                                         | false | {\"type\":\"auto\",\"disable_parallel_tool_use\":true}",
        "'\"required\"'                                     | false | {\"type\":\"any\",\"disable_parallel_tool_use\":true}",
        "'{\"type\":\"function\",\"function\":{\"name\":\"f\"}}' | false | {\"type\":\"tool\",\"name\":\"f\",\"disable_parallel_tool_use\":true}",
        "'\"none\"'                                         | false | {\"type\":\"none\"}",
        "null                                               | false | {\"type\":\"auto\",\"disable_parallel_tool_use\":true}",
    })
    void toolChoiceVariants(String choice, boolean parallel, String expected) {
        ObjectNode body = translate("""
                {"model":"x","messages":[{"role":"user","content":"q"}],
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
                 "tool_choice":%s,"parallel_tool_calls":%s}""".formatted(choice, parallel));
        assertThat(body.get("tool_choice")).isEqualTo(json(expected));
    }

    @Test
    void jsonObjectIsEmulatedWithASystemInstruction() {
        ObjectNode jsonObject = translate("""
                {"model":"x","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"q"}],
                 "response_format":{"type":"json_object"}}""");
        assertThat(jsonObject.get("system").asText()).isEqualTo("Be brief.\n\n" + AnthropicRequestTranslator.JSON_OBJECT_INSTRUCTION);

        // with tools of its own, json_schema stays an instruction (the forced tool would hide them)
        ObjectNode jsonSchema = translate("""
                {"model":"x","messages":[{"role":"user","content":"q"}],"tools":[{"type":"function","function":{"name":"f"}}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,
                   "schema":{"type":"object","properties":{"reply":{"type":"string"}},"required":["reply"]}}}}""");
        assertThat(jsonSchema.at("/tools/0/name").asText()).isEqualTo("f");
        assertThat(jsonSchema.get("system").asText())
                .startsWith("Respond only with a single valid JSON object that conforms to this JSON Schema (named \"answer\")")
                .contains("{\"type\":\"object\",\"properties\":{\"reply\":{\"type\":\"string\"}},\"required\":[\"reply\"]}");

        assertThat(translate("""
                {"model":"x","messages":[{"role":"user","content":"q"}],"response_format":{"type":"text"}}""").has("system")).isFalse();
    }

    @Test
    void onlyAnthropicFieldsGoUpstreamAndTheRequestIsNotModified() {
        ObjectNode request = json("""
                {"model":"anthropic/claude","models":["a","b"],"messages":[{"role":"user","content":"q"}],
                 "seed":7,"metadata":{"k":"v"},"service_tier":"auto","store":true,"reasoning_effort":"low",
                 "n":1,"logprobs":false,"stream":true,"stream_options":{"include_usage":true},"presence_penalty":0}""");
        ObjectNode before = request.deepCopy();

        ObjectNode body = AnthropicRequestTranslator.translate(request, SONNET, true);

        assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("model", "max_tokens", "messages", "stream");
        assertThat(request).isEqualTo(before);
    }

    @Test
    void unsupportedParametersAreNamed() {
        assertThat(AnthropicRequestTranslator.unsupportedParameters(json("""
                {"messages":[],"n":2,"logprobs":true,"top_logprobs":3,"logit_bias":{"50256":-100},
                 "presence_penalty":0.5,"frequency_penalty":-0.2,"audio":{"voice":"alloy","format":"mp3"},
                 "modalities":["text","audio"],"functions":[{"name":"f"}],"function_call":"auto","web_search_options":{}}""")))
                .containsExactly("n", "logprobs", "top_logprobs", "logit_bias", "presence_penalty", "frequency_penalty",
                        "audio", "modalities", "functions", "function_call", "web_search_options");

        assertThat(new AnthropicClient(null, null).unsupportedParameters(json("""
                {"messages":[],"n":1,"logprobs":false,"top_logprobs":null,"logit_bias":{},"presence_penalty":0,
                 "frequency_penalty":0.0,"modalities":["text"],"seed":1,"metadata":{"a":"b"},"service_tier":"auto"}""")))
                .isEmpty();
    }

    // ---------------------------------------------------------------- response

    @Test
    void textBlocksAreJoinedThinkingShownAsReasoningAndUsageFolded() {
        AnthropicResponseTranslator.Translated t = AnthropicResponseTranslator.toCompletion(json("""
                {"id":"msg_01abc","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"thinking","thinking":"secret plan","signature":"sig"},
                            {"type":"text","text":"Hello, "},{"type":"text","text":"world."}],
                 "stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":5}}"""),
                "fallback", 1_700_000_000L);

        assertThat(canonical(t.completion())).isEqualTo(json("""
                {"id":"msg_01abc","object":"chat.completion","created":1700000000,"model":"claude-sonnet-4-5",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello, world.","refusal":null,
                               "reasoning_content":"secret plan",
                               "thinking_blocks":[{"type":"thinking","thinking":"secret plan","signature":"sig"}]},
                             "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,
                          "prompt_tokens_details":{"cached_tokens":0,"cache_write_tokens":0}}}"""));
        assertThat(t.usage()).isEqualTo(new TokenUsage(12, 0, 0, 5, 0));
    }

    @Test
    void toolUseBlocksBecomeToolCallsWithJsonStringArguments() {
        AnthropicResponseTranslator.Translated t = AnthropicResponseTranslator.toCompletion(json("""
                {"id":"msg_1","type":"message","role":"assistant","model":"m",
                 "content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris","days":2}}],
                 "stop_reason":"tool_use","usage":{"input_tokens":30,"output_tokens":9}}"""), "m", 1L);

        JsonNode message = t.completion().at("/choices/0/message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.get("tool_calls")).isEqualTo(json("""
                {"a":[{"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\",\\"days\\":2}"}}]}""")
                .get("a"));
        assertThat(t.completion().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @ParameterizedTest
    @CsvSource({"end_turn,stop", "stop_sequence,stop", "max_tokens,length", "tool_use,tool_calls", "refusal,content_filter",
        "pause_turn,stop", "model_context_window_exceeded,length"})
    void stopReasonsMapToFinishReasons(String stopReason, String finishReason) {
        assertThat(AnthropicResponseTranslator.finishReason(stopReason)).isEqualTo(finishReason);
        assertThat(AnthropicResponseTranslator.toCompletion(json("""
                {"id":"m","content":[{"type":"text","text":"x"}],"stop_reason":"%s","usage":{"input_tokens":1,"output_tokens":1}}"""
                .formatted(stopReason)), "m", 1L).completion().at("/choices/0/finish_reason").asText()).isEqualTo(finishReason);
    }

    @Test
    void cacheReadsAndWritesAreFoldedIntoPromptTokensAndKeptApart() {
        TokenUsage usage = AnthropicResponseTranslator.usage(json("""
                {"input_tokens":10,"cache_creation_input_tokens":50,"cache_read_input_tokens":100,"output_tokens":7,
                 "cache_creation":{"ephemeral_5m_input_tokens":50,"ephemeral_1h_input_tokens":0},"service_tier":"standard"}"""));

        assertThat(usage).isEqualTo(new TokenUsage(160, 100, 50, 7, 0));
        assertThat(usage.uncachedPromptTokens()).isEqualTo(10);
        ObjectNode openAi = AnthropicResponseTranslator.openAiUsage(usage);
        assertThat(canonical(openAi)).isEqualTo(json("""
                {"prompt_tokens":160,"completion_tokens":7,"total_tokens":167,
                 "prompt_tokens_details":{"cached_tokens":100,"cache_write_tokens":50}}"""));
        // the shared reader sees the same prompt and cached figures
        assertThat(OpenAiUsage.parse(openAi).promptTokens()).isEqualTo(160);
        assertThat(OpenAiUsage.parse(openAi).cachedPromptTokens()).isEqualTo(100);
    }

    @Test
    void malformedAnswersAreRejected() {
        assertThatThrownBy(() -> AnthropicResponseTranslator.toCompletion(json("{\"id\":\"m\"}"), "m", 1L))
                .isInstanceOf(AnthropicResponseTranslator.MalformedAnswer.class);
        assertThatThrownBy(() -> AnthropicResponseTranslator.toCompletion(json("""
                {"id":"m","content":[],"usage":{"input_tokens":-1,"output_tokens":1}}"""), "m", 1L))
                .isInstanceOf(AnthropicResponseTranslator.MalformedAnswer.class).hasMessageContaining("input_tokens");
        assertThatThrownBy(() -> AnthropicResponseTranslator.toCompletion(json("""
                {"id":"m","content":[]}"""), "m", 1L))
                .isInstanceOf(AnthropicResponseTranslator.MalformedAnswer.class);
    }
}
