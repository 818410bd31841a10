package com.gaterouter.router.vendors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI request fields that Anthropic Messages and Bedrock Converse have no equivalent for: several
 * choices, log probabilities, token biases, penalties, audio, legacy function calling and web search.
 * Shared so both adapters refuse the same fields in the same order; each adds what only it cannot take.
 * Harmless fields ({@code seed}, {@code metadata}, {@code service_tier}, …) are never listed.
 */
public final class OpenAiOnlyParameters {

    private OpenAiOnlyParameters() {
    }

    /** The names of the fields in {@code request} that would change the answer if honoured; a mutable list. */
    public static List<String> in(ObjectNode request) {
        List<String> unsupported = new ArrayList<>();
        if (present(request, "n") && request.get("n").asInt(1) > 1) {
            unsupported.add("n");
        }
        if (present(request, "logprobs") && request.get("logprobs").asBoolean(false)) {
            unsupported.add("logprobs");
        }
        if (present(request, "top_logprobs") && request.get("top_logprobs").asInt(1) != 0) {
            unsupported.add("top_logprobs");
        }
        if (present(request, "logit_bias") && !request.get("logit_bias").isEmpty()) {
            unsupported.add("logit_bias");
        }
        for (String penalty : List.of("presence_penalty", "frequency_penalty")) {
            if (present(request, penalty) && request.get(penalty).asDouble(0) != 0) {
                unsupported.add(penalty);
            }
        }
        if (present(request, "audio")) {
            unsupported.add("audio");
        }
        if (present(request, "modalities")) {
            for (JsonNode modality : request.get("modalities")) {
                if ("audio".equals(modality.asText())) {
                    unsupported.add("modalities");
                    break;
                }
            }
        }
        // legacy function calling is not translated (tools are); a web search would silently not happen
        for (String field : List.of("functions", "function_call", "web_search_options")) {
            if (present(request, field)) {
                unsupported.add(field);
            }
        }
        return unsupported;
    }

    private static boolean present(ObjectNode request, String field) {
        JsonNode value = request.get(field);
        return value != null && !value.isNull();
    }
}
