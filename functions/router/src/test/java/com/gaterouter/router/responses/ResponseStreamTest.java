package com.gaterouter.router.responses;

import static com.gaterouter.router.responses.ResponsesFixtures.any;
import static com.gaterouter.router.responses.ResponsesFixtures.json;
import static com.gaterouter.router.responses.ResponsesFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.usage.TokenUsage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Hand-built normal-form chunks through one Responses stream: the events' names, order, indices and sequence numbers. */
class ResponseStreamTest {

    private record Event(String name, JsonNode data) {
    }

    private final List<Event> events = new ArrayList<>();
    private final List<TokenUsage> priced = new ArrayList<>();
    private final SseSink sink = new SseSink() {
        @Override
        public void open(Map<String, String> headers) {
        }

        @Override
        public void event(String name, String data) {
            events.add(new Event(name, any(data)));
        }
    };

    private ResponseStream stream(String body) {
        return new ResponseStream(request(body), ResponseObjects.Ids.of("r1"), 1_700_000_000L, () -> "anthropic/claude-haiku-4-5",
                tokens -> {
                    priced.add(tokens);
                    return 1_234;
                }, () -> 1_700_000_009L);
    }

    private void send(ResponseStream stream, String... chunks) throws IOException {
        for (String chunk : chunks) {
            stream.chunk(json(chunk), sink);
        }
    }

    private List<String> names() {
        return events.stream().map(Event::name).toList();
    }

    private Event first(String name) {
        return events.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private void assertEveryEventIsNamedByItsTypeAndNumberedFromZero() {
        assertThat(events).allSatisfy(e -> assertThat(e.data().get("type").asText()).isEqualTo(e.name()));
        assertThat(events.stream().map(e -> e.data().get("sequence_number").asInt()).toList())
                .isEqualTo(IntStream.range(0, events.size()).boxed().toList());
    }

    @Test
    void textStreamsAsOneMessageItemThenCompletedWithUsage() throws IOException {
        ResponseStream stream = stream("{\"model\":\"anthropic/claude-haiku-4-5\",\"input\":\"Hi\",\"stream\":true}");
        send(stream,
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"prompt_tokens_details\":{\"cached_tokens\":4}}}");
        stream.end(sink);

        assertThat(names()).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed");
        assertEveryEventIsNamedByItsTypeAndNumberedFromZero();
        JsonNode created = first("response.created").data().get("response");
        assertThat(created.get("status").asText()).isEqualTo("in_progress");
        assertThat(created.get("output")).isEmpty();
        assertThat(created.get("model").asText()).isEqualTo("anthropic/claude-haiku-4-5");
        assertThat(created.get("id").asText()).isEqualTo("resp_r1");
        assertThat(events.get(2).data()).isEqualTo(any("""
                {"type":"response.output_item.added","sequence_number":2,"output_index":0,
                 "item":{"id":"msg_r1_0","type":"message","status":"in_progress","content":[],"role":"assistant"}}"""));
        assertThat(events.get(3).data()).isEqualTo(any("""
                {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_r1_0","output_index":0,"content_index":0,
                 "part":{"type":"output_text","annotations":[],"logprobs":[],"text":""}}"""));
        assertThat(events.get(4).data()).isEqualTo(any("""
                {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_r1_0","output_index":0,"content_index":0,
                 "delta":"Hel","logprobs":[]}"""));
        assertThat(events.get(6).data()).isEqualTo(any("""
                {"type":"response.output_text.done","sequence_number":6,"item_id":"msg_r1_0","output_index":0,"content_index":0,
                 "text":"Hello","logprobs":[]}"""));
        assertThat(events.get(8).data().get("item")).isEqualTo(any("""
                {"id":"msg_r1_0","type":"message","status":"completed",
                 "content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"Hello"}],"role":"assistant"}"""));
        JsonNode completed = events.getLast().data().get("response");
        assertThat(completed.get("status").asText()).isEqualTo("completed");
        assertThat(completed.get("completed_at").asLong()).isEqualTo(1_700_000_009L);
        assertThat(completed.get("output")).isEqualTo(any("[" + events.get(8).data().get("item") + "]"));
        assertThat(completed.get("usage")).isEqualTo(any("""
                {"input_tokens":9,"input_tokens_details":{"cached_tokens":4,"cache_write_tokens":0},"output_tokens":2,
                 "output_tokens_details":{"reasoning_tokens":0},"total_tokens":11,"cost":0.001234}"""));
        assertThat(priced).containsExactly(new TokenUsage(9, 4, 0, 2, 0));
    }

    @Test
    void reasoningThenTextThenTwoFunctionCallsAreFourItemsInTurn() throws IOException {
        ResponseStream stream = stream("""
                {"input":"Weather in Paris and Rome?","stream":true,"tools":[{"type":"function","name":"get_weather"}]}""");
        send(stream,
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Two cities.\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"sig\"}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Checking.\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":15,"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":3}}}");
        stream.end(sink);

