package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.local.GatewayHttp.Reply;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.VendorSimulator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tenant's {@code extraParameters} policy end to end over HTTP on the local gateway: under the
 * default {@code reject} OpenRouter's {@code provider} is a 400 naming it and {@code logprobs} to a
 * Claude model a 400 naming that; after a tenant admin PATCHes the tenant to {@code drop} (audited;
 * a bad value a 400 naming the field) the same requests are served, the answer lists what was dropped
 * in {@code x-gaterouter-dropped-params}, and the vendor never saw those fields. The key cache is 1 s
 * here so the change shows at once.
 */
class ExtraParametersIT {

    private static final String DROPPED = "x-gaterouter-dropped-params";

    private static GatewayHttp http;
    private static LocalGateway gateway;
    private static VendorSimulator simulator;

    @BeforeAll
    static void start() throws Exception {
        http = GatewayHttp.start(Map.of("GATEROUTER_KEY_CACHE_TTL_SECONDS", "1", "GATEROUTER_SIM_TTFT_MS", "0",
                "GATEROUTER_SIM_TOKENS_PER_SECOND", "0", "GATEROUTER_ROLLUP_EVERY_SECONDS", "3600"));
        gateway = http.gateway();
        simulator = gateway.simulator().orElseThrow();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** OpenRouter's fields on an OpenAI model. */
    private static final String OPENROUTER_STYLE = """
            {"model":"openai/gpt-4o-mini","provider":{"order":["openai"],"allow_fallbacks":false},"transforms":["middle-out"],
             "messages":[{"role":"user","content":"Hello"}]}""";
    /** An unknown field and one Claude cannot honour, on a Claude model. */
    private static final String CLAUDE_WITH_LOGPROBS = """
            {"model":"anthropic/claude-haiku-4-5","provider":{"order":["anthropic"]},"logprobs":true,"top_logprobs":2,
             "messages":[{"role":"user","content":"Hello"}]}""";

    private static Reply chat(String body) throws Exception {
        return http.call("POST", "/v1/chat/completions", gateway.demoApiKey(), body);
    }

    /** Sends {@code body} until the answer satisfies {@code until} (the key cache refreshes within 1 s). */
    private static Reply await(String body, Predicate<Reply> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Reply reply;
        do {
            reply = chat(body);
            if (until.test(reply)) {
                return reply;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return reply;
    }

    private static JsonNode lastBody(SimVendor vendor) {
        return simulator.requests(vendor).getLast().bodyJson();
    }

    @Test
    void rejectThenDropThroughTheAdminApi() throws Exception {
        String platform = gateway.adminKey();
        String tenant = "/admin/v1/tenants/demo";
        assertThat(http.call("GET", tenant, platform, null).body().path("extraParameters").asText()).isEqualTo("reject");

        // reject (the default): a 400 naming the field, nothing reaches a vendor
        int openAiCalls = simulator.requests(SimVendor.OPENAI).size();
        Reply unknown = chat(OPENROUTER_STYLE);
        assertThat(unknown.status()).as(unknown.raw().body()).isEqualTo(400);
        assertThat(unknown.body().path("error").path("param").asText()).isEqualTo("provider");
        assertThat(unknown.header(DROPPED)).isEmpty();
        Reply unsupported = chat(CLAUDE_WITH_LOGPROBS.replace("\"provider\":{\"order\":[\"anthropic\"]},", ""));
        assertThat(unsupported.status()).as(unsupported.raw().body()).isEqualTo(400);
        assertThat(unsupported.body().path("error").path("param").asText()).isEqualTo("logprobs");
        assertThat(simulator.requests(SimVendor.OPENAI)).hasSize(openAiCalls);

        // the admin API: a bad value is a 400 naming the field; drop is stored, shown and audited
        Reply bad = http.call("PATCH", tenant, platform, "{\"extraParameters\":\"ignore\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").path("param").asText()).isEqualTo("extraParameters");
        Reply patched = http.call("PATCH", tenant, platform, "{\"extraParameters\":\"drop\"}");
        assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
        assertThat(patched.body().path("extraParameters").asText()).isEqualTo("drop");
        assertThat(http.call("GET", tenant, platform, null).body().path("extraParameters").asText()).isEqualTo("drop");
        JsonNode audit = http.call("GET", tenant + "/audit?limit=5", platform, null).body().path("data").get(0);
        assertThat(audit.path("action").asText()).isEqualTo("tenant.update");
        assertThat(audit.path("before").path("extraParameters").asText()).isEqualTo("reject");
        assertThat(audit.path("after").path("extraParameters").asText()).isEqualTo("drop");

        // drop: served without the unknown fields, which the answer lists; the vendor never saw them
        Reply served = await(OPENROUTER_STYLE, r -> r.status() == 200);
        assertThat(served.status()).as(served.raw().body()).isEqualTo(200);
        assertThat(served.header(DROPPED)).contains("provider,transforms");
        assertThat(served.body().path("choices").get(0).path("message").path("content").asText()).isNotBlank();
        JsonNode sentToOpenAi = lastBody(SimVendor.OPENAI);
        assertThat(sentToOpenAi.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sentToOpenAi.has("provider")).isFalse();
        assertThat(sentToOpenAi.has("transforms")).isFalse();

        // a Claude model: the unknown field, then what Anthropic cannot honour, in the order met
        Reply claude = chat(CLAUDE_WITH_LOGPROBS);
        assertThat(claude.status()).as(claude.raw().body()).isEqualTo(200);
        assertThat(claude.header("x-gaterouter-model")).contains("anthropic/claude-haiku-4-5");
        assertThat(claude.header(DROPPED)).contains("provider,logprobs,top_logprobs");
        JsonNode sentToAnthropic = lastBody(SimVendor.ANTHROPIC);
        assertThat(sentToAnthropic.path("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(List.of("provider", "logprobs", "top_logprobs")).noneMatch(sentToAnthropic::has);

        // streamed: the header comes with the stream's headers
        HttpResponse<Stream<String>> stream = http.lines("POST", "/v1/chat/completions", gateway.demoApiKey(),
                CLAUDE_WITH_LOGPROBS.replace("\"logprobs\":true", "\"stream\":true,\"logprobs\":true"));
        List<String> lines = stream.body().toList();
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue(DROPPED)).contains("provider,logprobs,top_logprobs");
        assertThat(lines).contains("data: [DONE]");

        // nothing to drop, no header
        Reply plain = chat("{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.header(DROPPED)).isEmpty();

        // a bad value of a known field is still a 400
        Reply badValue = chat(OPENROUTER_STYLE.replace("\"transforms\"", "\"temperature\":\"hot\",\"transforms\""));
        assertThat(badValue.status()).isEqualTo(400);
        assertThat(badValue.body().path("error").path("param").asText()).isEqualTo("temperature");

        // back to reject
        assertThat(http.call("PATCH", tenant, platform, "{\"extraParameters\":\"reject\"}").body().path("extraParameters").asText())
                .isEqualTo("reject");
        Reply rejectedAgain = await(OPENROUTER_STYLE, r -> r.status() == 400);
        assertThat(rejectedAgain.status()).isEqualTo(400);
        assertThat(rejectedAgain.body().path("error").path("param").asText()).isEqualTo("provider");
    }
}
