package com.gaterouter.router.chat;

import com.gaterouter.router.planning.ChatRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChatRequestParserTest {

    private final ChatRequestParser parser = new ChatRequestParser();

    private ChatRequestParser.Parsed parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsAMinimalRequestAndReadsStreamFlags() {
        var parsed = parse("""
                {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"hi"}],
                 "stream":true,"stream_options":{"include_usage":true}}""");
        assertThat(parsed).isInstanceOf(ChatRequestParser.Valid.class);
        ChatRequest request = ((ChatRequestParser.Valid) parsed).request();
        assertThat(request.model()).isEqualTo("openai/gpt-4o-mini");
        assertThat(request.requested()).extracting(ChatRequest.RequestedModel::id).containsExactly("openai/gpt-4o-mini");
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
    }

    @Test
    void theModelsListFollowsTheModelWithoutRepeats() {
        var parsed = (ChatRequestParser.Valid) parse("""
                {"model":"a/x","models":["b/y","a/x","c/z"],"messages":[{"role":"user","content":"hi"}]}""");
        assertThat(parsed.request().requested()).containsExactly(new ChatRequest.RequestedModel("a/x", "model"),
                new ChatRequest.RequestedModel("b/y", "models[0]"), new ChatRequest.RequestedModel("c/z", "models[2]"));
        var onlyList = (ChatRequestParser.Valid) parse("{\"models\":[\"b/y\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(onlyList.request().model()).isEmpty();
        // an assistant turn that only calls tools has no content
        assertThat(parse("""
                {"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function",
                 "function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"42"}]}"""))
                .isInstanceOf(ChatRequestParser.Valid.class);
    }

    @Test
    void theLimitsAcceptEverythingOpenAiDocumentsAtTheirEdges() {
        assertThat(parse("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"look"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}],
                 "n":128,"top_logprobs":20,"logprobs":true,"temperature":2,"top_p":0,"logit_bias":{"50256":-100,"13":100},
                 "tools":[{"type":"function","function":{"name":"get_weather-v2","description":"d","parameters":{"type":"object"}}},
                          {"type":"function","function":{"name":"b"}}],
                 "tool_choice":{"type":"allowed_tools","allowed_tools":{"mode":"required","tools":[{"type":"function","function":{"name":"b"}}]}}}"""))
                .isInstanceOf(ChatRequestParser.Valid.class);
        assertThat(parse("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f"}}],
                 "tool_choice":{"type":"function","function":{"name":"f"}}}""")).isInstanceOf(ChatRequestParser.Valid.class);
    }

    @Test
    void aRequestWithoutAModelIsRoutedLikeAuto() {
        var parsed = parse("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        var request = ((ChatRequestParser.Valid) parsed).request();
        assertThat(request.auto()).isTrue();
        assertThat(request.requested()).extracting(ChatRequest.RequestedModel::id).containsExactly("auto");
        var named = ((ChatRequestParser.Valid) parse("{\"model\":\"auto\",\"models\":[\"openai/gpt-4o\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).request();
        assertThat(named.auto()).isTrue();
        assertThat(named.requested()).extracting(ChatRequest.RequestedModel::id).containsExactly("auto", "openai/gpt-4o");
    }

    @ParameterizedTest(name = "{0} -> param {1}")
    @CsvSource(delimiter = '|', value = {
            "{not json                                                         | <null>",
            "[1,2]                                                             | <null>",
            "{\"model\":\"m\",\"models\":[\"auto\"],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | models[0]",
            "{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | model",
            "{\"model\":\"m\"}                                                 | messages",
            "{\"model\":\"m\",\"messages\":\"hi\"}                             | messages",
            "{\"model\":\"m\",\"messages\":[]}                                 | messages",
            "{\"model\":\"m\",\"messages\":[\"hi\"]}                           | messages[0]",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\"}]}             | messages[0].role",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"} | stream",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream_options\":1} | stream_options",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}                     | messages[0].content",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"bogus\":1} | bogus",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":3} | temperature",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":0} | max_tokens",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1.5} | max_tokens",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"x\"}]} | tools[0]",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":\"always\"} | tool_choice",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":{\"type\":\"yaml\"}} | response_format.type",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":[1]} | stop",
            "{\"model\":\"m\",\"models\":[], \"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | models",
            "{\"model\":\"m\",\"models\":[\"a\",7], \"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | models[1]",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]} | messages[0].tool_call_id",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":129} | n",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":0} | n",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"top_logprobs\":21} | top_logprobs",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_completion_tokens\":-1} | max_completion_tokens",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"top_p\":1.5} | top_p",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logit_bias\":{\"50256\":-101}} | logit_bias.50256",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logit_bias\":{\"hello\":1}} | logit_bias.hello",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get weather\"}}]} | tools[0].function.name",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"{}\"}}]} | tools[0].function.parameters",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}},{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]} | tools[1].function.name",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}} | tool_choice.function.name",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}} | tool_choice.function.name",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"sometimes\",\"tools\":[]}}} | tool_choice.allowed_tools",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]} | messages[0].content[0].text",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{}}]}]} | messages[0].content[0].image_url.url",
    }, nullValues = "<null>")
    void rejectsBadInputNamingTheField(String body, String param) {
        var parsed = parse(body);
        assertThat(parsed).isInstanceOf(ChatRequestParser.Invalid.class);
        var error = ((ChatRequestParser.Invalid) parsed).error();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.type()).isEqualTo("invalid_request_error");
        assertThat(error.param()).isEqualTo(param);
        assertThat(error.toJson().path("error").path("message").asText()).isNotBlank();
    }
}
