package com.gaterouter.router.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.chat.ChatRequestParser;
import com.gaterouter.router.messages.MessagesRequestTranslator.Mode;
import org.junit.jupiter.api.Test;

/** Anthropic Messages requests as the normal form, block by block; and the 400s in Anthropic's words. */
class MessagesRequestTranslatorTest {

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Translates and checks the normal form is one the chat parser accepts. */
    private static ObjectNode normal(String body) {
        var translation = MessagesRequestTranslator.translate(json(body), Mode.CREATE);
        assertThat(translation).isInstanceOf(MessagesRequestTranslator.Translated.class);
        ObjectNode out = ((MessagesRequestTranslator.Translated) translation).normalForm();
        assertThat(new ChatRequestParser().parse(out)).as("the normal form parses: %s", out)
                .isInstanceOf(ChatRequestParser.Valid.class);
        return out;
    }

    private static ApiError rejected(String body) {
        var translation = MessagesRequestTranslator.translate(json(body), Mode.CREATE);
        assertThat(translation).isInstanceOf(MessagesRequestTranslator.Rejected.class);
        return ((MessagesRequestTranslator.Rejected) translation).error();
    }

    /** The error's message as Anthropic's SDKs show it. */
    private static String anthropicMessage(ApiError error) {
        return AnthropicErrors.body(error, "req-1").path("error").path("message").asText();
    }

    @Test
    void aPlainRequestKeepsModelMaxTokensSamplingAndUser() {
        ObjectNode out = normal("""
                {"model":"claude-sonnet-4-5","max_tokens":300,"temperature":0.5,"top_p":0.9,"top_k":40,
                 "stop_sequences":["END","STOP"],"metadata":{"user_id":"u-42"},"service_tier":"auto",
                 "messages":[{"role":"user","content":"Hello"}]}""");
        assertThat(out).isEqualTo(json("""
                {"model":"claude-sonnet-4-5","max_tokens":300,"temperature":0.5,"top_p":0.9,"top_k":40,"stop":["END","STOP"],
                 "user":"u-42","messages":[{"role":"user","content":"Hello"}]}"""));
    }

