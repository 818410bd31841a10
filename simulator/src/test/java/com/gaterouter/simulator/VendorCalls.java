package com.gaterouter.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.simulator.SimHttp.Frame;
import java.net.URI;
import java.util.List;

/** The same chat request expressed for each vendor, and how to read that vendor's stream. */
final class VendorCalls {

    private VendorCalls() {
    }

    static URI uri(VendorSimulator sim, SimVendor vendor, boolean stream) {
        return switch (vendor) {
            case OPENAI -> URI.create(sim.openAiBaseUrl() + "/chat/completions");
            case DEEPSEEK -> URI.create(sim.deepSeekBaseUrl() + "/chat/completions");
            case ANTHROPIC -> URI.create(sim.anthropicBaseUrl() + "/v1/messages");
            case GEMINI -> URI.create(sim.geminiBaseUrl() + "/v1beta/models/gemini-2.0-flash:"
                    + (stream ? "streamGenerateContent?alt=sse" : "generateContent"));
            case BEDROCK -> throw bedrockIsBinary();
        };
    }

    /** A chat request whose only user message is {@code text} (escaped for JSON). */
    static String body(SimVendor vendor, String text, boolean stream) {
        String quoted = SimHttp.MAPPER.valueToTree(text).toString();
        return switch (vendor) {
            case OPENAI, DEEPSEEK -> """
                    {"model":"%s","stream":%s,"messages":[{"role":"user","content":%s}]}"""
                    .formatted(vendor == SimVendor.OPENAI ? "gpt-4o" : "deepseek-chat", stream, quoted);
            case ANTHROPIC -> """
                    {"model":"claude-sonnet-4-5","max_tokens":256,"stream":%s,"messages":[{"role":"user","content":%s}]}"""
                    .formatted(stream, quoted);
            case GEMINI -> """
                    {"contents":[{"role":"user","parts":[{"text":%s}]}]}""".formatted(quoted);
            case BEDROCK -> throw bedrockIsBinary();
        };
    }

    static String[] headers(SimVendor vendor, String key) {
        return switch (vendor) {
            case OPENAI, DEEPSEEK -> new String[] {"Authorization", "Bearer " + key};
            case ANTHROPIC -> new String[] {"x-api-key", key, "anthropic-version", "2023-06-01"};
            case GEMINI -> new String[] {"x-goog-api-key", key};
            case BEDROCK -> throw bedrockIsBinary();
        };
    }

    static SimHttp.Reply call(VendorSimulator sim, SimVendor vendor, String text) {
        return SimHttp.post(uri(sim, vendor, false), body(vendor, text, false), headers(vendor, "test-key-1234"));
    }

    static SimHttp.StreamRead stream(VendorSimulator sim, SimVendor vendor, String text) {
        return SimHttp.stream(uri(sim, vendor, true), body(vendor, text, true), headers(vendor, "test-key-1234"));
    }

    /** Frames that carry generated text. */
    static List<Frame> contentFrames(SimVendor vendor, List<Frame> frames) {
        return frames.stream().filter(f -> switch (vendor) {
            case OPENAI, DEEPSEEK -> !f.data().equals("[DONE]") && SimHttp.isJson(f.data())
                    && f.json().path("choices").path(0).path("delta").path("content").asText("").length() > 0;
            case ANTHROPIC -> "content_block_delta".equals(f.event());
            case GEMINI -> SimHttp.isJson(f.data()) && !f.json().path("candidates").path(0).has("finishReason")
                    && !f.json().has("error");
            case BEDROCK -> throw bedrockIsBinary();
        }).toList();
    }

    /** True for the frame that tells a client the stream ended normally. */
    static boolean isTerminal(SimVendor vendor, Frame f) {
        return switch (vendor) {
            case OPENAI, DEEPSEEK -> f.data().equals("[DONE]");
            case ANTHROPIC -> "message_stop".equals(f.event());
            case GEMINI -> SimHttp.isJson(f.data()) && f.json().path("candidates").path(0).has("finishReason");
            case BEDROCK -> throw bedrockIsBinary();
        };
    }

    /** The vendor's name for the error category in an error body. */
    static String errorType(SimVendor vendor, JsonNode body) {
        return switch (vendor) {
            case OPENAI, DEEPSEEK -> body.path("error").path("code").isNull()
                    ? body.path("error").path("type").asText() : body.path("error").path("code").asText();
            case ANTHROPIC -> body.path("error").path("type").asText();
            case GEMINI -> body.path("error").path("status").asText();
            case BEDROCK -> throw bedrockIsBinary();
        };
    }

    /** Left out of the shared parameterised tests: Bedrock streams binary event-stream and answers 403, not 401 (see BedrockConverseTest). */
    static final String BEDROCK = "BEDROCK";

    private static IllegalArgumentException bedrockIsBinary() {
        return new IllegalArgumentException("Bedrock is not covered by these helpers: see BedrockConverseTest");
    }
}
