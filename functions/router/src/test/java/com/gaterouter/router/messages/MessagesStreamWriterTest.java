package com.gaterouter.router.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.testing.RecordingSseSink;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Normal-form chunk streams written as Anthropic's named events: names, indexes and payloads exactly. */
class MessagesStreamWriterTest {

    private final RecordingSseSink sink = new RecordingSseSink();
    private final MessagesStreamWriter writer = new MessagesStreamWriter("msg_abc", () -> "anthropic/claude-sonnet-4-5", 12, "req-7");

    private static ObjectNode chunk(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode delta(String delta) {
        return chunk("{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]}");
    }

    private static ObjectNode finish(String reason) {
        return chunk("{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}");
    }

    private static ObjectNode usage(String usage) {
        return chunk("{\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":" + usage + "}");
    }

    private void write(ObjectNode... chunks) throws IOException {
        for (ObjectNode c : chunks) {
            writer.chunk(c, sink);
        }
    }

    private JsonNode data(int i) {
        try {
            return Json.MAPPER.readTree(sink.events().get(i));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Each event's name and, for block events, its index: {@code content_block_delta#0}. */
    private List<String> grammar() {
        return java.util.stream.IntStream.range(0, sink.names().size()).mapToObj(i -> {
            String name = sink.names().get(i);
            return data(i).has("index") ? name + "#" + data(i).get("index").asInt() : name;
        }).toList();
    }

    @Test
    void textOnly() throws IOException {
        write(delta("{\"role\":\"assistant\",\"content\":\"\"}"), delta("{\"content\":\"Hel\"}"), delta("{\"content\":\"lo\"}"),
                finish("stop"), usage("{\"prompt_tokens\":25,\"completion_tokens\":2}"));
        writer.end(sink);

        assertThat(grammar()).containsExactly("message_start", "ping", "content_block_start#0", "content_block_delta#0",
                "content_block_delta#0", "content_block_stop#0", "message_delta", "message_stop");
        assertThat(data(0)).isEqualTo(chunk("""
                {"type":"message_start","message":{"id":"msg_abc","type":"message","role":"assistant","model":"anthropic/claude-sonnet-4-5",
                 "content":[],"stop_reason":null,"stop_sequence":null,
                 "usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0,
                          "cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"service_tier":"standard"}}}"""));
        assertThat(data(1)).isEqualTo(chunk("{\"type\":\"ping\"}"));
        assertThat(data(2)).isEqualTo(chunk("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        assertThat(data(3)).isEqualTo(chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}"));
        assertThat(data(6)).isEqualTo(chunk("""
                {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},
                 "usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":2}}"""));
        assertThat(data(7)).isEqualTo(chunk("{\"type\":\"message_stop\"}"));
        assertThat(sink.events()).noneMatch(e -> e.contains("[DONE]"));
        assertThat(sink.names()).doesNotContainNull();
    }

    @Test
    void toolUseWithPartialJson() throws IOException {
        write(delta("{\"role\":\"assistant\",\"content\":\"Checking.\"}"),
                delta("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}"),
                delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}"),
                delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]}"),
                delta("{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]}"),
                finish("tool_calls"), usage("{\"prompt_tokens\":40,\"completion_tokens\":9}"));
        writer.end(sink);

        assertThat(grammar()).containsExactly("message_start", "ping",
                "content_block_start#0", "content_block_delta#0", "content_block_stop#0",
                "content_block_start#1", "content_block_delta#1", "content_block_delta#1", "content_block_stop#1",
                "content_block_start#2", "content_block_delta#2", "content_block_stop#2",
                "message_delta", "message_stop");
        assertThat(data(5)).isEqualTo(chunk("""
                {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_1","name":"get_weather","input":{}}}"""));
        assertThat(data(6)).isEqualTo(chunk("""
                {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\":"}}"""));
        assertThat(data(7).at("/delta/partial_json").asText()).isEqualTo("\"Oslo\"}");
        assertThat(data(9).at("/content_block/name").asText()).isEqualTo("get_time");
        assertThat(data(10).at("/delta/partial_json").asText()).isEqualTo("{}");
        assertThat(data(12).at("/delta/stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void thinkingWithItsSignatureThenText() throws IOException {
        write(delta("{\"role\":\"assistant\"}"), delta("{\"reasoning_content\":\"Let me \"}"), delta("{\"reasoning_content\":\"think.\"}"),
                delta("{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"sig-xyz\"}]}"),
                delta("{\"thinking_blocks\":[{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}]}"),
                delta("{\"content\":\"Answer.\"}"), finish("stop"),
                usage("{\"prompt_tokens\":100,\"completion_tokens\":30,\"prompt_tokens_details\":{\"cached_tokens\":60,\"cache_write_tokens\":10},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":20}}"));
        writer.end(sink);

        assertThat(grammar()).containsExactly("message_start", "ping",
                "content_block_start#0", "content_block_delta#0", "content_block_delta#0", "content_block_delta#0", "content_block_stop#0",
                "content_block_start#1", "content_block_stop#1",
                "content_block_start#2", "content_block_delta#2", "content_block_stop#2",
                "message_delta", "message_stop");
        assertThat(data(2)).isEqualTo(chunk("""
                {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"""));
        assertThat(data(3)).isEqualTo(chunk("""
                {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me "}}"""));
        assertThat(data(5)).isEqualTo(chunk("""
                {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig-xyz"}}"""));
        assertThat(data(7)).isEqualTo(chunk("""
                {"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"opaque"}}"""));
        assertThat(data(10).at("/delta/text").asText()).isEqualTo("Answer.");
        assertThat(data(12).get("usage")).isEqualTo(chunk("""
                {"input_tokens":30,"cache_creation_input_tokens":10,"cache_read_input_tokens":60,"output_tokens":30}"""));
    }

    @Test
    void reasoningWithoutASignatureEndsWhenTheTextStarts() throws IOException {
        write(delta("{\"reasoning_content\":\"Hmm.\"}"), delta("{\"content\":\"Yes.\"}"), finish("length"));
        writer.end(sink);
        assertThat(grammar()).containsExactly("message_start", "ping",
                "content_block_start#0", "content_block_delta#0", "content_block_stop#0",
                "content_block_start#1", "content_block_delta#1", "content_block_stop#1",
                "message_delta", "message_stop");
        assertThat(data(8)).as("no usage chunk: the estimate at the end").isEqualTo(chunk("""
                {"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},
                 "usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}"""));
    }

    @Test
    void aStreamThatEndsWithoutChunksStillFollowsTheGrammar() throws IOException {
        writer.end(sink);
        assertThat(grammar()).containsExactly("message_start", "ping", "message_delta", "message_stop");
    }

    @Test
    void aFailureMidStreamEndsWithAnErrorEvent() throws IOException {
        write(delta("{\"content\":\"Part\"}"));
        writer.error(ApiError.badGateway("vendor_stream_failed", "anthropic stream ended unexpectedly"), sink);
        assertThat(grammar()).containsExactly("message_start", "ping", "content_block_start#0", "content_block_delta#0", "error");
        assertThat(data(4)).isEqualTo(chunk("""
                {"type":"error","error":{"type":"api_error","message":"anthropic stream ended unexpectedly"},"request_id":"req-7"}"""));

        RecordingSseSink overloaded = new RecordingSseSink();
        new MessagesStreamWriter("m", () -> "x", 0, "r").error(new ApiError(529, "overloaded_error", "overloaded", null, "busy",
                java.util.Map.of()), overloaded);
        assertThat(overloaded.events().getFirst()).contains("\"type\":\"overloaded_error\"");
    }

    @Test
    void theModelIsReadAtTheFirstEventNotWhenTheWriterOpens() throws IOException {
        String[] serving = {"openai/gpt-4o"};
        MessagesStreamWriter late = new MessagesStreamWriter("m", () -> serving[0], 0, "r");
        serving[0] = "gemini/gemini-2.5-flash"; // a fallback before the first chunk
        late.chunk(delta("{\"content\":\"x\"}"), sink);
        assertThat(data(0).at("/message/model").asText()).isEqualTo("gemini/gemini-2.5-flash");
    }
}
