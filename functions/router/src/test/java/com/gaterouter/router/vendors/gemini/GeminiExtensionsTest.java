package com.gaterouter.router.vendors.gemini;

import static com.gaterouter.router.vendors.JsonFixtures.json;
import static com.gaterouter.router.vendors.gemini.GeminiFixtures.call;
import static com.gaterouter.router.vendors.gemini.GeminiFixtures.model;
import static com.gaterouter.router.vendors.gemini.GeminiFixtures.reparse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorResult;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The normal form's gateway extensions (thinking, top_k, thinking_blocks, reasoning_content) for Gemini. */
class GeminiExtensionsTest {

    private static final ModelSpec FLASH = model("gemini-2.5-flash", "tools", "vision", "json_schema", "reasoning");
    private static final ModelSpec LITE = model("gemini-2.5-flash-lite", "tools", "vision", "json_schema");
    private static final URI BASE = URI.create("http://sim");
    private static final String THINKING = """
            {"model":"m","messages":[{"role":"user","content":"x"}],"thinking":{"type":"enabled","budget_tokens":2048}}""";

    @Test
    void thinkingBecomesABudgetWithThoughtsShownAndWinsOverReasoningEffort() throws Exception {
        ObjectNode body = GeminiRequestTranslator.translate(FLASH, json("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"reasoning_effort":"high",
                 "thinking":{"type":"enabled","budget_tokens":2048}}"""));
        assertThat(reparse(body.at("/generationConfig/thinkingConfig")))
                .isEqualTo(json("{\"thinkingBudget\":2048,\"includeThoughts\":true}"));

        ObjectNode disabled = GeminiRequestTranslator.translate(FLASH, json("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"reasoning_effort":"high","thinking":{"type":"disabled"}}"""));
        assertThat(reparse(disabled.at("/generationConfig/thinkingConfig"))).isEqualTo(json("{\"thinkingBudget\":0}"));

        assertThat(GeminiRequestTranslator.translate(LITE, json(THINKING)).has("generationConfig")).isFalse();
        assertThatThrownBy(() -> GeminiRequestTranslator.translate(FLASH, json("""
                {"model":"m","messages":[],"thinking":{"type":"enabled"}}"""))).hasMessageContaining("thinking.budget_tokens");
        assertThatThrownBy(() -> GeminiRequestTranslator.translate(FLASH, json("""
                {"model":"m","messages":[],"thinking":{"type":"on"}}"""))).hasMessageContaining("thinking.type");
    }

    @Test
    void topKBecomesTopKAndThinkingBlocksAndCacheControlAreIgnored() throws Exception {
        ObjectNode body = GeminiRequestTranslator.translate(FLASH, json("""
                {"model":"m","top_k":40,"messages":[
                  {"role":"user","content":[{"type":"text","text":"q","cache_control":{"type":"ephemeral"}}]},
                  {"role":"assistant","content":"a","thinking_blocks":[{"type":"thinking","thinking":"t","signature":"s"}]},
                  {"role":"user","content":"more"}]}"""));
        assertThat(body.at("/generationConfig/topK").asInt()).isEqualTo(40);
        assertThat(reparse(body.get("contents"))).isEqualTo(json("""
                {"a":[{"role":"user","parts":[{"text":"q"}]},{"role":"model","parts":[{"text":"a"}]},
                      {"role":"user","parts":[{"text":"more"}]}]}""").get("a"));
        assertThatThrownBy(() -> GeminiRequestTranslator.translate(FLASH, json("{\"model\":\"m\",\"messages\":[],\"top_k\":0}")))
                .hasMessageContaining("top_k");
    }

    private static final String ANSWER = """
            {"candidates":[{"content":{"role":"model","parts":[
                {"text":"Pondering.","thought":true},{"text":"Hello."}]},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":2,"thoughtsTokenCount":3,"totalTokenCount":10}}""";

    @Test
    void thoughtPartsBecomeReasoningContentOnlyWhenThinkingAskedForThem() {
        VendorResult.Completed shown = (VendorResult.Completed) GeminiResponseTranslator.completion(
                call(FLASH, BASE, json(THINKING)), json(ANSWER));
        assertThat(reparse(shown.completion().at("/choices/0/message")))
                .isEqualTo(json("{\"role\":\"assistant\",\"content\":\"Hello.\",\"reasoning_content\":\"Pondering.\"}"));

        VendorResult.Completed hidden = (VendorResult.Completed) GeminiResponseTranslator.completion(
                call(FLASH, BASE, json("{\"model\":\"m\",\"messages\":[],\"reasoning_effort\":\"low\"}")), json(ANSWER));
        assertThat(hidden.completion().at("/choices/0/message").has("reasoning_content")).isFalse();
    }

    @Test
    void streamedThoughtsBecomeReasoningContentDeltasBeforeTheText() {
        List<ObjectNode> chunks = new ArrayList<>();
        String sse = "data: " + """
                {"candidates":[{"content":{"parts":[{"text":"Pondering.","thought":true}]},"index":0}]}""".strip() + "\r\n\r\n"
                + "data: " + ANSWER.replace("\n", "").replace("{\"text\":\"Pondering.\",\"thought\":true},", "") + "\r\n\r\n";
        StreamOutcome outcome = new GeminiStreamTranslator(call(FLASH, BASE, json(THINKING)), chunks::add)
                .readAll(new ByteArrayInputStream(sse.getBytes(StandardCharsets.UTF_8)));

        assertThat(outcome).isInstanceOf(StreamOutcome.Finished.class);
        assertThat(chunks.stream().map(c -> c.at("/choices/0/delta").toString()).toList()).containsExactly(
                "{\"role\":\"assistant\",\"content\":\"\"}",
                "{\"reasoning_content\":\"Pondering.\"}",
                "{\"content\":\"Hello.\"}",
                "{}",
                "");
    }
}
