package com.gaterouter.router.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.chat.ChatRequestParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Responses bodies into the normal form (Chat Completions), and the 400s for what the gateway cannot do. */
class ResponsesRequestTranslatorTest {

    private static ObjectNode chat(String body) {
        var translated = ResponsesRequestTranslator.translate(body.getBytes(StandardCharsets.UTF_8));
        assertThat(translated).isInstanceOf(ResponsesRequestTranslator.Translation.class);
        ObjectNode chat = ((ResponsesRequestTranslator.Translation) translated).chat();
        // the normal form is always one the chat parser takes
        assertThat(new ChatRequestParser().parse(chat)).isInstanceOf(ChatRequestParser.Valid.class);
        return chat;
    }

    private static ApiError refused(String body) {
        var translated = ResponsesRequestTranslator.translate(body.getBytes(StandardCharsets.UTF_8));
        assertThat(translated).isInstanceOf(ResponsesRequestTranslator.Refused.class);
        ApiError error = ((ResponsesRequestTranslator.Refused) translated).error();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.type()).isEqualTo("invalid_request_error");
        return error;
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStringInputIsOneUserMessageAndUsageIsAlwaysAskedFor() {
        ObjectNode chat = chat("{\"model\":\"auto\",\"input\":\"Hello\",\"stream\":true}");
        assertThat(chat).isEqualTo(json("""
                {"model":"auto","stream":true,"messages":[{"role":"user","content":"Hello"}],
                 "stream_options":{"include_usage":true}}"""));
    }

