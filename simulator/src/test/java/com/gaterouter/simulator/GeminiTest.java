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

class GeminiTest extends SimulatorTestBase {

    private static final String HELLO = """
            {"systemInstruction":{"parts":[{"text":"Be brief."}]},
             "contents":[{"role":"user","parts":[{"text":"What is the capital of France?"}]}],
             "generationConfig":{"temperature":0.2,"topP":0.9}}""";

    private static final String WEATHER_TOOL = """
            "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Weather",
              "parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING"}},"required":["city"]}}]}]""";

    @Test
    void generateContentShapeAndUsage() {
        SimHttp.Reply reply = post(gemini("gemini-2.0-flash", "generateContent"), HELLO, "x-goog-api-key", "AIza-test");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        JsonNode candidate = body.path("candidates").get(0);
        assertThat(candidate.path("content").path("role").asText()).isEqualTo("model");
        assertThat(candidate.path("finishReason").asText()).isEqualTo("STOP");
        assertThat(candidate.path("index").asInt()).isZero();
        String text = candidate.path("content").path("parts").get(0).path("text").asText();
        assertThat(text).startsWith("Simulated reply to: What is the capital of France?");
        assertThat(body.path("modelVersion").asText()).isEqualTo("gemini-2.0-flash");
        assertThat(body.path("responseId").asText()).isNotEmpty();
        JsonNode usage = body.path("usageMetadata");
        assertThat(usage.path("promptTokenCount").asInt()).isEqualTo(3 + (3 + 4) + (3 + 9));
        assertThat(usage.path("candidatesTokenCount").asInt()).isEqualTo(24).isEqualTo(TokenEstimator.count(text));
        assertThat(usage.path("totalTokenCount").asInt()).isEqualTo(usage.path("promptTokenCount").asInt() + 24);
        assertThat(usage.has("thoughtsTokenCount")).isFalse();
    }

    @Test
    void thinkingModelsCountThoughtsInTotalOnly() {
        JsonNode usage = post(gemini("gemini-2.5-flash", "generateContent"), HELLO).json().path("usageMetadata");
        int thoughts = usage.path("thoughtsTokenCount").asInt();
        assertThat(thoughts).isPositive();
        assertThat(usage.path("candidatesTokenCount").asInt()).isEqualTo(24);
        assertThat(usage.path("totalTokenCount").asInt())
                .isEqualTo(usage.path("promptTokenCount").asInt() + usage.path("candidatesTokenCount").asInt() + thoughts);

        JsonNode disabled = post(gemini("gemini-2.5-flash", "generateContent"),
                HELLO.replace("\"topP\":0.9", "\"topP\":0.9,\"thinkingConfig\":{\"thinkingBudget\":0}")).json();
        assertThat(disabled.path("usageMetadata").has("thoughtsTokenCount")).isFalse();

        JsonNode withThoughts = post(gemini("gemini-3-pro-preview", "generateContent"),
                HELLO.replace("\"topP\":0.9", "\"topP\":0.9,\"thinkingConfig\":{\"includeThoughts\":true}")).json();
        JsonNode parts = withThoughts.path("candidates").get(0).path("content").path("parts");
        assertThat(parts.get(0).path("thought").asBoolean()).isTrue();
        assertThat(parts.get(1).has("thought")).isFalse();
    }

    @Test
    void sseStreamUsesCrlfFramesWithoutDoneAndEndsWithFinishReason() {
        SimHttp.StreamRead read = stream(URI.create(gemini("gemini-2.5-flash", "streamGenerateContent") + "?alt=sse"), HELLO);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.error()).isEmpty();
        assertThat(read.raw()).startsWith("data: {").endsWith("}\r\n\r\n").doesNotContain("[DONE]");
        List<JsonNode> frames = read.frames().stream().map(Frame::json).toList();
        assertThat(frames).hasSizeGreaterThan(2);
        assertThat(frames.subList(0, frames.size() - 1))
                .allSatisfy(f -> assertThat(f.path("candidates").get(0).has("finishReason")).isFalse());
        assertThat(frames).allSatisfy(f -> assertThat(f.has("usageMetadata")).isTrue());
        JsonNode last = frames.getLast();
        assertThat(last.path("candidates").get(0).path("finishReason").asText()).isEqualTo("STOP");
        String text = frames.stream().map(f -> f.path("candidates").get(0).path("content").path("parts").get(0).path("text").asText())
                .reduce("", String::concat);

