package com.gaterouter.router.vendors.anthropic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.vendors.JsonFixtures;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import com.gaterouter.router.vendors.VendorApi;

/** Anthropic SSE → OpenAI chunks on canned streams: the cases the simulator does not produce. */
class AnthropicStreamTranslationTest {

    private static final VendorCall CALL = new VendorCall(AnthropicTranslationTest.SONNET,
            new VendorSpec("anthropic", VendorApi.ANTHROPIC_MESSAGES, URI.create("http://unused"), "anthropic", null, null),
            "sk-ant-test", JsonFixtures.json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}"),
            "req-1");

    private static final String START = event("message_start", """
            {"type":"message_start","message":{"id":"msg_42","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[],"stop_reason":null,"stop_sequence":null,
             "usage":{"input_tokens":20,"cache_creation_input_tokens":30,"cache_read_input_tokens":40,"output_tokens":1}}}""");

    private static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json.replace("\n", "") + "\n\n";
    }

    private static InputStream sse(String... events) {
        return new ByteArrayInputStream(String.join("", events).getBytes(StandardCharsets.UTF_8));
    }

    private final List<ObjectNode> chunks = new ArrayList<>();

    private StreamOutcome read(String... events) {
        return new AnthropicStreamTranslator(CALL, chunks::add).readAll(sse(events));
    }

    @Test
    void thinkingStreamsAsReasoningThenItsSignatureToolBlocksAreNumberedFromZeroAndUsageIsFolded() {
        StreamOutcome outcome = read(START,
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}"),
                event("ping", "{\"type\": \"ping\"}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"s\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Let me check.\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_a\",\"name\":\"weather\",\"input\":{}}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}"),
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":3,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_b\",\"name\":\"clock\",\"input\":{}}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":3}"),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":55}}"),
                event("message_stop", "{\"type\":\"message_stop\"}"));

        assertThat(outcome).isInstanceOf(StreamOutcome.Finished.class);
        assertThat(outcome.usage()).isEqualTo(new TokenUsage(90, 40, 30, 55, 0));
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.get("id").asText()).isEqualTo("msg_42");
            assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.get("created")).isEqualTo(chunks.getFirst().get("created"));
        });
        List<String> deltas = chunks.stream().map(c -> c.path("choices").path(0).path("delta").toString()).toList();
        assertThat(deltas).containsExactly(
                "{\"role\":\"assistant\",\"content\":\"\"}",
                "{\"reasoning_content\":\"hmm\"}",
                "{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"s\"}]}",
                "{\"content\":\"Let me check.\"}",
                "{\"tool_calls\":[{\"index\":0,\"id\":\"toolu_a\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]}",
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}",
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}",
                "{\"tool_calls\":[{\"index\":1,\"id\":\"toolu_b\",\"type\":\"function\",\"function\":{\"name\":\"clock\",\"arguments\":\"\"}}]}",
                "{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]}",
                "{}",
                "");
        assertThat(chunks.get(9).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode last = chunks.getLast();
        assertThat(last.get("choices")).isEmpty();
        assertThat(JsonFixtures.canonical(last.get("usage"))).isEqualTo(JsonFixtures.json("""
                {"prompt_tokens":90,"completion_tokens":55,"total_tokens":145,
                 "prompt_tokens_details":{"cached_tokens":40,"cache_write_tokens":30}}"""));
    }

    @Test
    void anErrorRightAfterMessageStartHasDeliveredNothingSoItIsRetryable() {
        StreamOutcome outcome = read(START,
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("ping", "{\"type\": \"ping\"}"),
                event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));

        assertThat(chunks).isEmpty();
        VendorFailure failure = ((StreamOutcome.FailedBeforeFirstChunk) outcome).failure();
        assertThat(failure.kind()).isEqualTo(VendorFailure.Kind.SERVER_ERROR);
        assertThat(failure.kind().retryable()).isTrue();
        assertThat(failure.vendorStatus()).isEqualTo(529);
        assertThat(failure.message()).contains("overloaded_error", "Overloaded");
    }

    @Test
    void inStreamErrorTypesMapLikeTheirHttpStatuses() {
        StreamOutcome outcome = read(START,
                event("error", "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"));
        assertThat(((StreamOutcome.FailedBeforeFirstChunk) outcome).failure().kind()).isEqualTo(VendorFailure.Kind.RATE_LIMITED);

        outcome = read(START,
                event("error", "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad\"}}"));
        assertThat(((StreamOutcome.FailedBeforeFirstChunk) outcome).failure().kind()).isEqualTo(VendorFailure.Kind.BAD_REQUEST);
    }

    @Test
    void aStreamEndingWithoutMessageStopFailsAndBillsReportedInputPlusEstimatedOutput() {
        StreamOutcome outcome = read(START,
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Sixteen chars!!!\"}}"));

        StreamOutcome.FailedMidStream failed = (StreamOutcome.FailedMidStream) outcome;
        assertThat(failed.failure().kind()).isEqualTo(VendorFailure.Kind.CONNECTION);
        assertThat(failed.usage()).isEqualTo(new TokenUsage(90, 40, 30, 4, 0));
    }

    @Test
    void outputReportedByMessageDeltaIsUsedEvenIfMessageStopNeverCame() {
        StreamOutcome outcome = read(START,
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":9}}"));

        assertThat(outcome.usage()).isEqualTo(new TokenUsage(90, 40, 30, 9, 0));
        assertThat(chunks.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void malformedEventsAndAGoneClientEndTheStream() {
        StreamOutcome malformed = read(START, "event: content_block_delta\ndata: {\"type\":\"content_blo\n\n");
        assertThat(((StreamOutcome.FailedBeforeFirstChunk) malformed).failure().kind()).isEqualTo(VendorFailure.Kind.MALFORMED_RESPONSE);

        StreamOutcome gone = new AnthropicStreamTranslator(CALL, chunk -> {
            throw new IOException("client closed");
        }).readAll(sse(START,
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}")));
        assertThat(gone).isInstanceOf(StreamOutcome.ClientGone.class);
        assertThat(gone.usage().promptTokens()).isEqualTo(90);
    }
}
