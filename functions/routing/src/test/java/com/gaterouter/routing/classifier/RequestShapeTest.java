package com.gaterouter.routing.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RequestShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheLastUserTurnAndTheConversationShape() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"model":"auto","messages":[
                  {"role":"system","content":"You are terse."},
                  {"role":"user","content":"Write a sorting function in Go."},
                  {"role":"assistant","content":"func sort() {}"},
                  {"role":"user","content":[{"type":"text","text":"Now make it"},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"generic."}]}],
                 "tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b"}}],
                 "response_format":{"type":"json_schema","json_schema":{}}}""");
        RequestShape shape = RequestShape.of(body);
        assertThat(shape.head()).isEqualTo("Now make it\ngeneric.");
        assertThat(shape.tail()).isEmpty();
        assertThat(shape.previousTurn()).isEqualTo("Write a sorting function in Go.");
        assertThat(shape.lastUserTurnChars()).isEqualTo("Now make it".length() + "generic.".length());
        assertThat(shape.messages()).isEqualTo(4);
        assertThat(shape.userTurns()).isEqualTo(2);
        assertThat(shape.contextChars()).isEqualTo(14 + 31 + 14 + 19);
        assertThat(shape.tools()).isEqualTo(2);
        assertThat(shape.outputFormat()).isEqualTo(RequestShape.OutputFormat.JSON_SCHEMA);
    }

    @Test
    void capsALongTurnToItsHeadAndTail() {
        String prompt = "a".repeat(RequestShape.HEAD_CHARS) + "b".repeat(1_000_000) + "c".repeat(RequestShape.TAIL_CHARS);
        RequestShape shape = RequestShape.ofPrompt(prompt);
        assertThat(shape.head()).isEqualTo("a".repeat(RequestShape.HEAD_CHARS));
        assertThat(shape.tail()).isEqualTo("c".repeat(RequestShape.TAIL_CHARS));
        assertThat(shape.lastUserTurnChars()).isEqualTo(prompt.length());
    }

    @Test
    void aMediumTurnIsReadOnceWithoutOverlap() {
        String prompt = "x".repeat(RequestShape.HEAD_CHARS) + "tail end";
        RequestShape shape = RequestShape.ofPrompt(prompt);
        assertThat(shape.head()).hasSize(RequestShape.HEAD_CHARS);
        assertThat(shape.tail()).isEqualTo("tail end");
    }

    @Test
    void aHugeMultiPartTurnIsNeverConcatenated() {
        ArrayNode messages = JSON.createArrayNode();
        ArrayNode parts = messages.addObject().put("role", "user").putArray("content");
        for (int i = 0; i < 1000; i++) {
            parts.addObject().put("type", "text").put("text", (i == 0 ? "START " : i == 999 ? "END " : "") + "y".repeat(1000));
        }
        RequestShape shape = RequestShape.ofMessages(messages);
        assertThat(shape.head()).startsWith("START ").hasSizeLessThanOrEqualTo(RequestShape.HEAD_CHARS);
        assertThat(shape.tail()).hasSize(RequestShape.TAIL_CHARS).endsWith("y");
        assertThat(shape.lastUserTurnChars()).isEqualTo(1_000_000 + 10);
    }

    @Test
    void emptyOrSystemOnlyRequestsAreShapes() throws Exception {
        assertThat(RequestShape.of((ObjectNode) JSON.readTree("{\"messages\":[]}")).head()).isEmpty();
        RequestShape system = RequestShape.of((ObjectNode) JSON.readTree(
                "{\"messages\":[{\"role\":\"system\",\"content\":\"Say hi\"}],\"response_format\":{\"type\":\"json_object\"}}"));
        assertThat(system.head()).isEqualTo("Say hi");
        assertThat(system.userTurns()).isZero();
        assertThat(system.outputFormat()).isEqualTo(RequestShape.OutputFormat.JSON_OBJECT);
    }

    @Test
    void rejectsUncappedText() {
        assertThatThrownBy(() -> new RequestShape("z".repeat(RequestShape.HEAD_CHARS + 1), "", "", 1, 1, 1, 1, 0,
                RequestShape.OutputFormat.TEXT)).isInstanceOf(IllegalArgumentException.class);
    }
}
