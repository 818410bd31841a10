package com.gaterouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class ControlEndpointTest extends SimulatorTestBase {

    private static URI control(String path) {
        return URI.create(sim.baseUri() + "/_sim" + path);
    }

    @Test
    void healthAnswers200() {
        SimHttp.Reply health = SimHttp.get(control("/health"));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void postedFaultsAreServedThenCleared() {
        SimHttp.Reply queued = SimHttp.post(control("/faults"), """
                {"vendor":"openai","fault":"rate_limit","retryAfterSeconds":1,"times":2}""");
        assertThat(queued.status()).isEqualTo(200);
        assertThat(queued.json().path("queued").asInt()).isEqualTo(2);
        assertThat(sim.faults().pending(SimVendor.OPENAI)).isEqualTo(2);

        SimHttp.Reply first = VendorCalls.call(sim, SimVendor.OPENAI, "x");
        assertThat(first.status()).isEqualTo(429);
        assertThat(first.header("retry-after")).hasValue("1");
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, "x").status()).isEqualTo(429);
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, "x").status()).isEqualTo(200);

        SimHttp.post(control("/faults"), """
                {"vendor":"anthropic","fault":"server_error","status":529,"times":3}""");
        SimHttp.post(control("/faults"), """
                {"vendor":"gemini","fault":"stream_cut","afterChunks":1}""");
        JsonNode pending = SimHttp.get(control("/faults")).json().path("pending");
        assertThat(pending.path("anthropic").asInt()).isEqualTo(3);
        assertThat(pending.path("gemini").asInt()).isEqualTo(1);

        SimHttp.send(HttpRequest.newBuilder(URI.create(control("/faults") + "?vendor=gemini")).DELETE());
        assertThat(sim.faults().pending(SimVendor.GEMINI)).isZero();
        assertThat(sim.faults().pending(SimVendor.ANTHROPIC)).isEqualTo(3);
        SimHttp.Reply cleared = SimHttp.send(HttpRequest.newBuilder(control("/faults")).DELETE());
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(VendorCalls.call(sim, SimVendor.ANTHROPIC, "x").status()).isEqualTo(200);
    }

    @Test
    void everyFaultKindCanBeQueued() {
        String[] bodies = {
            "{\"vendor\":\"deepseek\",\"fault\":\"timeout\",\"hangMs\":50}",
            "{\"vendor\":\"deepseek\",\"fault\":\"malformed\"}",
            "{\"vendor\":\"deepseek\",\"fault\":\"unauthorized\"}",
            "{\"vendor\":\"deepseek\",\"fault\":\"stream_error\",\"after\":1,\"status\":500}"};
        for (String body : bodies) {
            assertThat(SimHttp.post(control("/faults"), body).status()).as(body).isEqualTo(200);
        }
        assertThat(sim.faults().pending(SimVendor.DEEPSEEK)).isEqualTo(4);
    }

    @Test
    void badControlRequestsAre400() {
        assertThat(SimHttp.post(control("/faults"), "{\"vendor\":\"acme\",\"fault\":\"rate_limit\"}").status()).isEqualTo(400);
        assertThat(SimHttp.post(control("/faults"), "{\"vendor\":\"openai\",\"fault\":\"gremlins\"}").status()).isEqualTo(400);
        assertThat(SimHttp.post(control("/faults"), "{\"vendor\":\"openai\",\"fault\":\"rate_limit\",\"times\":0}").status())
                .isEqualTo(400);
        assertThat(SimHttp.post(control("/faults"), "not json").status()).isEqualTo(400);
        assertThat(SimHttp.get(control("/nothing")).status()).isEqualTo(404);
        assertThat(SimHttp.post(control("/health"), "{}").status()).isEqualTo(405);
    }

    @Test
    void recordedRequestsAreListedWithoutSecrets() {
        VendorCalls.call(sim, SimVendor.OPENAI, "list me");
        JsonNode requests = SimHttp.get(control("/requests")).json().path("requests");
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).path("vendor").asText()).isEqualTo("openai");
        assertThat(requests.get(0).path("headers").path("authorization").asText()).isEqualTo("Bearer ****1234");
        assertThat(requests.get(0).path("body").asText()).contains("list me");
        assertThat(SimHttp.send(HttpRequest.newBuilder(control("/requests")).DELETE()).status()).isEqualTo(200);
        assertThat(sim.requests()).isEmpty();
    }
}