        assertThat(names()).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.reasoning_text.delta",
                "response.reasoning_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed");
        assertEveryEventIsNamedByItsTypeAndNumberedFromZero();
        assertThat(events.stream().filter(e -> e.name().equals("response.output_item.added"))
                .map(e -> e.data().get("output_index").asInt() + ":" + e.data().path("item").get("id").asText()).toList())
                .containsExactly("0:rs_r1_0", "1:msg_r1_1", "2:fc_r1_2", "3:fc_r1_3");
        assertThat(events.get(14).data().get("item")).isEqualTo(any("""
                {"id":"fc_r1_2","type":"function_call","status":"in_progress","arguments":"","call_id":"call_a","name":"get_weather"}"""));
        assertThat(events.get(17).data()).isEqualTo(any("""
                {"type":"response.function_call_arguments.done","sequence_number":17,"item_id":"fc_r1_2","output_index":2,
                 "name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}"""));
        JsonNode response = events.getLast().data().get("response");
        assertThat(response.get("output")).hasSize(4);
        assertThat(response.get("output").get(0)).isEqualTo(any("""
                {"id":"rs_r1_0","type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"Two cities."}],
                 "status":"completed"}"""));
        assertThat(response.get("output").get(3)).isEqualTo(any("""
                {"id":"fc_r1_3","type":"function_call","status":"completed","arguments":"{\\"city\\":\\"Rome\\"}","call_id":"call_b",
                 "name":"get_weather"}"""));
        assertThat(response.get("usage").get("output_tokens_details").get("reasoning_tokens").asInt()).isEqualTo(3);
        assertThat(response.toString()).as("the signature is not carried").doesNotContain("sig");
    }

    @Test
    void anAnswerCutByTheLimitEndsWithResponseIncomplete() throws IOException {
        ResponseStream stream = stream("{\"input\":\"x\",\"stream\":true,\"max_output_tokens\":2}");
        send(stream,
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"One\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}");
        stream.end(sink);
        assertThat(names()).endsWith("response.output_item.done", "response.incomplete");
        assertThat(first("response.output_item.done").data().get("item").get("status").asText()).isEqualTo("incomplete");
        JsonNode response = events.getLast().data().get("response");
        assertThat(response.get("status").asText()).isEqualTo("incomplete");
        assertThat(response.get("incomplete_details")).isEqualTo(any("{\"reason\":\"max_output_tokens\"}"));
        assertEveryEventIsNamedByItsTypeAndNumberedFromZero();
    }

    @Test
    void aFailureMidStreamIsOneErrorEventAndNothingElse() throws IOException {
        ResponseStream stream = stream("{\"input\":\"x\",\"stream\":true}");
        send(stream, "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}");
        stream.error(ApiError.badGateway("vendor_stream_failed", "The vendor's stream broke."), sink);
        assertThat(names()).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "error");
        assertThat(events.getLast().data()).isEqualTo(any("""
                {"type":"error","sequence_number":5,"code":"vendor_stream_failed","message":"The vendor's stream broke.","param":null}"""));
    }

    @Test
    void aStreamWithoutChunksStillOpensAndCompletes() throws IOException {
        ResponseStream stream = stream("{\"input\":\"x\",\"stream\":true}");
        stream.end(sink);
        assertThat(names()).containsExactly("response.created", "response.in_progress", "response.completed");
        assertThat(events.getLast().data().get("response").get("output")).isEmpty();
        assertThat(events.getLast().data().get("response").get("usage").isNull()).isTrue();
    }

    @Test
    void aRefusalAfterTextIsASecondContentPart() throws IOException {
        ResponseStream stream = stream("{\"input\":\"x\",\"stream\":true}");
        send(stream,
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Well\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"No.\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        stream.end(sink);
        assertThat(names()).containsSubsequence("response.output_text.done", "response.content_part.done", "response.content_part.added",
                "response.refusal.delta", "response.refusal.done", "response.content_part.done", "response.output_item.done");
        assertThat(first("response.refusal.delta").data().get("content_index").asInt()).isEqualTo(1);
        assertThat(events.getLast().data().get("response").get("output").get(0).get("content")).isEqualTo(any("""
                [{"type":"output_text","annotations":[],"logprobs":[],"text":"Well"},{"type":"refusal","refusal":"No."}]"""));
    }
}
