package com.gaterouter.simulator;

import static com.gaterouter.simulator.SimHttp.post;
import static com.gaterouter.simulator.SimHttp.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.simulator.SimHttp.Frame;
import com.gaterouter.simulator.text.TokenEstimator;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicTest extends SimulatorTestBase {

    private static final String HELLO = """
            {"model":"claude-sonnet-4-5","max_tokens":1024,"system":"Be brief.",
             "messages":[{"role":"user","content":[{"type":"text","text":"What is the capital of France?"}]}]}""";

    private static final String WEATHER_TOOL = """
            "tools":[{"name":"get_weather","description":"Weather for a location",
              "input_schema":{"type":"object","properties":{"location":{"type":"string"},
                "unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location","unit"]}}]""";

    @Test
    void nonStreamMessageShapeAndUsage() {
        SimHttp.Reply reply = post(anthropicMessages(), HELLO, ANTHROPIC_HEADERS);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("request-id")).isPresent();
        JsonNode body = reply.json();
        assertThat(body.path("id").asText()).startsWith("msg_");
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.path("stop_sequence").isNull()).isTrue();
        JsonNode block = body.path("content").get(0);
        assertThat(block.path("type").asText()).isEqualTo("text");
        assertThat(block.path("text").asText()).startsWith("Simulated reply to: What is the capital of France?");
        JsonNode usage = body.path("usage");
        // 3 priming + system (3 + "Be brief." 4) + user (3 + 9)
        assertThat(usage.path("input_tokens").asInt()).isEqualTo(3 + (3 + 4) + (3 + 9));
        assertThat(usage.path("output_tokens").asInt()).isEqualTo(24).isEqualTo(TokenEstimator.count(block.path("text").asText()));
        assertThat(usage.path("cache_creation_input_tokens").asInt()).isZero();
        assertThat(usage.path("cache_read_input_tokens").asInt()).isZero();
    }

    @Test
    void streamIsExactlyAnthropicsEventSequenceWithTheSameUsage() {
        SimHttp.StreamRead read = stream(anthropicMessages(), HELLO.replace("\"max_tokens\":1024,", "\"max_tokens\":1024,\"stream\":true,"),
                ANTHROPIC_HEADERS);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.error()).isEmpty();
        List<Frame> frames = read.frames();
        List<String> names = frames.stream().map(Frame::event).toList();
        int deltas = (int) names.stream().filter("content_block_delta"::equals).count();
        assertThat(deltas).isPositive();
        assertThat(names.subList(0, 3)).containsExactly("message_start", "content_block_start", "ping");
        assertThat(names.subList(3, 3 + deltas)).containsOnly("content_block_delta");
        assertThat(names.subList(3 + deltas, names.size())).containsExactly("content_block_stop", "message_delta", "message_stop");
        // each frame's data "type" repeats its event name
        assertThat(frames).allSatisfy(f -> assertThat(f.json().path("type").asText()).isEqualTo(f.event()));
        assertThat(read.raw()).contains("event: message_start\ndata: {");

        JsonNode start = frames.get(0).json().path("message");
        assertThat(start.path("content")).isEmpty();
        assertThat(start.path("stop_reason").isNull()).isTrue();
        assertThat(start.path("usage").path("output_tokens").asInt()).isEqualTo(1);
        assertThat(frames.get(1).json().path("content_block").path("type").asText()).isEqualTo("text");
        String text = frames.subList(3, 3 + deltas).stream().map(f -> {
            JsonNode delta = f.json().path("delta");
            assertThat(delta.path("type").asText()).isEqualTo("text_delta");
            return delta.path("text").asText();
        }).reduce("", String::concat);
        JsonNode messageDelta = frames.get(frames.size() - 2).json();
        assertThat(messageDelta.path("delta").path("stop_reason").asText()).isEqualTo("end_turn");

        JsonNode nonStream = post(anthropicMessages(), HELLO, ANTHROPIC_HEADERS).json();
        assertThat(text).isEqualTo(nonStream.path("content").get(0).path("text").asText());
        assertThat(start.path("usage").path("input_tokens")).isEqualTo(nonStream.path("usage").path("input_tokens"));
        assertThat(messageDelta.path("usage").path("output_tokens")).isEqualTo(nonStream.path("usage").path("output_tokens"));
    }

    @Test
    void toolUseRoundTrip() {
        JsonNode first = post(anthropicMessages(), """
                {"model":"claude-sonnet-4-5","max_tokens":512,"messages":[{"role":"user","content":"Weather in Paris?"}],%s}"""
                .formatted(WEATHER_TOOL), ANTHROPIC_HEADERS).json();
        assertThat(first.path("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode use = first.path("content").get(0);
        assertThat(use.path("type").asText()).isEqualTo("tool_use");
        assertThat(use.path("id").asText()).startsWith("toolu_");
        assertThat(use.path("name").asText()).isEqualTo("get_weather");
        assertThat(use.path("input").path("location").asText()).isEqualTo("Paris");
        assertThat(use.path("input").path("unit").asText()).isEqualTo("celsius");
        assertThat(first.path("usage").path("output_tokens").asInt()).isEqualTo(TokenEstimator.count(use.path("input").toString()));

        List<Frame> frames = stream(anthropicMessages(), """
                {"model":"claude-sonnet-4-5","max_tokens":512,"stream":true,
                 "messages":[{"role":"user","content":"Weather in Paris?"}],%s}""".formatted(WEATHER_TOOL), ANTHROPIC_HEADERS).frames();
        JsonNode blockStart = frames.get(1).json().path("content_block");
        assertThat(blockStart.path("type").asText()).isEqualTo("tool_use");
        assertThat(blockStart.path("name").asText()).isEqualTo("get_weather");
        assertThat(blockStart.path("input")).isEmpty();
        String partialJson = frames.stream().filter(f -> "content_block_delta".equals(f.event()))
                .map(f -> f.json().path("delta"))
                .peek(d -> assertThat(d.path("type").asText()).isEqualTo("input_json_delta"))
                .map(d -> d.path("partial_json").asText()).reduce("", String::concat);
        assertThat(SimHttp.parse(partialJson)).isEqualTo(use.path("input"));
        assertThat(frames.get(frames.size() - 2).json().path("delta").path("stop_reason").asText()).isEqualTo("tool_use");

        JsonNode second = post(anthropicMessages(), """
                {"model":"claude-sonnet-4-5","max_tokens":512,"messages":[
                  {"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"%s","name":"get_weather","input":%s}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"%s","content":"18C and cloudy"}]}],%s}"""
                .formatted(use.path("id").asText(), use.path("input"), use.path("id").asText(), WEATHER_TOOL), ANTHROPIC_HEADERS).json();
        assertThat(second.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(second.path("content").get(0).path("text").asText()).startsWith("Based on the tool result: 18C and cloudy");
    }

    @Test
    void toolChoiceNoneAndForced() {
        String twoTools = WEATHER_TOOL.replace("}]", "},{\"name\":\"lookup\",\"input_schema\":{\"type\":\"object\"}}]");
        JsonNode forced = post(anthropicMessages(), """
                {"model":"claude-haiku-4-5","max_tokens":100,"messages":[{"role":"user","content":"x"}],%s,
                 "tool_choice":{"type":"tool","name":"lookup"}}""".formatted(twoTools), ANTHROPIC_HEADERS).json();
        assertThat(forced.path("content").get(0).path("name").asText()).isEqualTo("lookup");
        JsonNode none = post(anthropicMessages(), """
                {"model":"claude-haiku-4-5","max_tokens":100,"messages":[{"role":"user","content":"x"}],%s,
                 "tool_choice":{"type":"none"}}""".formatted(twoTools), ANTHROPIC_HEADERS).json();
        assertThat(none.path("content").get(0).path("type").asText()).isEqualTo("text");
    }

    @Test
    void maxTokensAndStopSequences() {
        JsonNode limited = post(anthropicMessages(), """
                {"model":"claude-sonnet-4-5","max_tokens":4,"messages":[{"role":"user","content":"Go on"}]}""", ANTHROPIC_HEADERS).json();
        assertThat(limited.path("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(limited.path("usage").path("output_tokens").asInt()).isEqualTo(4);

        JsonNode stopped = post(anthropicMessages(), """
                {"model":"claude-sonnet-4-5","max_tokens":100,"stop_sequences":["to:"],
                 "messages":[{"role":"user","content":"Go on"}]}""", ANTHROPIC_HEADERS).json();
        assertThat(stopped.path("stop_reason").asText()).isEqualTo("stop_sequence");
        assertThat(stopped.path("stop_sequence").asText()).isEqualTo("to:");
        assertThat(stopped.path("content").get(0).path("text").asText()).isEqualTo("Simulated reply ");
    }

    @Test
    void cacheControlWritesOnceThenReads() {
        String request = """
                {"model":"claude-sonnet-4-5","max_tokens":50,
                 "system":[{"type":"text","text":"%s","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":"Question one"}]}""".formatted("Long reference text. ".repeat(50));
        JsonNode first = post(anthropicMessages(), request, ANTHROPIC_HEADERS).json().path("usage");
        JsonNode second = post(anthropicMessages(), request.replace("Question one", "Question two"), ANTHROPIC_HEADERS).json().path("usage");
        int cached = TokenEstimator.count("Long reference text. ".repeat(50));
        assertThat(first.path("cache_creation_input_tokens").asInt()).isEqualTo(cached);
        assertThat(first.path("cache_read_input_tokens").asInt()).isZero();
        assertThat(second.path("cache_creation_input_tokens").asInt()).isZero();
        assertThat(second.path("cache_read_input_tokens").asInt()).isEqualTo(cached);
        // input_tokens counts only what was neither written nor read: priming, overheads, "Question one"
        assertThat(first.path("input_tokens").asInt()).isEqualTo(second.path("input_tokens").asInt()).isEqualTo(3 + 3 + 3 + 3);
    }

    @Test
    void extendedThinkingAddsAThinkingBlock() {
        String request = """
                {"model":"claude-sonnet-4-5","max_tokens":2048,"thinking":{"type":"enabled","budget_tokens":1024},
                 "messages":[{"role":"user","content":"Ponder"}]}""";
        JsonNode body = post(anthropicMessages(), request, ANTHROPIC_HEADERS).json();
        JsonNode thinking = body.path("content").get(0);
        assertThat(thinking.path("type").asText()).isEqualTo("thinking");
        assertThat(thinking.path("signature").asText()).isNotEmpty();
        assertThat(body.path("content").get(1).path("type").asText()).isEqualTo("text");
        assertThat(body.path("usage").path("output_tokens").asInt()).isEqualTo(
                TokenEstimator.count(thinking.path("thinking").asText()) + TokenEstimator.count(body.path("content").get(1).path("text").asText()));

        List<String> names = stream(anthropicMessages(), request.replace("\"max_tokens\":2048,", "\"max_tokens\":2048,\"stream\":true,"),
                ANTHROPIC_HEADERS).frames().stream().map(Frame::event).toList();
        assertThat(names.subList(0, 3)).containsExactly("message_start", "content_block_start", "ping");
        assertThat(names).containsSubsequence("content_block_stop", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");

        SimHttp.Reply tooSmall = post(anthropicMessages(), request.replace("2048", "1024"), ANTHROPIC_HEADERS);
        assertThat(tooSmall.status()).isEqualTo(400);
    }

    @Test
    void invalidRequestsGetAnthropicErrors() {
        SimHttp.Reply noMax = post(anthropicMessages(), """
                {"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}""", ANTHROPIC_HEADERS);
        assertThat(noMax.status()).isEqualTo(400);
        assertThat(noMax.json().path("type").asText()).isEqualTo("error");
        assertThat(noMax.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(noMax.json().path("error").path("message").asText()).isEqualTo("max_tokens: Field required");

        SimHttp.Reply noVersion = post(anthropicMessages(), HELLO, "x-api-key", "k");
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.json().path("error").path("message").asText()).contains("anthropic-version");

        assertThat(post(anthropicMessages(), "nope", ANTHROPIC_HEADERS).status()).isEqualTo(400);
        assertThat(post(anthropicMessages(), """
                {"model":"m","max_tokens":5,"messages":[{"role":"system","content":"x"}]}""", ANTHROPIC_HEADERS).status()).isEqualTo(400);

        SimHttp.Reply unknown = post(URI.create(sim.anthropicBaseUrl() + "/v1/complete-me"), "{}", ANTHROPIC_HEADERS);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("type").asText()).isEqualTo("not_found_error");
        SimHttp.Reply wrongMethod = SimHttp.get(anthropicMessages(), ANTHROPIC_HEADERS);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().path("type").asText()).isEqualTo("error");
    }

    @Test
    void countTokensMatchesMessageUsage() {
        JsonNode counted = post(URI.create(sim.anthropicBaseUrl() + "/v1/messages/count_tokens"),
                HELLO.replace("\"max_tokens\":1024,", ""), ANTHROPIC_HEADERS).json();
        JsonNode usage = post(anthropicMessages(), HELLO, ANTHROPIC_HEADERS).json().path("usage");
        assertThat(counted.path("input_tokens")).isEqualTo(usage.path("input_tokens"));
    }
}
