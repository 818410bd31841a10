package com.gaterouter.router.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.ExtraParameters;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.planning.ChatRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tenant's extra-parameters policy in the chat parser: unknown top-level fields are a 400, or dropped and listed. */
class ChatRequestParserDropTest {

    private final ChatRequestParser parser = new ChatRequestParser();

    /** What OpenRouter and LiteLLM clients send besides Chat Completions' own fields. */
    private static final String WITH_EXTRAS = """
            {"model":"openai/gpt-4o-mini","provider":{"order":["openai"],"allow_fallbacks":false},
             "messages":[{"role":"user","content":"hi"}],"transforms":["middle-out"],"route":"fallback",
             "usage":{"include":true},"temperature":0.5,"plugins":[{"id":"web"}],"caching":true,"mock_response":"hello",
             "x_custom":null}""";

    private ChatRequestParser.Parsed parse(String json, ExtraParameters policy) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), policy);
    }

    private static ApiError invalid(ChatRequestParser.Parsed parsed) {
        assertThat(parsed).isInstanceOf(ChatRequestParser.Invalid.class);
        return ((ChatRequestParser.Invalid) parsed).error();
    }

    private static ChatRequest valid(ChatRequestParser.Parsed parsed) {
        assertThat(parsed).as(parsed.toString()).isInstanceOf(ChatRequestParser.Valid.class);
        return ((ChatRequestParser.Valid) parsed).request();
    }

    @Test
    void underRejectAnUnknownFieldIsA400NamingIt() throws Exception {
        ApiError error = invalid(parse(WITH_EXTRAS, ExtraParameters.REJECT));
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.param()).isEqualTo("provider");
        assertThat(error.message()).isEqualTo("Unrecognized request argument supplied: provider");

        // the policy-less overloads are the reject policy: what the other dialects rely on
        assertThat(invalid(parser.parse(WITH_EXTRAS.getBytes(StandardCharsets.UTF_8))).param()).isEqualTo("provider");
        assertThat(invalid(parser.parse((ObjectNode) Json.MAPPER.readTree(WITH_EXTRAS))).param()).isEqualTo("provider");
    }

    @Test
    void underDropUnknownFieldsAreRemovedFromACopyAndListedInTheBodysOrder() throws Exception {
        ObjectNode sent = (ObjectNode) Json.MAPPER.readTree(WITH_EXTRAS);
        String before = sent.toString();
        ChatRequest request = valid(parser.parse(sent, ExtraParameters.DROP));

        assertThat(request.droppedParameters())
                .containsExactly("provider", "transforms", "route", "usage", "plugins", "caching", "mock_response", "x_custom");
        assertThat(request.body().properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("model", "messages", "temperature");
        assertThat(request.body().path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(request.model()).isEqualTo("openai/gpt-4o-mini");
        assertThat(sent.toString()).as("the client's tree is left as it was").isEqualTo(before);
    }

    @Test
    void underDropARequestWithoutExtrasIsTakenAsItIsWithoutACopy() throws Exception {
        ObjectNode sent = (ObjectNode) Json.MAPPER.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ChatRequest request = valid(parser.parse(sent, ExtraParameters.DROP));
        assertThat(request.droppedParameters()).isEmpty();
        assertThat(request.body()).isSameAs(sent);
    }

    @Test
    void underDropABadValueOfAKnownFieldIsStillA400() {
        for (var bad : List.of(
                new String[] {"{\"provider\":{},\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}", "temperature"},
                new String[] {"{\"provider\":{},\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logprobs\":\"yes\"}", "logprobs"},
                new String[] {"{\"provider\":{},\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":0}", "n"},
                new String[] {"{\"provider\":{},\"model\":\"m\",\"messages\":[]}", "messages"},
                new String[] {"{\"provider\":{},\"model\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model"},
                new String[] {"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"provider\":1}],\"stream_options\":{\"include_usage\":1}}",
                        "stream_options.include_usage"})) {
            ApiError error = invalid(parse(bad[0], ExtraParameters.DROP));
            assertThat(error.status()).as(bad[0]).isEqualTo(400);
            assertThat(error.param()).as(bad[0]).isEqualTo(bad[1]);
        }
    }

    @Test
    void underDropMalformedJsonIsStillA400() {
        assertThat(invalid(parse("{\"model\":", ExtraParameters.DROP)).status()).isEqualTo(400);
        assertThat(invalid(parse("[1]", ExtraParameters.DROP)).status()).isEqualTo(400);
    }
}
