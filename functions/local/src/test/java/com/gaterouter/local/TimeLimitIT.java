package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.testing.Since;
import com.gaterouter.common.usage.UsageRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 4: the local gateway keeps the documented request time limit across attempts (here
 * set low: 2 s buffered, 3 s streamed) and answers the documented 504, metered once.
 */
class TimeLimitIT {

    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(2);
    private static final Duration STREAM_LIMIT = Duration.ofSeconds(3);
    /** Settling (usage record, answer) and a loaded test machine. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static LocalGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayHttp.start(Map.of("GATEROUTER_REQUEST_TIME_LIMIT_SECONDS", Long.toString(REQUEST_LIMIT.toSeconds()),
                        "GATEROUTER_STREAM_TIME_LIMIT_SECONDS", Long.toString(STREAM_LIMIT.toSeconds()))).gateway();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aHangingVendorGetsThe504WithinTheLimitMeteredOnce() throws Exception {
        Since sent = Since.now();
        long started = System.nanoTime();
        // the simulator hangs 30 s (within its 60 s bound); without the limit: 3 attempts of up to 60 s each
        HttpResponse<String> response = HTTP.send(chat("""
                {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"hang [[sim:fault=timeout,seconds=30]]"}]}"""),
                HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(504);
        JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("api_error");
        assertThat(error.path("code").asText()).isEqualTo("vendor_timeout");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(took).isGreaterThanOrEqualTo(REQUEST_LIMIT.minusMillis(100)).isLessThan(REQUEST_LIMIT.plus(SLACK));
        assertThat(recordsOf(sent, response)).singleElement().satisfies(r -> assertThat(r.httpStatus()).isEqualTo(504));
    }

    @Test
    void aStreamThatStartedEndsWithAnErrorEventAtTheStreamLimit() throws Exception {
        Since sent = Since.now();
        long started = System.nanoTime();
        // 400 tokens at the local simulator's 80 tokens/s: 5 s, longer than the 3 s stream limit
        HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(chat("""
                {"model":"openai/gpt-4o-mini","stream":true,
                 "messages":[{"role":"user","content":"long [[sim:tokens=400]]"}]}"""), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = response.body().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(STREAM_LIMIT.plus(SLACK));
        assertThat(data.size()).as("content arrived before the limit").isGreaterThan(3);
        // the documented end of a stream that fails after its first event: an error event, no [DONE]
        assertThat(data).doesNotContain("[DONE]");
        JsonNode last = Json.MAPPER.readTree(data.getLast());
        assertThat(last.path("error").path("code").asText()).isEqualTo("vendor_stream_failed");
        assertThat(last.path("error").path("message").asText()).contains("did not answer in time");
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(recordsOf(sent, requestId)).singleElement().satisfies(r -> assertThat(r.tokens().completionTokens()).isPositive());
    }

    @Test
    void aStreamWhoseVendorNeverStartsGetsThePlain504() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = HTTP.send(chat("""
                {"model":"openai/gpt-4o-mini","stream":true,
                 "messages":[{"role":"user","content":"hang [[sim:fault=timeout,seconds=30]]"}]}"""),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(Json.MAPPER.readTree(response.body()).path("error").path("code").asText()).isEqualTo("vendor_timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(STREAM_LIMIT.plus(SLACK));
    }

    private static HttpRequest chat(String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + gateway.demoApiKey())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static List<UsageRecord> recordsOf(Since sent, HttpResponse<?> response) throws Exception {
        return recordsOf(sent, response.headers().firstValue("x-request-id").orElseThrow());
    }

    private static List<UsageRecord> recordsOf(Since sent, String requestId) throws Exception {
        // the usage store follows the usage journal: wait for the applier to have applied what was answered
        gateway.usageJournal().orElseThrow().flush(Duration.ofSeconds(30));
        var store = gateway.usageStore();
        return sent.days().stream().flatMap(day -> store.findByTenantAndDay(DemoTenant.TENANT_ID, day).stream())
                .filter(r -> r.requestId().equals(requestId)).toList();
    }
}
