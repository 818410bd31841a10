package com.gaterouter.router.chat;

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
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> param {1}")
    @CsvSource(delimiter = '|', value = {
            "{not json                                                         | <null>",
            "[1,2]                                                             | <null>",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}            | model",
            "{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | model",
            "{\"model\":\"m\"}                                                 | messages",
            "{\"model\":\"m\",\"messages\":\"hi\"}                             | messages",
            "{\"model\":\"m\",\"messages\":[]}                                 | messages",
            "{\"model\":\"m\",\"messages\":[\"hi\"]}                           | messages[0]",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\"}]}             | messages[0].role",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}],\"stream\":\"yes\"} | stream",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}],\"stream_options\":1} | stream_options",
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
