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

class OpenAiChatTest extends SimulatorTestBase {

    private static final String HELLO = """
            {"model":"gpt-4o-mini","messages":[
              {"role":"system","content":"You are helpful."},
              {"role":"user","content":"What is the capital of France?"}]}""";

    @Test
    void nonStreamReplyHasOpenAiShapeAndConsistentUsage() {
        SimHttp.Reply reply = post(openAiChat(), HELLO, "Authorization", "Bearer sk-test");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(reply.header("x-request-id")).isPresent();
        JsonNode body = reply.json();
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("created").asLong()).isPositive();
        assertThat(body.path("system_fingerprint").asText()).isNotEmpty();
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        JsonNode message = choice.path("message");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.has("refusal") && message.get("refusal").isNull()).isTrue();
        String content = message.path("content").asText();
        assertThat(content).startsWith("Simulated reply to: What is the capital of France?");

        JsonNode usage = body.path("usage");
        // prompt = 3 priming + per message (3 + content): "You are helpful." 5 tokens, the question 9
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(3 + (3 + 5) + (3 + 9));
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(24).isEqualTo(TokenEstimator.count(content));
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt()).isZero();
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asInt()).isZero();
    }

    @Test
    void repliesAreDeterministic() {
        String a = post(openAiChat(), HELLO).json().path("choices").get(0).path("message").path("content").asText();
        String b = post(openAiChat(), HELLO).json().path("choices").get(0).path("message").path("content").asText();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void streamFramesFollowOpenAiOrderAndMatchNonStreamUsage() {
        String request = HELLO.replace("\"gpt-4o-mini\",", "\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},");
        SimHttp.StreamRead read = stream(openAiChat(), request);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.error()).isEmpty();
        assertThat(read.raw()).doesNotContain("\r\n");
        List<Frame> frames = read.frames();
        assertThat(frames.getLast().data()).isEqualTo("[DONE]");
        List<JsonNode> chunks = frames.subList(0, frames.size() - 1).stream().map(Frame::json).toList();
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.has("usage")).isTrue();
        });
        assertThat(chunks.stream().map(c -> c.path("id").asText()).distinct()).hasSize(1);

        JsonNode first = chunks.getFirst().path("choices").get(0).path("delta");
        assertThat(first.path("role").asText()).isEqualTo("assistant");
        assertThat(first.path("content").asText()).isEmpty();

        JsonNode usageChunk = chunks.getLast();
        assertThat(usageChunk.path("choices")).isEmpty();
        JsonNode finalChunk = chunks.get(chunks.size() - 2);
        assertThat(finalChunk.path("choices").get(0).path("delta").isEmpty()).isTrue();
        assertThat(finalChunk.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        List<JsonNode> contentChunks = chunks.subList(1, chunks.size() - 2);
        assertThat(contentChunks).isNotEmpty().allSatisfy(c -> {
            assertThat(c.path("choices").get(0).path("finish_reason").isNull()).isTrue();
            assertThat(c.path("usage").isNull()).isTrue();
        });
        String streamed = contentChunks.stream().map(c -> c.path("choices").get(0).path("delta").path("content").asText())
                .reduce("", String::concat);

        JsonNode nonStream = post(openAiChat(), HELLO).json();
        assertThat(streamed).isEqualTo(nonStream.path("choices").get(0).path("message").path("content").asText());
        assertThat(usageChunk.path("usage")).isEqualTo(nonStream.path("usage"));
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageAnywhere() {
        String request = HELLO.replace("\"gpt-4o-mini\",", "\"gpt-4o-mini\",\"stream\":true,");
        List<Frame> frames = stream(openAiChat(), request).frames();
        assertThat(frames.getLast().data()).isEqualTo("[DONE]");
        assertThat(frames.subList(0, frames.size() - 1)).allSatisfy(f -> {
            assertThat(f.json().has("usage")).isFalse();
            assertThat(f.json().path("choices")).hasSize(1);
        });
    }

    @Test
    void toolCallRoundTrip() {
        String tools = """
                "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"},
                  "unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city"]}}}]""";
        JsonNode first = post(openAiChat(), """
                {"model":"gpt-4o","messages":[{"role":"user","content":"Weather in Paris?"}],%s}""".formatted(tools)).json();
        JsonNode choice = first.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertThat(call.path("id").asText()).startsWith("call_");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        String arguments = call.path("function").path("arguments").asText();
        assertThat(SimHttp.parse(arguments).path("city").asText()).isEqualTo("Paris");
        assertThat(first.path("usage").path("completion_tokens").asInt()).isEqualTo(TokenEstimator.count(arguments));

        // stream: header delta with id and name, then argument fragments that rebuild the same JSON
        List<JsonNode> chunks = stream(openAiChat(), """
                {"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Weather in Paris?"}],%s}"""
                .formatted(tools)).frames().stream().filter(f -> !f.data().equals("[DONE]")).map(Frame::json).toList();
        JsonNode header = chunks.getFirst().path("choices").get(0).path("delta").path("tool_calls").get(0);
        assertThat(header.path("index").asInt()).isZero();
        assertThat(header.path("id").asText()).startsWith("call_");
        assertThat(header.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(header.path("function").path("arguments").asText()).isEmpty();
        String rebuilt = chunks.subList(1, chunks.size() - 1).stream()
                .map(c -> c.path("choices").get(0).path("delta").path("tool_calls").get(0).path("function").path("arguments").asText())
                .reduce("", String::concat);
        assertThat(rebuilt).isEqualTo(arguments);
        assertThat(chunks.getLast().path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");

        // second turn: the tool result comes back, the answer quotes it
        JsonNode second = post(openAiChat(), """
                {"model":"gpt-4o","messages":[
                  {"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"%s","type":"function",
                     "function":{"name":"get_weather","arguments":%s}}]},
                  {"role":"tool","tool_call_id":"%s","content":"{\\"temp_c\\": 21, \\"sky\\": \\"sunny\\"}"}],%s}"""
                .formatted(call.path("id").asText(), SimHttp.MAPPER.valueToTree(arguments), call.path("id").asText(), tools))
                .json();
        assertThat(second.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(second.path("choices").get(0).path("message").path("content").asText())
                .startsWith("Based on the tool result: {\"temp_c\": 21, \"sky\": \"sunny\"}");
    }

    @Test
    void forcedAndDisabledToolChoice() {
        String tools = """
                "tools":[{"type":"function","function":{"name":"a","parameters":{"type":"object"}}},
                         {"type":"function","function":{"name":"b","parameters":{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}}}]""";
        JsonNode forced = post(openAiChat(), """
                {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],%s,
                 "tool_choice":{"type":"function","function":{"name":"b"}}}""".formatted(tools)).json();
        assertThat(forced.path("choices").get(0).path("message").path("tool_calls").get(0).path("function").path("name").asText())
                .isEqualTo("b");
        JsonNode none = post(openAiChat(), """
                {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],%s,"tool_choice":"none"}""".formatted(tools)).json();
        assertThat(none.path("choices").get(0).path("message").has("tool_calls")).isFalse();
        assertThat(none.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void maxTokensTruncatesWithLengthAndStopSequencesStop() {
        JsonNode limited = post(openAiChat(), """
                {"model":"gpt-4o","max_completion_tokens":5,"messages":[{"role":"user","content":"Tell me a story"}]}""").json();
        assertThat(limited.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(limited.path("usage").path("completion_tokens").asInt()).isEqualTo(5);

        JsonNode stopped = post(openAiChat(), """
                {"model":"gpt-4o","stop":["reply"],"messages":[{"role":"user","content":"Tell me a story"}]}""").json();
        assertThat(stopped.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(stopped.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Simulated ");
        assertThat(stopped.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void directivesSetLengthAndText() {
        JsonNode sized = post(openAiChat(), """
                {"model":"gpt-4o","messages":[{"role":"user","content":"Hi [[sim:tokens=50]]"}]}""").json();
        assertThat(sized.path("usage").path("completion_tokens").asInt()).isEqualTo(50);
        String content = sized.path("choices").get(0).path("message").path("content").asText();
        assertThat(content).startsWith("Simulated reply to: Hi ").doesNotContain("[[sim");

        JsonNode exact = post(openAiChat(), """
                {"model":"gpt-4o","messages":[{"role":"user","content":"[[sim:text=Hello, world!]]"}]}""").json();
        assertThat(exact.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Hello, world!");
        assertThat(exact.path("usage").path("completion_tokens").asInt()).isEqualTo(TokenEstimator.count("Hello, world!"));
    }

    @Test
    void jsonResponseFormats() {
        JsonNode object = post(openAiChat(), """
                {"model":"gpt-4o","response_format":{"type":"json_object"},
                 "messages":[{"role":"user","content":"Reply in JSON"}]}""").json();
        assertThat(SimHttp.isJson(object.path("choices").get(0).path("message").path("content").asText())).isTrue();

        JsonNode schema = post(openAiChat(), """
                {"model":"gpt-4o","response_format":{"type":"json_schema","json_schema":{"name":"person","strict":true,
                  "schema":{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},
                    "emails":{"type":"array","items":{"type":"string","format":"email"}}},
                  "required":["name","age","emails"],"additionalProperties":false}}},
                 "messages":[{"role":"user","content":"Who?"}]}""").json();
        JsonNode person = SimHttp.parse(schema.path("choices").get(0).path("message").path("content").asText());
        assertThat(person.path("name").isTextual()).isTrue();
        assertThat(person.path("age").isIntegralNumber()).isTrue();
        assertThat(person.path("emails").get(0).asText()).contains("@");
    }

    @Test
    void reasoningModelsReportReasoningTokens() {
        JsonNode o3 = post(openAiChat(), """
                {"model":"o3-mini","messages":[{"role":"user","content":"Think"}]}""").json();
        JsonNode usage = o3.path("usage");
        int reasoning = usage.path("completion_tokens_details").path("reasoning_tokens").asInt();
        assertThat(reasoning).isPositive();
        String content = o3.path("choices").get(0).path("message").path("content").asText();
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(reasoning + TokenEstimator.count(content));

        JsonNode gpt4o = post(openAiChat(), """
                {"model":"gpt-4o","messages":[{"role":"user","content":"Think"}]}""").json();
        assertThat(gpt4o.path("usage").path("completion_tokens_details").path("reasoning_tokens").asInt()).isZero();
    }

    @Test
    void longPromptsReportHalfAsCached() {
        String longText = "word ".repeat(1100);
        JsonNode usage = post(openAiChat(), """
                {"model":"gpt-4o","messages":[{"role":"user","content":"%s"}]}""".formatted(longText)).json().path("usage");
        int prompt = usage.path("prompt_tokens").asInt();
        assertThat(prompt).isGreaterThan(1024);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(prompt / 2);
    }

    @Test
    void badRequestsGetOpenAiErrors() {
        SimHttp.Reply notJson = post(openAiChat(), "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(notJson.json().path("error").has("param")).isTrue();
        assertThat(notJson.json().path("error").has("code")).isTrue();

        SimHttp.Reply noMessages = post(openAiChat(), "{\"model\":\"gpt-4o\"}");
        assertThat(noMessages.status()).isEqualTo(400);
        assertThat(noMessages.json().path("error").path("param").asText()).isEqualTo("messages");
        assertThat(noMessages.json().path("error").path("message").asText()).contains("messages");

        SimHttp.Reply badRole = post(openAiChat(), "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}");
        assertThat(badRole.status()).isEqualTo(400);

        SimHttp.Reply zeroMax = post(openAiChat(), "{\"model\":\"gpt-4o\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(zeroMax.status()).isEqualTo(400);
        assertThat(zeroMax.json().path("error").path("param").asText()).isEqualTo("max_tokens");

        SimHttp.Reply unknown = post(URI.create(sim.openAiBaseUrl() + "/nothing/here"), "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("message").asText()).contains("Invalid URL");

        SimHttp.Reply wrongMethod = SimHttp.get(openAiChat());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");

        SimHttp.Reply outside = SimHttp.get(URI.create(sim.baseUri() + "/v1/chat/completions"));
        assertThat(outside.status()).isEqualTo(404);
    }

    @Test
    void modelsAreListed() {
        JsonNode models = SimHttp.get(URI.create(sim.openAiBaseUrl() + "/models")).json();
        assertThat(models.path("object").asText()).isEqualTo("list");
        assertThat(models.path("data").get(0).path("object").asText()).isEqualTo("model");
    }
}
