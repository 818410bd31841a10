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

class DeepSeekTest extends SimulatorTestBase {

    @Test
    void chatUsageCarriesCacheHitAndMissThatAddUp() {
        String longText = "cache me ".repeat(700);
        for (String text : new String[] {"short question", longText}) {
            JsonNode body = post(deepSeekChat(), """
                    {"model":"deepseek-chat","messages":[{"role":"user","content":"%s"}]}""".formatted(text)).json();
            assertThat(body.path("object").asText()).isEqualTo("chat.completion");
            JsonNode usage = body.path("usage");
            int prompt = usage.path("prompt_tokens").asInt();
            int hit = usage.path("prompt_cache_hit_tokens").asInt();
            assertThat(hit + usage.path("prompt_cache_miss_tokens").asInt()).isEqualTo(prompt);
            assertThat(hit).isEqualTo(prompt > 1024 ? prompt / 2 : 0);
            assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(hit);
        }
    }

    @Test
    void v1PathAlsoWorks() {
        SimHttp.Reply reply = post(URI.create(sim.deepSeekBaseUrl() + "/v1/chat/completions"), """
                {"model":"deepseek-chat","messages":[{"role":"user","content":"hi"}]}""");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(sim.requestCount(SimVendor.DEEPSEEK)).isEqualTo(1);
        assertThat(sim.requestCount(SimVendor.OPENAI)).isZero();
    }

    @Test
    void reasonerReturnsReasoningContentAndTokens() {
        JsonNode body = post(deepSeekChat(), """
                {"model":"deepseek-reasoner","messages":[{"role":"user","content":"Why is the sky blue?"}]}""").json();
        JsonNode message = body.path("choices").get(0).path("message");
        String reasoning = message.path("reasoning_content").asText();
        assertThat(reasoning).startsWith("Thinking about: Why is the sky blue?");
        JsonNode usage = body.path("usage");
        int reasoningTokens = usage.path("completion_tokens_details").path("reasoning_tokens").asInt();
        assertThat(reasoningTokens).isEqualTo(TokenEstimator.count(reasoning)).isPositive();
        assertThat(usage.path("completion_tokens").asInt())
                .isEqualTo(reasoningTokens + TokenEstimator.count(message.path("content").asText()));

        List<Frame> frames = stream(deepSeekChat(), """
                {"model":"deepseek-reasoner","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Why is the sky blue?"}]}""").frames();
        assertThat(frames.getLast().data()).isEqualTo("[DONE]");
        StringBuilder streamedReasoning = new StringBuilder();
        StringBuilder streamedContent = new StringBuilder();
        boolean contentStarted = false;
        for (Frame f : frames.subList(1, frames.size() - 1)) {
            JsonNode choices = f.json().path("choices");
            if (choices.isEmpty()) {
                assertThat(f.json().path("usage")).isEqualTo(usage);
                continue;
            }
            JsonNode delta = choices.get(0).path("delta");
            if (delta.hasNonNull("reasoning_content")) {
                assertThat(contentStarted).as("reasoning comes before content").isFalse();
                streamedReasoning.append(delta.get("reasoning_content").asText());
            }
            if (delta.hasNonNull("content")) {
                contentStarted = true;
                streamedContent.append(delta.get("content").asText());
            }
        }
        assertThat(streamedReasoning.toString()).isEqualTo(reasoning);
        assertThat(streamedContent.toString()).isEqualTo(message.path("content").asText());
    }

    @Test
    void chatModelHasNoReasoningContent() {
        JsonNode message = post(deepSeekChat(), """
                {"model":"deepseek-chat","messages":[{"role":"user","content":"hi"}]}""").json()
                .path("choices").get(0).path("message");
        assertThat(message.has("reasoning_content")).isFalse();
    }

    @Test
    void embeddingsAreNotADeepSeekRoute() {
        assertThat(post(URI.create(sim.deepSeekBaseUrl() + "/embeddings"), "{}").status()).isEqualTo(404);
    }
}
