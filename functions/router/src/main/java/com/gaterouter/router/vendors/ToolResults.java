package com.gaterouter.router.vendors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import java.util.Optional;

/** A tool message's content as the vendors that take structured tool results want it. */
public final class ToolResults {

    private ToolResults() {
    }

    /**
     * The content as a JSON object, when it is one; otherwise (plain text, another JSON value,
     * malformed JSON) empty, and the caller sends it as text. The caller trims it as its vendor does.
     */
    public static Optional<ObjectNode> jsonObject(String trimmed) {
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Json.MAPPER.readTree(trimmed) instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }
}
