package com.gaterouter.router.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.chat.ChatRequestParser;
import java.nio.charset.StandardCharsets;

/** Requests and JSON for the Responses tests. */
final class ResponsesFixtures {

    private ResponsesFixtures() {
    }

    /** A Responses body translated and parsed as the endpoint does it. */
    static ResponsesRequest request(String body) {
        var translation = (ResponsesRequestTranslator.Translation) ResponsesRequestTranslator.translate(body.getBytes(StandardCharsets.UTF_8));
        var chat = ((ChatRequestParser.Valid) new ChatRequestParser().parse(translation.chat())).request();
        return new ResponsesRequest(translation.original(), chat);
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode any(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
