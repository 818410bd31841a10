package com.gaterouter.router.vendors.openai;

import static com.gaterouter.router.vendors.JsonFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorCall;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The normal form's gateway extensions never reach an OpenAI-format vendor. */
class OpenAiExtensionsTest {

    private static ModelSpec model(String... capabilities) {
        return new ModelSpec("openai/gpt-5", "openai", "gpt-5", 400_000, 128_000, Set.of(capabilities), List.of(),
                List.of(new ModelPrice(LocalDate.of(2025, 8, 7), 1_250_000, 125_000, 0, 10_000_000)));
    }

    private static ObjectNode body(ObjectNode request, ModelSpec model, boolean stream) {
        VendorCall call = new VendorCall(model,
                new VendorSpec("openai", VendorApi.OPENAI_CHAT, URI.create("http://unused"), "openai", null, null),
                "sk-test", request, "req-1");
        return OpenAiClient.upstreamBody(call, stream);
    }

    @Test
    void extensionsAreStrippedAndTheRequestIsNotModified() {
        ObjectNode request = json("""
                {"model":"openai/gpt-5","models":["a"],"top_k":5,"thinking":{"type":"disabled"},
                 "messages":[{"role":"system","content":[{"type":"text","text":"Policy","cache_control":{"type":"ephemeral"}}]},
                   {"role":"user","content":"q"},
                   {"role":"assistant","content":"a","thinking_blocks":[{"type":"thinking","thinking":"t","signature":"s"}]}]}""");
        ObjectNode before = request.deepCopy();

        ObjectNode body = body(request, model("reasoning"), false);

        assertThat(body).isEqualTo(json("""
                {"model":"gpt-5",
                 "messages":[{"role":"system","content":[{"type":"text","text":"Policy"}]},
                   {"role":"user","content":"q"},{"role":"assistant","content":"a"}]}"""));
        assertThat(request).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource({"1024,low", "2047,low", "2048,medium", "8191,medium", "8192,high", "32000,high"})
    void thinkingBecomesReasoningEffortOnReasoningModels(int budget, String effort) {
        ObjectNode body = body(json("{\"messages\":[],\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":" + budget + "}}"),
                model("reasoning"), true);
        assertThat(body.get("reasoning_effort").asText()).isEqualTo(effort);
        assertThat(body.has("thinking")).isFalse();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void theClientsOwnEffortWinsAndOtherModelsGetNone() {
        assertThat(body(json("""
                {"messages":[],"reasoning_effort":"minimal","thinking":{"type":"enabled","budget_tokens":20000}}"""),
                model("reasoning"), false).get("reasoning_effort").asText()).isEqualTo("minimal");
        assertThat(body(json("""
                {"messages":[],"thinking":{"type":"enabled","budget_tokens":20000}}"""), model("tools"), false)
                .has("reasoning_effort")).isFalse();
    }

    @Test
    void topKIsRefusedByName() {
        OpenAiClient client = new OpenAiClient(null, null);
        assertThat(client.unsupportedParameters(json("{\"messages\":[],\"top_k\":40}"))).containsExactly("top_k");
        assertThat(client.unsupportedParameters(json("{\"messages\":[],\"top_k\":null,\"thinking\":{\"type\":\"disabled\"}}"))).isEmpty();
    }
}
