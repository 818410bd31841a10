package com.gaterouter.router.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.testing.JsonArbitraries;
import com.gaterouter.router.chat.ChatRequestParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzz tests of {@code POST /v1/chat/completions}' parser and validator: whatever
 * the body, the answer is a request or the documented 400 in the OpenAI error shape, never an
 * exception (which the transport would turn into a 5xx). Tries per property: {@code jqwik.tries.default}
 * in src/test/resources/junit-platform.properties; seeds are fixed, so a run is repeatable.
 */
class ChatRequestFuzzTest {

    private static final List<String> FIELDS = List.of("model", "messages", "models", "stream", "stream_options", "temperature",
            "top_p", "n", "stop", "max_tokens", "max_completion_tokens", "presence_penalty", "frequency_penalty", "logit_bias",
            "logprobs", "top_logprobs", "user", "seed", "tools", "tool_choice", "parallel_tool_calls", "response_format",
            "metadata", "reasoning_effort", "modalities", "audio", "prediction", "functions", "function_call", "verbosity",
            "role", "content", "type", "text", "image_url", "url", "tool_call_id", "tool_calls", "function", "name",
            "arguments", "parameters", "json_schema", "schema", "include_usage", "refusal", "input_audio", "file");

    private final ChatRequestParser parser = new ChatRequestParser();

    @Property(seed = "1301")
    void arbitraryBytesGetA400OrARequest(@ForAll("brokenBodies") byte[] body) {
        assertAnsweredProperly(parser.parse(body));
    }

    @Property(seed = "1302")
    void arbitraryJsonObjectsGetA400OrARequest(@ForAll("objects") ObjectNode body) {
        assertAnsweredProperly(parser.parse(bytes(body)));
    }

    @Property(seed = "1303")
    void aValidRequestWithOneFieldReplacedGetsA400OrARequest(@ForAll("mutatedRequests") ObjectNode body) {
        assertAnsweredProperly(parser.parse(bytes(body)));
    }

    @Property(seed = "1304")
    void aValidRequestWithOneMessageReplacedGetsA400OrARequest(@ForAll("mutatedMessages") ObjectNode body) {
        assertAnsweredProperly(parser.parse(bytes(body)));
    }

    @Provide
    Arbitrary<byte[]> brokenBodies() {
        return JsonArbitraries.brokenBodies();
    }

    @Provide
    Arbitrary<ObjectNode> objects() {
        return JsonArbitraries.objects(2, FIELDS, 8);
    }

    @Provide
    Arbitrary<ObjectNode> mutatedRequests() {
        return Combinators.combine(Arbitraries.of(FIELDS), JsonArbitraries.values(2, FIELDS)).as((field, value) -> {
            ObjectNode body = base();
            body.set(field, value);
            return body;
        });
    }

    @Provide
    Arbitrary<ObjectNode> mutatedMessages() {
        return JsonArbitraries.objects(2, FIELDS, 5).list().ofMinSize(1).ofMaxSize(4).map(messages -> {
            ObjectNode body = base();
            messages.forEach(m -> {
                if (!m.has("role")) {
                    m.put("role", "user");
                }
                body.withArray("messages").add(m);
            });
            return body;
        });
    }

    private static ObjectNode base() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", "openai/gpt-4o-mini");
        body.putArray("messages").addObject().put("role", "user").put("content", "hi");
        return body;
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A request, or the documented 400: {"error":{"message","type":"invalid_request_error",...}}. */
    private static void assertAnsweredProperly(ChatRequestParser.Parsed parsed) {
        assertThat(parsed).isNotNull();
        if (parsed instanceof ChatRequestParser.Invalid invalid) {
            ApiError error = invalid.error();
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.type()).isEqualTo("invalid_request_error");
            JsonNode json = error.toJson();
            assertThat(json.path("error").path("message").asText()).isNotBlank();
            assertThat(json.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        } else {
            assertThat(((ChatRequestParser.Valid) parsed).request()).isNotNull();
        }
    }
}