    @Test
    void instructionsLeadAsASystemMessage() {
        ObjectNode chat = chat("{\"model\":\"m\",\"instructions\":\"Be brief.\",\"input\":[{\"role\":\"developer\",\"content\":\"Rules\"},"
                + "{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(chat.get("messages")).isEqualTo(json("""
                [{"role":"system","content":"Be brief."},{"role":"developer","content":"Rules"},{"role":"user","content":"Hi"}]"""));
    }

    @Test
    void messageItemsWithAndWithoutTypeAndEveryContentPartKind() {
        ObjectNode chat = chat("""
                {"model":"m","input":[
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"Look"},
                    {"type":"input_image","image_url":"data:image/png;base64,AAAA","detail":"low"},
                    {"type":"input_file","file_data":"data:application/pdf;base64,JVBE","filename":"a.pdf"}]},
                  {"role":"assistant","content":[{"type":"output_text","text":"I see ","annotations":[]},{"type":"output_text","text":"it"}],
                   "id":"msg_1","status":"completed"},
                  {"role":"assistant","content":[{"type":"refusal","refusal":"No."}]},
                  {"role":"user","content":[{"type":"input_text","text":"one part"}]}]}""");
        assertThat(chat.get("messages")).isEqualTo(json("""
                [{"role":"user","content":[{"type":"text","text":"Look"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA","detail":"low"}},
                   {"type":"file","file":{"file_data":"data:application/pdf;base64,JVBE","filename":"a.pdf"}}]},
                 {"role":"assistant","content":"I see it"},
                 {"role":"assistant","content":[{"type":"refusal","refusal":"No."}]},
                 {"role":"user","content":"one part"}]"""));
    }

    @Test
    void functionCallsMergeIntoOneAssistantMessageAndOutputsBecomeToolMessages() {
        ObjectNode chat = chat("""
                {"model":"m","tools":[{"type":"function","name":"a","parameters":{"type":"object"}},{"type":"function","name":"b"}],
                 "input":[
                  {"role":"user","content":"Do both"},
                  {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"opaque"},
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Calling."}]},
                  {"type":"function_call","id":"fc_1","call_id":"call_a","name":"a","arguments":"{}","status":"completed"},
                  {"type":"function_call","call_id":"call_b","name":"b","arguments":"{\\"x\\":1}"},
                  {"type":"function_call_output","call_id":"call_a","output":"A"},
                  {"type":"function_call_output","call_id":"call_b","output":[{"type":"input_text","text":"B1"},{"type":"input_text","text":"B2"}]}]}""");
        assertThat(chat.get("messages")).isEqualTo(json("""
                [{"role":"user","content":"Do both"},
                 {"role":"assistant","content":"Calling.","tool_calls":[
                   {"id":"call_a","type":"function","function":{"name":"a","arguments":"{}"}},
                   {"id":"call_b","type":"function","function":{"name":"b","arguments":"{\\"x\\":1}"}}]},
                 {"role":"tool","tool_call_id":"call_a","content":"A"},
                 {"role":"tool","tool_call_id":"call_b","content":"B1B2"}]"""));
        assertThat(chat.toString()).as("reasoning items are not carried").doesNotContain("opaque");
    }

    @Test
    void aFunctionCallWithoutATextTurnIsAnAssistantMessageOfItsOwn() {
        ObjectNode chat = chat("""
                {"model":"m","input":[{"role":"user","content":"Go"},
                  {"type":"function_call","call_id":"c1","name":"a","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c1","output":"done"},
                  {"type":"function_call","call_id":"c2","name":"a","arguments":"{}"}]}""");
        assertThat(chat.get("messages").get(1)).isEqualTo(json("""
                {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"a","arguments":"{}"}}]}"""));
        assertThat(chat.get("messages").get(3).path("tool_calls").get(0).path("id").asText()).isEqualTo("c2");
        assertThat(chat.get("messages")).hasSize(4);
    }

    @Test
    void functionToolsAndToolChoices() {
        ObjectNode chat = chat("""
                {"model":"m","input":"x","tools":[{"type":"function","name":"get_weather","description":"Weather",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}],
                 "tool_choice":{"type":"function","name":"get_weather"},"parallel_tool_calls":false}""");
        assertThat(chat.get("tools")).isEqualTo(json("""
                [{"type":"function","function":{"name":"get_weather","description":"Weather",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}}]"""));
        assertThat(chat.get("tool_choice")).isEqualTo(json("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"));
        assertThat(chat.get("parallel_tool_calls").asBoolean()).isFalse();

        assertThat(chat("{\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}],\"tool_choice\":\"required\"}")
                .get("tool_choice").asText()).isEqualTo("required");
        assertThat(chat("""
                {"input":"x","tools":[{"type":"function","name":"f"},{"type":"function","name":"g"}],
                 "tool_choice":{"type":"allowed_tools","mode":"auto","tools":[{"type":"function","name":"g"}]}}""")
                .get("tool_choice")).isEqualTo(json("""
                {"type":"allowed_tools","allowed_tools":{"mode":"auto","tools":[{"type":"function","function":{"name":"g"}}]}}"""));
    }

    @Test
    void builtInToolsAreRefusedNamingEachOne() {
        ApiError error = refused("""
                {"model":"m","input":"x","tools":[{"type":"function","name":"f"},{"type":"web_search"},
                  {"type":"code_interpreter","container":{"type":"auto"}},{"type":"mcp","server_label":"s"}]}""");
        assertThat(error.param()).isEqualTo("tools[1].type");
        assertThat(error.message()).contains("web_search, code_interpreter, mcp").contains("not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"web_search_preview", "file_search", "computer_use_preview", "image_generation", "local_shell", "custom"})
    void eachBuiltInToolIsRefused(String type) {
        ApiError error = refused("{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"" + type + "\"}]}");
        assertThat(error.param()).isEqualTo("tools[0].type");
        assertThat(error.message()).contains(type);
    }

    @Test
    void aToolChoiceOfABuiltInOrUndeclaredToolIsRefused() {
        assertThat(refused("{\"input\":\"x\",\"tool_choice\":{\"type\":\"web_search_preview\"}}").message())
                .contains("'web_search_preview' is a built-in tool");
        ApiError undeclared = refused("{\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}],"
                + "\"tool_choice\":{\"type\":\"function\",\"name\":\"g\"}}");
        assertThat(undeclared.param()).isEqualTo("tool_choice.name");
        assertThat(undeclared.message()).contains("'g' is not among the request's tools");
        assertThat(refused("{\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"bad name\"}]}").param())
                .isEqualTo("tools[0].name");
    }

    @Test
    void textFormatsVerbosityReasoningEffortAndMaxOutputTokens() {
        ObjectNode chat = chat("""
                {"model":"m","input":"x","text":{"format":{"type":"json_schema","name":"person","description":"A person",
                  "schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]},"strict":true},
                  "verbosity":"low"},
                 "reasoning":{"effort":"high","summary":"auto"},"max_output_tokens":300,"temperature":0.5,"top_p":0.9}""");
        assertThat(chat.get("response_format")).isEqualTo(json("""
                {"type":"json_schema","json_schema":{"name":"person",
                  "schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]},
                  "description":"A person","strict":true}}"""));
        assertThat(chat.get("verbosity").asText()).isEqualTo("low");
        assertThat(chat.get("reasoning_effort").asText()).isEqualTo("high");
        assertThat(chat.has("reasoning")).as("the summary is not asked for").isFalse();
        assertThat(chat.get("max_completion_tokens").asLong()).isEqualTo(300);
        assertThat(chat.get("temperature").asDouble()).isEqualTo(0.5);
        assertThat(chat.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(chat("{\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_object\"}}}").get("response_format"))
                .isEqualTo(json("{\"type\":\"json_object\"}"));
        assertThat(refused("{\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"p\"}}}").param())
                .isEqualTo("text.format.schema");
    }

    @Test
    void harmlessFieldsAreAcceptedStoreAndIncludeAreNotPassedOn() {
        ObjectNode chat = chat("""
                {"model":"m","input":"x","store":true,"include":["reasoning.encrypted_content"],"truncation":"auto",
                 "metadata":{"k":"v"},"user":"u","safety_identifier":"s","prompt_cache_key":"p","service_tier":"auto",
                 "stream_options":{"include_obfuscation":false},"max_tool_calls":3,"prompt_cache_retention":"24h"}""");
        assertThat(chat.has("store")).isFalse();
        assertThat(chat.has("include")).isFalse();
        assertThat(chat.has("truncation")).isFalse();
        assertThat(chat.has("prompt_cache_retention")).isFalse();
        assertThat(chat.get("metadata")).isEqualTo(json("{\"k\":\"v\"}"));
        assertThat(chat.get("prompt_cache_key").asText()).isEqualTo("p");
        assertThat(chat.get("stream_options")).isEqualTo(json("{\"include_usage\":true}"));
        assertThat(refused("{\"input\":\"x\",\"include\":[\"message.output_text.logprobs\"]}").param()).isEqualTo("include[0]");
        assertThat(refused("{\"input\":\"x\",\"max_output_tokens\":0}").param()).isEqualTo("max_output_tokens");
    }

    @Test
    void whatNeedsStoredStateIsRefusedSayingTheGatewayIsStateless() {
        for (String field : new String[] {"\"previous_response_id\":\"resp_1\"", "\"conversation\":\"conv_1\"", "\"background\":true",
                "\"prompt\":{\"id\":\"pmpt_1\"}"}) {
            ApiError error = refused("{\"model\":\"m\",\"input\":\"x\"," + field + "}");
            assertThat(error.param()).isEqualTo(field.substring(1, field.indexOf('"', 1)));
            assertThat(error.message()).containsAnyOf("stateless", "keeps no");
        }
        ApiError reference = refused("{\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_1\"}]}");
        assertThat(reference.param()).isEqualTo("input[0].type");
        assertThat(reference.message()).contains("stateless");
        assertThat(chat("{\"input\":\"x\",\"background\":false,\"previous_response_id\":null}").get("messages")).hasSize(1);
    }

    @Test
    void fileIdsAndUnknownThingsAreRefusedNamingTheField() {
        assertThat(refused("{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"file_id\":\"file_1\"}]}]}").param())
                .isEqualTo("input[0].content[0].file_id");
        assertThat(refused("{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\",\"file_id\":\"file_1\"}]}]}").param())
                .isEqualTo("input[0].content[0].file_id");
        assertThat(refused("{\"input\":\"x\",\"frequency_penalty\":1}").param()).isEqualTo("frequency_penalty");
        assertThat(refused("{\"input\":[{\"type\":\"web_search_call\",\"id\":\"ws_1\"}]}").param()).isEqualTo("input[0].type");
        assertThat(refused("{\"input\":[{\"role\":\"tool\",\"content\":\"x\"}]}").param()).isEqualTo("input[0].role");
        assertThat(refused("{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"x\"}]}]}").param())
                .isEqualTo("input[0].content[0].type");
        assertThat(refused("{\"input\":[{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":\"{}\"}]}").param())
                .isEqualTo("input[0].call_id");
        assertThat(refused("{\"model\":\"m\"}").param()).isEqualTo("input");
        assertThat(refused("{\"input\":[]}").param()).isEqualTo("input");
        assertThat(refused("{\"input\":[{\"type\":\"reasoning\",\"summary\":[]}]}").param()).isEqualTo("input");
        assertThat(refused("[1]").message()).contains("JSON object");
    }
}
