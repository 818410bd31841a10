package com.gaterouter.router.vendors.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.vendors.JsonFixtures;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorHttpClients;
import com.gaterouter.router.vendors.VendorResult;
import com.gaterouter.router.vendors.VendorTimeouts;
import com.gaterouter.simulator.RecordedRequest;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.SimulatorConfig;
import com.gaterouter.simulator.VendorSimulator;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's extensions against the vendor simulator's Anthropic API: thinking shown and replayed
 * with its signature in a tool loop, and json_schema answered through a forced tool.
 */
class AnthropicExtensionsIT {

    private static final VendorTimeouts TIMEOUTS = new VendorTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(30));
    private static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Current weather for a city",
              "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}""";
    private static final String SCHEMA_FORMAT = """
            {"type":"json_schema","json_schema":{"name":"city_answer","strict":true,
              "schema":{"type":"object","properties":{"city":{"type":"string"},"population":{"type":"integer"}},
                        "required":["city","population"],"additionalProperties":false}}}""";

    private static VendorSimulator sim;
    private static AnthropicClient client;
    private static VendorSpec vendor;

    @BeforeAll
    static void startSimulator() {
        sim = VendorSimulator.start(SimulatorConfig.defaults());
        client = new AnthropicClient(VendorHttpClients.fixed(HttpClient.newBuilder().connectTimeout(TIMEOUTS.connect()).build()), TIMEOUTS);
        vendor = new VendorSpec("anthropic", VendorApi.ANTHROPIC_MESSAGES, sim.anthropicBaseUrl(), "anthropic",
                "ANTHROPIC_BASE_URL", "ANTHROPIC_API_KEY");
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    private static VendorCall call(String request) {
        return new VendorCall(AnthropicThinkingAndStructuredOutputTest.REASONING, vendor, "sk-ant-ext-test-1234",
                JsonFixtures.json(request), "req-" + UUID.randomUUID());
    }

    private static ObjectNode complete(String request) {
        VendorResult result = client.complete(call(request));
        assertThat(result).isInstanceOf(VendorResult.Completed.class);
        return ((VendorResult.Completed) result).completion();
    }

    private static List<ObjectNode> stream(String request) {
        List<ObjectNode> chunks = new ArrayList<>();
        assertThat(client.stream(call(request), chunks::add)).isInstanceOf(StreamOutcome.Finished.class);
        return chunks;
    }

    private static RecordedRequest lastRequest() {
        return sim.requests(SimVendor.ANTHROPIC).getLast();
    }

    @Test
    void thinkingIsShownWithItsSignatureAndReplayedVerbatimInAToolLoop() throws Exception {
        String first = """
                {"model":"m","max_tokens":8000,"thinking":{"type":"enabled","budget_tokens":2048},"tools":[%s],
                 "messages":[{"role":"user","content":"What is the weather in Paris?"}]}""".formatted(WEATHER_TOOL);
        ObjectNode message = (ObjectNode) complete(first).at("/choices/0/message");

        assertThat(Json.MAPPER.readTree(lastRequest().body()).get("thinking"))
                .isEqualTo(JsonFixtures.json("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
        assertThat(message.get("reasoning_content").asText()).isNotEmpty();
        JsonNode block = message.at("/thinking_blocks/0");
        assertThat(block.get("type").asText()).isEqualTo("thinking");
        assertThat(block.get("thinking").asText()).isEqualTo(message.get("reasoning_content").asText());
        assertThat(block.get("signature").asText()).isNotEmpty();
        assertThat(message.at("/tool_calls/0/function/name").asText()).isEqualTo("get_weather");

        // the assistant turn goes back as the client received it, thinking_blocks included
        ObjectNode second = JsonFixtures.json(first);
        ArrayNode messages = (ArrayNode) second.get("messages");
        messages.add(message);
        messages.addObject().put("role", "tool").put("tool_call_id", message.at("/tool_calls/0/id").asText()).put("content", "18 C, sunny");
        complete(second.toString());

        JsonNode replayed = Json.MAPPER.readTree(lastRequest().body()).at("/messages/1/content");
        assertThat(replayed.get(0)).isEqualTo(block);
        assertThat(replayed.get(1).get("type").asText()).isEqualTo("tool_use");
    }

    @Test
    void aStreamedThinkingBlockIsItsReasoningDeltasThenItsSignatureBeforeAnyText() {
        List<ObjectNode> chunks = stream("""
                {"model":"m","max_tokens":8000,"thinking":{"type":"enabled","budget_tokens":2048},
                 "messages":[{"role":"user","content":"Tell me a story about a lighthouse."}]}""");

        StringBuilder reasoning = new StringBuilder();
        int signatureAt = -1;
        int firstContentAt = -1;
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode delta = chunks.get(i).at("/choices/0/delta");
            reasoning.append(delta.path("reasoning_content").asText(""));
            if (delta.has("thinking_blocks")) {
                assertThat(signatureAt).as("one signature").isEqualTo(-1);
                signatureAt = i;
                assertThat(delta.at("/thinking_blocks/0/signature").asText()).isNotEmpty();
                assertThat(delta.at("/thinking_blocks/0/thinking").asText()).isEmpty();
            }
            if (firstContentAt < 0 && !delta.path("content").asText("").isEmpty()) {
                firstContentAt = i;
            }
        }
        assertThat(reasoning).isNotEmpty();
        assertThat(signatureAt).isPositive().isLessThan(firstContentAt);
    }

    @Test
    void jsonSchemaIsAForcedToolWhoseInputIsTheContentBufferedAndStreamed() throws Exception {
        String request = """
                {"model":"m","response_format":%s,"messages":[{"role":"user","content":"Which is the largest city in France?"}]}"""
                .formatted(SCHEMA_FORMAT);
        ObjectNode completion = complete(request);

        JsonNode wire = Json.MAPPER.readTree(lastRequest().body());
        assertThat(wire.get("tool_choice")).isEqualTo(JsonFixtures.json("{\"type\":\"tool\",\"name\":\"city_answer\"}"));
        assertThat(wire.at("/tools/0/input_schema/required")).hasSize(2);
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(completion.at("/choices/0/message").has("tool_calls")).isFalse();
        JsonNode answer = Json.MAPPER.readTree(completion.at("/choices/0/message/content").asText());
        assertThat(answer.get("city").isTextual()).isTrue();
        assertThat(answer.get("population").isIntegralNumber()).isTrue();

        List<ObjectNode> chunks = stream(request);
        StringBuilder content = new StringBuilder();
        chunks.forEach(c -> content.append(c.at("/choices/0/delta/content").asText("")));
        assertThat(chunks).noneMatch(c -> c.at("/choices/0/delta").has("tool_calls"));
        JsonNode streamed = Json.MAPPER.readTree(content.toString());
        assertThat(streamed.fieldNames()).toIterable().containsExactlyInAnyOrder("city", "population");
        assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }
}