    @Test
    void aStreamAlwaysAsksForUsage() {
        ObjectNode out = normal("""
                {"model":"m","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""");
        assertThat(out.get("stream").asBoolean()).isTrue();
        assertThat(out.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void systemTextBlocksBecomeOneSystemMessageKeepingCacheControl() {
        ObjectNode out = normal("""
                {"model":"m","max_tokens":10,
                 "system":[{"type":"text","text":"You are terse."},{"type":"text","text":"Big context","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"Q","cache_control":{"type":"ephemeral"}}]}]}""");
        assertThat(out.get("messages")).isEqualTo(json("""
                {"m":[{"role":"system","content":[{"type":"text","text":"You are terse."},
                                                  {"type":"text","text":"Big context","cache_control":{"type":"ephemeral"}}]},
                      {"role":"user","content":[{"type":"text","text":"Q","cache_control":{"type":"ephemeral"}}]}]}""").get("m"));

        ObjectNode plain = normal("""
                {"model":"m","max_tokens":10,"system":"Be brief.","messages":[{"role":"user","content":"Q"}]}""");
        assertThat(plain.at("/messages/0")).isEqualTo(json("{\"role\":\"system\",\"content\":\"Be brief.\"}"));
    }

    @Test
    void imagesBecomeImageUrlPartsFromBase64OrUrl() {
        ObjectNode out = normal("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                  {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"},"cache_control":{"type":"ephemeral"}},
                  {"type":"text","text":"What is this?"}]}]}""");
        assertThat(out.at("/messages/0/content")).isEqualTo(json("""
                {"c":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                      {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"},"cache_control":{"type":"ephemeral"}},
                      {"type":"text","text":"What is this?"}]}""").get("c"));
    }

    @Test
    void documentsBecomeFilePartsOrText() {
        ObjectNode out = normal("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
                  {"type":"document","title":"report.pdf","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}},
                  {"type":"document","source":{"type":"text","media_type":"text/plain","data":"Plain notes"}},
                  {"type":"document","source":{"type":"content","content":[{"type":"text","text":"Chunk one"}]}}]}]}""");
        assertThat(out.at("/messages/0/content")).isEqualTo(json("""
                {"c":[{"type":"file","file":{"filename":"report.pdf","file_data":"data:application/pdf;base64,JVBERi0="}},
                      {"type":"text","text":"Plain notes"},{"type":"text","text":"Chunk one"}]}""").get("c"));

        ApiError url = rejected("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
                  {"type":"document","source":{"type":"url","url":"https://example.com/a.pdf"}}]}]}""");
        assertThat(url.param()).isEqualTo("messages.0.content.0.source.type");
        ApiError citations = rejected("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
                  {"type":"document","citations":{"enabled":true},"source":{"type":"text","media_type":"text/plain","data":"x"}}]}]}""");
        assertThat(citations.param()).isEqualTo("messages.0.content.0.citations");
    }

    @Test
    void aToolLoopRoundTripsThinkingToolUseAndToolResults() {
        ObjectNode out = normal("""
                {"model":"m","max_tokens":4000,"thinking":{"type":"enabled","budget_tokens":2048},
                 "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}},
                           "cache_control":{"type":"ephemeral"}}],
                 "messages":[
                  {"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":[
                     {"type":"thinking","thinking":"I should call the tool.","signature":"sig-1"},
                     {"type":"redacted_thinking","data":"opaque"},
                     {"type":"text","text":"Checking."},
                     {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
                  {"role":"user","content":[
                     {"type":"tool_result","tool_use_id":"toolu_1","content":"18C","is_error":false},
                     {"type":"text","text":"And tomorrow?"}]}]}""");
        JsonNode messages = out.get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(1)).isEqualTo(json("""
                {"role":"assistant","content":"Checking.",
                 "tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}],
                 "thinking_blocks":[{"type":"thinking","thinking":"I should call the tool.","signature":"sig-1"},
                                    {"type":"redacted_thinking","data":"opaque"}]}"""));
        assertThat(messages.get(2)).as("the result first, right after the call").isEqualTo(json("""
                {"role":"tool","tool_call_id":"toolu_1","content":"18C"}"""));
        assertThat(messages.get(3)).isEqualTo(json("{\"role\":\"user\",\"content\":\"And tomorrow?\"}"));
        assertThat(out.get("thinking")).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
        assertThat(out.get("tools")).as("tool cache_control dropped").isEqualTo(json("""
                {"t":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                       "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}""").get("t"));
    }

    @Test
    void toolResultsWithTextBlocksAndCacheControlAndNoContent() {
        ObjectNode out = normal("""
                {"model":"m","max_tokens":10,"tools":[{"name":"a","input_schema":{"type":"object"}},{"name":"b","input_schema":{"type":"object"}}],
                 "messages":[{"role":"user","content":"go"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"a","input":{}},{"type":"tool_use","id":"t2","name":"b","input":{}}]},
                  {"role":"user","content":[
                     {"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"one"},{"type":"text","text":"two"}],"is_error":true},
                     {"type":"tool_result","tool_use_id":"t2","cache_control":{"type":"ephemeral"}}]}]}""");
        JsonNode messages = out.get("messages");
        assertThat(messages.get(1).get("content").isNull()).as("only tool calls: no content").isTrue();
        assertThat(messages.get(2)).isEqualTo(json("""
                {"role":"tool","tool_call_id":"t1","content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]}"""));
        assertThat(messages.get(3)).isEqualTo(json("""
                {"role":"tool","tool_call_id":"t2","content":[{"type":"text","text":"","cache_control":{"type":"ephemeral"}}]}"""));
        assertThat(messages).hasSize(4);
    }

    @Test
    void unsignedThinkingIsNotReplayed() {
        ObjectNode out = normal("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Q"},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"from another vendor","signature":""},{"type":"text","text":"A"}]},
                  {"role":"user","content":"Q2"}]}""");
        assertThat(out.at("/messages/1")).isEqualTo(json("{\"role\":\"assistant\",\"content\":\"A\"}"));
    }

    @Test
    void toolChoiceMapsEachKind() {
        String tools = "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}]";
        String base = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + tools + ",";
        assertThat(normal(base + "\"tool_choice\":{\"type\":\"auto\"}}").get("tool_choice").asText()).isEqualTo("auto");
        assertThat(normal(base + "\"tool_choice\":{\"type\":\"any\"}}").get("tool_choice").asText()).isEqualTo("required");
        assertThat(normal(base + "\"tool_choice\":{\"type\":\"none\"}}").get("tool_choice").asText()).isEqualTo("none");
        ObjectNode named = normal(base + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"f\",\"disable_parallel_tool_use\":true}}");
        assertThat(named.get("tool_choice")).isEqualTo(json("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}"));
        assertThat(named.get("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(normal(base + "\"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":false}}").has("parallel_tool_calls"))
                .isFalse();

        ApiError unknown = rejected(base + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"g\"}}");
        assertThat(unknown.param()).isEqualTo("tool_choice.tool.name");
        ObjectNode noTools = normal("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tool_choice\":{\"type\":\"auto\"}}");
        assertThat(noTools.has("tool_choice")).as("nothing to choose from").isFalse();
    }

    @Test
    void serverToolsAreRefusedByName() {
        ApiError error = rejected("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"x"}],
                 "tools":[{"name":"f","input_schema":{"type":"object"}},
                          {"type":"web_search_20250305","name":"web_search","max_uses":3},
                          {"type":"bash_20250124","name":"bash"}]}""");
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.param()).isEqualTo("tools");
        assertThat(anthropicMessage(error)).startsWith("tools: Anthropic server tools are not supported")
                .contains("web_search_20250305 (web_search)").contains("bash_20250124 (bash)");
        assertThat(normal("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"x"}],
                 "tools":[{"type":"custom","name":"f","input_schema":{"type":"object"}}]}""").at("/tools/0/function/name").asText())
                .isEqualTo("f");
    }

    @Test
    void fieldsThatWouldChangeBehaviourAreRefusedHarmlessOnesIgnored() {
        String base = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],";
        assertThat(rejected(base + "\"mcp_servers\":[{\"type\":\"url\",\"url\":\"https://mcp\",\"name\":\"x\"}]}").param())
                .isEqualTo("mcp_servers");
        assertThat(rejected(base + "\"container\":\"c1\"}").param()).isEqualTo("container");
        assertThat(rejected(base + "\"context_management\":{\"edits\":[{\"type\":\"clear_tool_uses_20250919\"}]}}").param())
                .isEqualTo("context_management");
        assertThat(normal(base + "\"mcp_servers\":[],\"service_tier\":\"standard_only\"}").has("mcp_servers")).isFalse();
        ApiError extra = rejected(base + "\"frequency_penalty\":1}");
        assertThat(anthropicMessage(extra)).isEqualTo("frequency_penalty: Extra inputs are not permitted");
    }

    @Test
    void outputFormatBecomesAJsonSchemaResponseFormat() {
        ObjectNode out = normal("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"x"}],
                 "output_format":{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"string"}}}}}""");
        assertThat(out.get("response_format")).isEqualTo(json("""
                {"type":"json_schema","json_schema":{"name":"output","schema":{"type":"object","properties":{"a":{"type":"string"}}}}}"""));
    }

    @Test
    void currentFieldsOutputConfigAutomaticCachingInferenceGeoAndAdaptiveThinking() {
        ObjectNode out = normal("""
                {"model":"m","max_tokens":2000,"cache_control":{"type":"ephemeral"},"speed":"fast","diagnostics":{"previous_message_id":"msg_1"},
                 "inference_geo":"global","thinking":{"type":"adaptive"},
                 "output_config":{"effort":"low","format":{"type":"json_schema","schema":{"type":"object"}}},
                 "messages":[{"role":"user","content":"first"},{"role":"assistant","content":"ok"},{"role":"user","content":"last"}]}""");
        assertThat(out.at("/messages/2")).as("automatic caching: a breakpoint on the last block").isEqualTo(json("""
                {"role":"user","content":[{"type":"text","text":"last","cache_control":{"type":"ephemeral"}}]}"""));
        assertThat(out.at("/messages/0/content").asText()).isEqualTo("first");
        assertThat(out.at("/response_format/json_schema/schema")).isEqualTo(json("{\"type\":\"object\"}"));
        assertThat(out.has("thinking")).as("adaptive: the model's default").isFalse();
        assertThat(out.has("reasoning_effort")).isFalse();
        ApiError geo = rejected("""
                {"model":"m","max_tokens":5,"inference_geo":"us","messages":[{"role":"user","content":"x"}]}""");
        assertThat(geo.param()).isEqualTo("inference_geo");
    }

    @Test
    void moreThanFourStopSequencesAreRefusedNotTruncated() {
        ApiError error = rejected("""
                {"model":"m","max_tokens":10,"stop_sequences":["a","b","c","d","e"],"messages":[{"role":"user","content":"x"}]}""");
        assertThat(error.param()).isEqualTo("stop_sequences");
        assertThat(anthropicMessage(error)).contains("at most 4");
    }

    @Test
    void validationErrorsNameTheFieldTheAnthropicWay() {
        assertThat(anthropicMessage(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")))
                .isEqualTo("max_tokens: Field required");
        assertThat(anthropicMessage(rejected("{\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")))
                .isEqualTo("model: Field required");
        assertThat(anthropicMessage(rejected("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":5}]}")))
                .isEqualTo("messages.0.content: Input should be a valid string or a list of content blocks");
        assertThat(anthropicMessage(rejected("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}")))
                .isEqualTo("messages.0.role: Input should be 'user' or 'assistant'");
        assertThat(anthropicMessage(rejected("""
                {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text","text":"a"},
                  {"type":"image","source":{"type":"base64","media_type":"image/bmp","data":"AA=="}}]}]}""")))
                .isEqualTo("messages.0.content.1.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
        assertThat(anthropicMessage(rejected("""
                {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"search_result","source":"s","title":"t","content":[]}]}]}""")))
                .startsWith("messages.0.content.0.type: content blocks of type 'search_result' are not supported");
        assertThat(anthropicMessage(rejected("""
                {"model":"m","max_tokens":2000,"thinking":{"type":"enabled","budget_tokens":2048},"messages":[{"role":"user","content":"x"}]}""")))
                .isEqualTo("max_tokens: `max_tokens` must be greater than `thinking.budget_tokens`");
        assertThat(anthropicMessage(rejected("{\"model\":\"m\",\"max_tokens\":5,\"temperature\":1.5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))).isEqualTo("temperature: Input should be between 0 and 1");
        ApiError notJson = ((MessagesRequestTranslator.Rejected) MessagesRequestTranslator.translate("{".getBytes(), Mode.CREATE)).error();
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(AnthropicErrors.body(notJson, "r").at("/error/type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void countTokensNeedsNoMaxTokensAndIgnoresGenerationFields() {
        var translation = MessagesRequestTranslator.translate(json("""
                {"model":"m","system":"S","messages":[{"role":"user","content":"x"}],"stream":true}"""), Mode.COUNT_TOKENS);
        ObjectNode out = ((MessagesRequestTranslator.Translated) translation).normalForm();
        assertThat(out.has("max_tokens")).isFalse();
        assertThat(out.has("stream")).isFalse();
        assertThat(out.get("messages")).hasSize(2);
    }
}
