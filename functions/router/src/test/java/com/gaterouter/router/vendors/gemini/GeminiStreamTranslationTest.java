package com.gaterouter.router.vendors.gemini;

import static com.gaterouter.router.vendors.JsonFixtures.json;
import static com.gaterouter.router.vendors.gemini.GeminiFixtures.call;
import static com.gaterouter.router.vendors.gemini.GeminiFixtures.model;
import static com.gaterouter.router.vendors.gemini.GeminiFixtures.reparse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.vendors.OpenAiUsage;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream relay on hand-written Gemini SSE (CRLF frames, no [DONE]). */
class GeminiStreamTranslationTest {

    private final List<ObjectNode> chunks = new ArrayList<>();

    private static String frame(String json) {
        return "data: " + json.replace("\n", "") + "\r\n\r\n";
    }

    private static String text(String text, int candidates, String finish) {
        return frame("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"%s"}]},%s"index":0}],
                 "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":%d,"totalTokenCount":%d,"thoughtsTokenCount":32},
                 "modelVersion":"gemini-2.5-flash","responseId":"r-1"}"""
                .formatted(text, finish == null ? "" : "\"finishReason\":\"" + finish + "\",", candidates, 12 + candidates + 32));
    }

    private StreamOutcome relay(String sse) {
        return relay(new ByteArrayInputStream(sse.getBytes(StandardCharsets.UTF_8)));
    }

    private StreamOutcome relay(InputStream in) {
        return new GeminiStreamTranslator(call(model("gemini-2.5-flash"), URI.create("http://sim"),
                json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}")), chunks::add)
                .readAll(in);
    }

    private String content() {
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.path("choices").forEach(choice -> text.append(choice.path("delta").path("content").asText(""))));
        return text.toString();
    }

    @Test
    void framesBecomeRoleThenDeltasThenFinishThenUsage() {
        StreamOutcome outcome = relay(text("Hello", 1, null) + text(" there", 3, null) + text("", 3, "STOP"));

        assertThat(outcome).isInstanceOf(StreamOutcome.Finished.class);
        assertThat(outcome.usage()).isEqualTo(new TokenUsage(12, 0, 0, 35, 32));
        assertThat(chunks).hasSize(5);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("id").asText()).isEqualTo("r-1");
        });
        assertThat(reparse(chunks.get(0).path("choices").get(0).path("delta"))).isEqualTo(json("{\"role\":\"assistant\",\"content\":\"\"}"));
        assertThat(reparse(chunks.get(1).path("choices").get(0).path("delta"))).isEqualTo(json("{\"content\":\"Hello\"}"));
        assertThat(reparse(chunks.get(2).path("choices").get(0).path("delta"))).isEqualTo(json("{\"content\":\" there\"}"));
        assertThat(chunks.get(3).path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.get(3).path("choices").get(0).path("delta")).isEmpty();
        JsonNode usage = chunks.get(4);
        assertThat(usage.path("choices")).isEmpty();
        assertThat(OpenAiUsage.parse(usage.path("usage"))).isEqualTo(outcome.usage());
        assertThat(usage.path("usage").path("total_tokens").asLong()).isEqualTo(47);
        assertThat(content()).isEqualTo("Hello there");
    }

    @Test
    void textInTheFinishingFrameIsDeliveredBeforeTheFinish() {
        relay(text("All in one", 3, "MAX_TOKENS"));

        assertThat(content()).isEqualTo("All in one");
        assertThat(chunks.get(chunks.size() - 2).path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void thoughtPartsAreNotRelayed() {
        relay(frame("""
                {"candidates":[{"content":{"parts":[{"text":"pondering","thought":true}]},"index":0}],"usageMetadata":{"promptTokenCount":3}}""")
                + text("Answer", 1, "STOP"));

        assertThat(content()).isEqualTo("Answer");
    }

    @Test
    void functionCallsArriveWholeAsIndexedToolCallDeltasAndFinishAsToolCalls() {
        StreamOutcome outcome = relay(frame("""
                {"candidates":[{"content":{"role":"model","parts":[
                   {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                   {"functionCall":{"name":"get_time","args":{}}}]},"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":30,"candidatesTokenCount":9,"totalTokenCount":39}}"""));

        assertThat(outcome).isInstanceOf(StreamOutcome.Finished.class);
        JsonNode calls = chunks.get(1).path("choices").get(0).path("delta").path("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).path("index").asInt()).isZero();
        assertThat(calls.get(0).path("id").asText()).startsWith("call_");
        assertThat(reparse(calls.get(0).path("function"))).isEqualTo(json("{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}"));
        assertThat(calls.get(1).path("index").asInt()).isEqualTo(1);
        assertThat(chunks.get(2).path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void anEndWithoutFinishReasonIsACutMeteredWithTheLastUsage() {
        StreamOutcome outcome = relay(text("Hello", 1, null) + text(" there", 3, null));

        assertThat(outcome).isInstanceOfSatisfying(StreamOutcome.FailedMidStream.class, cut -> {
            assertThat(cut.failure().kind()).isEqualTo(VendorFailure.Kind.CONNECTION);
            assertThat(cut.usage()).isEqualTo(new TokenUsage(12, 0, 0, 35, 32));
        });
        assertThat(chunks).noneMatch(c -> c.has("usage")).noneMatch(c -> !c.path("choices").get(0).path("finish_reason").isNull());
    }

    @Test
    void aCutWithoutAnyUsageIsEstimatedNotFree() {
        StreamOutcome outcome = relay(frame("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello there friend\"}]}}]}"));

        assertThat(outcome).isInstanceOf(StreamOutcome.FailedMidStream.class);
        assertThat(outcome.usage().promptTokens()).isPositive();
        assertThat(outcome.usage().completionTokens()).isEqualTo(5); // 18 characters
    }

    @Test
    void aBrokenConnectionBeforeAnythingIsAFailureBeforeTheFirstChunk() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        StreamOutcome outcome = relay(broken);

        assertThat(outcome).isInstanceOfSatisfying(StreamOutcome.FailedBeforeFirstChunk.class,
                f -> assertThat(f.failure().kind()).isEqualTo(VendorFailure.Kind.CONNECTION));
        assertThat(chunks).isEmpty();
    }

    @Test
    void aBrokenCloseAfterTheFinishingFrameLosesNothing() {
        InputStream then = new SequenceInputStream(
                new ByteArrayInputStream((text("Hi", 1, "STOP")).getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("EOF reached while reading");
                    }
                });

        assertThat(relay(then)).isInstanceOf(StreamOutcome.Finished.class);
        assertThat(chunks.getLast().has("usage")).isTrue();
    }

    @Test
    void anErrorFrameFailsBeforeOrMidStream() {
        String error = frame("{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}");

        StreamOutcome before = relay(error);
        assertThat(before).isInstanceOfSatisfying(StreamOutcome.FailedBeforeFirstChunk.class,
                f -> assertThat(f.failure().kind()).isEqualTo(VendorFailure.Kind.SERVER_ERROR));

        StreamOutcome mid = relay(text("Hello", 1, null) + error);
        assertThat(mid).isInstanceOfSatisfying(StreamOutcome.FailedMidStream.class, f -> {
            assertThat(f.failure().vendorStatus()).isEqualTo(503);
            assertThat(f.usage().completionTokens()).isPositive();
        });
    }

    @Test
    void malformedFramesAndBlockedPromptsFail() {
        assertThat(relay("data: {\"candidates\":[{\"cont\r\n\r\n")).isInstanceOfSatisfying(StreamOutcome.FailedBeforeFirstChunk.class,
                f -> assertThat(f.failure().kind()).isEqualTo(VendorFailure.Kind.MALFORMED_RESPONSE));
        assertThat(relay(frame("{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\"usageMetadata\":{\"promptTokenCount\":4}}")))
                .isInstanceOfSatisfying(StreamOutcome.FailedBeforeFirstChunk.class, f -> {
                    assertThat(f.failure().kind()).isEqualTo(VendorFailure.Kind.CONTENT_FILTERED);
                    assertThat(f.failure().message()).contains("blocked").contains("PROHIBITED_CONTENT");
                });
    }

    @Test
    void aConsumerThatThrowsMeansTheClientIsGone() {
        List<ObjectNode> seen = new ArrayList<>();
        StreamOutcome outcome = new GeminiStreamTranslator(call(model("gemini-2.5-flash"), URI.create("http://sim"),
                json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")), chunk -> {
                    seen.add(chunk);
                    if (seen.size() == 2) {
                        throw new IOException("broken pipe");
                    }
                }).readAll(new ByteArrayInputStream((text("Hello", 1, null) + text(" there", 3, "STOP")).getBytes(StandardCharsets.UTF_8)));

        assertThat(outcome).isInstanceOfSatisfying(StreamOutcome.ClientGone.class,
                gone -> assertThat(gone.usage()).isEqualTo(new TokenUsage(12, 0, 0, 33, 32)));
        assertThat(seen).hasSize(2);
    }
}