        JsonNode nonStream = post(gemini("gemini-2.5-flash", "generateContent"), HELLO).json();
        assertThat(text).isEqualTo(nonStream.path("candidates").get(0).path("content").path("parts").get(0).path("text").asText());
        assertThat(last.path("usageMetadata")).isEqualTo(nonStream.path("usageMetadata"));
    }

    @Test
    void streamWithoutAltSseIsAJsonArray() {
        SimHttp.Reply reply = post(gemini("gemini-2.0-flash", "streamGenerateContent"), HELLO);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode array = reply.json();
        assertThat(array.isArray()).isTrue();
        assertThat(array.get(array.size() - 1).path("candidates").get(0).path("finishReason").asText()).isEqualTo("STOP");
    }

    @Test
    void functionCallRoundTrip() {
        JsonNode first = post(gemini("gemini-2.0-flash", "generateContent"), """
                {"contents":[{"role":"user","parts":[{"text":"Weather in Paris?"}]}],%s}""".formatted(WEATHER_TOOL)).json();
        JsonNode call = first.path("candidates").get(0).path("content").path("parts").get(0).path("functionCall");
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("args").path("city").asText()).isEqualTo("Paris");
        assertThat(first.path("candidates").get(0).path("finishReason").asText()).isEqualTo("STOP");
        assertThat(first.path("usageMetadata").path("candidatesTokenCount").asInt()).isEqualTo(TokenEstimator.count(call.path("args").toString()));

        List<Frame> frames = stream(URI.create(gemini("gemini-2.0-flash", "streamGenerateContent") + "?alt=sse"), """
                {"contents":[{"role":"user","parts":[{"text":"Weather in Paris?"}]}],%s}""".formatted(WEATHER_TOOL)).frames();
        assertThat(frames.getFirst().json().path("candidates").get(0).path("content").path("parts").get(0).path("functionCall"))
                .isEqualTo(call);

        JsonNode second = post(gemini("gemini-2.0-flash", "generateContent"), """
                {"contents":[
                  {"role":"user","parts":[{"text":"Weather in Paris?"}]},
                  {"role":"model","parts":[{"functionCall":%s}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"temp":19}}}]}],%s}"""
                .formatted(call, WEATHER_TOOL)).json();
        assertThat(second.path("candidates").get(0).path("content").path("parts").get(0).path("text").asText())
                .startsWith("Based on the tool result: {\"temp\":19}");

        JsonNode none = post(gemini("gemini-2.0-flash", "generateContent"), """
                {"contents":[{"role":"user","parts":[{"text":"Weather?"}]}],%s,
                 "toolConfig":{"functionCallingConfig":{"mode":"NONE"}}}""".formatted(WEATHER_TOOL)).json();
        assertThat(none.path("candidates").get(0).path("content").path("parts").get(0).has("text")).isTrue();
    }

    @Test
    void maxOutputTokensAndJsonOutput() {
        JsonNode limited = post(gemini("gemini-2.0-flash", "generateContent"), """
                {"contents":[{"parts":[{"text":"Long story"}]}],"generationConfig":{"maxOutputTokens":6}}""").json();
        assertThat(limited.path("candidates").get(0).path("finishReason").asText()).isEqualTo("MAX_TOKENS");
        assertThat(limited.path("usageMetadata").path("candidatesTokenCount").asInt()).isEqualTo(6);

        JsonNode json = post(gemini("gemini-2.0-flash", "generateContent"), """
                {"contents":[{"parts":[{"text":"Recipe"}]}],"generationConfig":{"responseMimeType":"application/json",
                 "responseSchema":{"type":"OBJECT","properties":{"recipe_name":{"type":"STRING"},"minutes":{"type":"INTEGER"}}}}}""").json();
        JsonNode recipe = SimHttp.parse(json.path("candidates").get(0).path("content").path("parts").get(0).path("text").asText());
        assertThat(recipe.path("recipe_name").isTextual()).isTrue();
        assertThat(recipe.path("minutes").isInt()).isTrue();
    }

    @Test
    void snakeCaseFieldsAreAccepted() {
        JsonNode body = post(gemini("gemini-2.0-flash", "generateContent"), """
                {"system_instruction":{"parts":[{"text":"Be brief."}]},
                 "contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generation_config":{"max_output_tokens":2}}""").json();
        assertThat(body.path("usageMetadata").path("candidatesTokenCount").asInt()).isEqualTo(2);
        assertThat(body.path("usageMetadata").path("promptTokenCount").asInt()).isEqualTo(3 + (3 + 4) + (3 + 1));
    }

    @Test
    void errorsUseGoogleShape() {
        SimHttp.Reply missing = post(gemini("gemini-2.0-flash", "generateContent"), "{}");
        assertThat(missing.status()).isEqualTo(400);
        JsonNode error = missing.json().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(400);
        assertThat(error.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.path("message").asText()).contains("contents");

        assertThat(post(gemini("gemini-2.0-flash", "generateContent"), "[1,2").status()).isEqualTo(400);
        SimHttp.Reply badRole = post(gemini("gemini-2.0-flash", "generateContent"), """
                {"contents":[{"role":"assistant","parts":[{"text":"x"}]}]}""");
        assertThat(badRole.json().path("error").path("message").asText()).contains("valid role");

        SimHttp.Reply unknown = post(gemini("gemini-2.0-flash", "explode"), "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("status").asText()).isEqualTo("NOT_FOUND");
        assertThat(SimHttp.get(gemini("gemini-2.0-flash", "generateContent")).status()).isEqualTo(405);
    }

    @Test
    void countTokensAndModels() {
        JsonNode counted = post(gemini("gemini-2.0-flash", "countTokens"), HELLO).json();
        JsonNode usage = post(gemini("gemini-2.0-flash", "generateContent"), HELLO).json().path("usageMetadata");
        assertThat(counted.path("totalTokens")).isEqualTo(usage.path("promptTokenCount"));
        JsonNode models = SimHttp.get(URI.create(sim.geminiBaseUrl() + "/v1beta/models")).json();
        assertThat(models.path("models").get(0).path("name").asText()).startsWith("models/");
    }
}
