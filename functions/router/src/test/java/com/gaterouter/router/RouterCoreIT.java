package com.gaterouter.router;

import com.gaterouter.common.testing.LambdaTestContext;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseStream.StreamResult;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.RecordingSseSink;
import com.gaterouter.common.testing.Since;
import com.gaterouter.common.usage.FailedAttempt;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.testing.AccountsFixture;
import com.gaterouter.router.testing.RouterTestbed;
import com.gaterouter.router.vendors.OpenAiUsage;
import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.SimVendor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The router core end to end below the transport: real DynamoDB Local tables from template.yaml,
 * the vendor simulator as OpenAI, the real wiring. Each test has its own tenant.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class RouterCoreIT {

    @RegisterExtension
    static final RouterTestbed testbed = new RouterTestbed();
    private static RouterApp router;

    private String tenant;
    private String key;
    /** The router runs on the real clock: its usage is read from every day the test ran in. */
    private Since since;

    /** A fresh router per test: circuit breakers and key caches must not carry over. */
    private static void newRouter() {
        router = testbed.router(testbed.settings(Duration.ofSeconds(30)), RequestMetrics.NONE, Clock.systemUTC());
    }

    @BeforeEach
    void newTenantAndKey() {
        newRouter();
        testbed.simulator().faults().clear();
        since = Since.now();
        tenant = "t-" + UUID.randomUUID();
        key = new AccountsFixture(testbed.accounts(), tenant).appKey(ModelPolicy.UNRESTRICTED);
    }

    private ApiRequest post(String body) {
        return new ApiRequest("POST", "/v1/chat/completions", Map.of(),
                Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), "req-" + UUID.randomUUID(), Instant.now());
    }

    /** Sends a streamed chat request and writes its events to a recording sink, as the Lambda response stream would. */
    private RecordingSseSink relayed(String body) {
        RecordingSseSink sink = new RecordingSseSink();
        ((ApiResponse.Streamed) router.handle(post(body))).events().writeTo(sink);
        return sink;
    }

    private List<UsageRecord> usage() {
        return testbed.usage(tenant, since);
    }

    private static JsonNode json(ApiResponse response) throws Exception {
        return Json.MAPPER.readTree(((ApiResponse.Buffered) response).body());
    }

    @Test
    void completionIsAnsweredInOpenAiFormCostedAndMeteredOnce() throws Exception {
        ApiRequest request = post("""
                {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Say hello to the gateway"}]}""");
        ApiResponse response = router.handle(request);

        ApiResponse.Buffered buffered = (ApiResponse.Buffered) response;
        assertThat(buffered.status()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isNotBlank();
        assertThat(buffered.headers()).containsEntry("x-gaterouter-model", "openai/gpt-4o-mini")
                .containsEntry("x-gaterouter-vendor", "openai").containsEntry("x-gaterouter-attempts", "1")
                .containsEntry("x-request-id", request.requestId()).containsKey("x-gaterouter-cost-usd");

        // the simulator saw the upstream model name, and exactly one call
        assertThat(testbed.simulator().requests(SimVendor.OPENAI).getLast().body()).contains("\"model\":\"gpt-4o-mini\"");

        List<UsageRecord> records = usage();
        assertThat(records).hasSize(1);
        UsageRecord record = records.get(0);
        assertThat(record.requestId()).isEqualTo(request.requestId());
        assertThat(record.status()).isEqualTo(UsageStatus.SUCCEEDED);
        assertThat(record.tokens()).isEqualTo(OpenAiUsage.parse(body.path("usage")));
        ModelSpec model = testbed.model("openai/gpt-4o-mini");
        long expected = model.priceOn(LocalDate.ofInstant(record.occurredAt(), ZoneOffset.UTC)).costOf(record.tokens());
        assertThat(record.costMicros()).isEqualTo(expected).isPositive();
        assertThat(body.path("usage").path("cost").decimalValue().movePointRight(6).longValueExact()).isEqualTo(expected);
    }

    @Test
    void streamRelaysChunksEndsWithDoneAndMetersEvenWithoutIncludeUsage() throws Exception {
        ApiResponse response = router.handle(post("""
                {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Stream please [[sim:tokens=20]]"}]}"""));
        RecordingSseSink sink = new RecordingSseSink();
        assertThat(((ApiResponse.Streamed) response).events().writeTo(sink)).isInstanceOf(StreamResult.Delivered.class);

        assertThat(sink.headers()).containsEntry("x-gaterouter-model", "openai/gpt-4o-mini").containsEntry("x-gaterouter-route-reason", "alias");
        assertThat(sink.events().getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : sink.events().subList(0, sink.events().size() - 1)) {
            chunks.add(Json.MAPPER.readTree(event));
        }
        assertThat(chunks).hasSizeGreaterThan(2).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("model").asText()).isEqualTo("openai/gpt-4o-mini");
            assertThat(chunk.has("usage")).as("client did not ask for usage").isFalse();
        });
        // upstream was asked for usage anyway, and the record has it
        assertThat(testbed.simulator().requests(SimVendor.OPENAI).getLast().body()).contains("\"include_usage\":true");
        UsageRecord record = usage().get(0);
        assertThat(record.stream()).isTrue();
        assertThat(record.tokens().completionTokens()).isEqualTo(20);
        assertThat(record.costMicros()).isPositive();
    }

    @Test
    void streamWithIncludeUsageEndsWithACostedUsageChunkMatchingTheRecord() throws Exception {
        RecordingSseSink sink = relayed("""
                {"model":"openai/gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Count to five"}]}""");
        JsonNode usageChunk = Json.MAPPER.readTree(sink.events().get(sink.events().size() - 2));
        assertThat(usageChunk.path("choices")).isEmpty();
        long cost = usageChunk.path("usage").path("cost").decimalValue().movePointRight(6).longValueExact();
        assertThat(usage().get(0).costMicros()).isEqualTo(cost);
        assertThat(usage().get(0).tokens()).isEqualTo(OpenAiUsage.parse(usageChunk.path("usage")));
    }

    @Test
    void deepSeeksCacheHitsAreBilledAtTheCachedPrice() throws Exception {
        // the simulator reports half of a prompt over 1,024 tokens as a cache hit
        String longPrompt = "background ".repeat(3_000);
        ApiResponse.Buffered response = (ApiResponse.Buffered) router.handle(post("""
                {"model":"deepseek/deepseek-chat","messages":[{"role":"user","content":"%s"}]}""".formatted(longPrompt)));
        assertThat(response.status()).isEqualTo(200);
        JsonNode usage = json(response).path("usage");
        assertThat(usage.path("prompt_cache_hit_tokens").asLong()).isPositive();
        UsageRecord record = usage().get(0);
        assertThat(record.tokens().cachedPromptTokens()).isEqualTo(usage.path("prompt_cache_hit_tokens").asLong());
        // $0.28 per 1M uncached input, $0.028 cached, $0.42 output, one rounding at the end
        long expected = (record.tokens().uncachedPromptTokens() * 280_000 + record.tokens().cachedPromptTokens() * 28_000
                + record.tokens().completionTokens() * 420_000 + 500_000) / 1_000_000;
        assertThat(record.costMicros()).isEqualTo(expected);
    }

    @Test
    void wrongKeyUnknownModelAndBadBodyGetTheDocumentedErrors() throws Exception {
        ApiResponse unauthorized = router.handle(new ApiRequest("POST", "/v1/chat/completions", Map.of(),
                Map.of("Authorization", "Bearer gr-wrong"), "{}".getBytes(StandardCharsets.UTF_8), "r1", Instant.now()));
        assertThat(((ApiResponse.Buffered) unauthorized).status()).isEqualTo(401);
        assertThat(json(unauthorized).path("error").path("code").asText()).isEqualTo("invalid_api_key");

        ApiResponse unknown = router.handle(post("{\"model\":\"nope/model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        assertThat(((ApiResponse.Buffered) unknown).status()).isEqualTo(404);
        assertThat(json(unknown).path("error").path("param").asText()).isEqualTo("model");

        ApiResponse bad = router.handle(post("{\"model\":\"openai/gpt-4o-mini\",\"messages\":[]}"));
        assertThat(((ApiResponse.Buffered) bad).status()).isEqualTo(400);
        assertThat(json(bad).path("error").path("param").asText()).isEqualTo("messages");

        assertThat(testbed.simulator().requests()).noneMatch(r -> r.body().contains("nope/model"));
        assertThat(usage()).isEmpty();
    }

    @Test
    void vendorFaultsAreRetriedOrMappedToGatewayErrorsAndMetered() throws Exception {
        String body = "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

        // Retry-After longer than the policy waits: answered at once as 429, not retried
        testbed.simulator().faults().enqueue(SimVendor.OPENAI, new Fault.RateLimited(Duration.ofSeconds(7)));
        ApiResponse.Buffered limited = (ApiResponse.Buffered) router.handle(post(body));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers()).containsEntry("retry-after", "7").containsEntry("x-gaterouter-attempts", "1");

        // one 500, then success: retried on the same model
        testbed.simulator().faults().enqueue(SimVendor.OPENAI, new Fault.ServerError(500));
        ApiResponse.Buffered retried = (ApiResponse.Buffered) router.handle(post(body));
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.headers()).containsEntry("x-gaterouter-attempts", "2");

        // 500 on every attempt: 502 after the policy's three
        testbed.simulator().faults().enqueue(SimVendor.OPENAI, new Fault.ServerError(500), 3);
        ApiResponse.Buffered exhausted = (ApiResponse.Buffered) router.handle(post(body));
        assertThat(exhausted.status()).isEqualTo(502);
        assertThat(exhausted.headers()).containsEntry("x-gaterouter-attempts", "3");

        // a malformed answer is not retried on the same model
        testbed.simulator().faults().enqueue(SimVendor.OPENAI, new Fault.MalformedJson());
        ApiResponse.Buffered malformed = (ApiResponse.Buffered) router.handle(post(body));
        assertThat(malformed.status()).isEqualTo(502);
        assertThat(json(malformed).path("error").path("code").asText()).isEqualTo("vendor_malformed_response");

        // a vendor that does not answer within the limit (3 s here) is retried — on a fresh router: the five failures above
        // in a row have (rightly) opened OpenAI's circuit breaker on this one
        newRouter();
        testbed.simulator().faults().enqueue(SimVendor.OPENAI, new Fault.Timeout(Duration.ofSeconds(4)));
        ApiResponse.Buffered afterTimeout = (ApiResponse.Buffered) router.handle(post(body));
        assertThat(afterTimeout.status()).isEqualTo(200);
        assertThat(afterTimeout.headers()).containsEntry("x-gaterouter-attempts", "2");

        assertThat(usage()).extracting(UsageRecord::status).containsExactlyInAnyOrder(UsageStatus.VENDOR_FAILED, UsageStatus.SUCCEEDED,
                UsageStatus.VENDOR_FAILED, UsageStatus.VENDOR_FAILED, UsageStatus.SUCCEEDED);
        assertThat(usage()).filteredOn(r -> r.status() == UsageStatus.VENDOR_FAILED).allSatisfy(r -> assertThat(r.costMicros()).isZero());
    }

    @Test
    void aFailingModelFallsBackToTheNextInTheModelsList() throws Exception {
        testbed.simulator().faults().enqueue(SimVendor.OPENAI, new Fault.ServerError(503), 3);
        ApiResponse.Buffered response = (ApiResponse.Buffered) router.handle(post("""
                {"model":"openai/gpt-4o-mini","models":["deepseek/deepseek-chat"],
                 "messages":[{"role":"user","content":"x"}]}"""));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("x-gaterouter-model", "deepseek/deepseek-chat")
                .containsEntry("x-gaterouter-route-reason", "fallback").containsEntry("x-gaterouter-attempts", "4");
        assertThat(json(response).path("model").asText()).isEqualTo("deepseek/deepseek-chat");
        assertThat(usage()).singleElement().satisfies(r -> {
            assertThat(r.servedModel()).isEqualTo("deepseek/deepseek-chat");
            assertThat(r.attempts()).isEqualTo(4);
        });
    }

    @Test
    void theStoredUsageRecordListsTheAttemptsAFallbackReplaced() throws Exception {
        // in-band: the fault hits only OpenAI, on every attempt; DeepSeek, next in the list, serves
        ApiResponse.Buffered response = (ApiResponse.Buffered) router.handle(post("""
                {"model":"openai/gpt-4o-mini","models":["deepseek/deepseek-chat"],
                 "messages":[{"role":"user","content":"x [[sim:fault=server_error,status=503,vendor=openai]]"}]}"""));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("x-gaterouter-model", "deepseek/deepseek-chat");

        UsageRecord record = usage().get(0);
        assertThat(record.servedModel()).isEqualTo("deepseek/deepseek-chat");
        assertThat(record.vendor()).isEqualTo("deepseek");
        assertThat(record.status()).isEqualTo(UsageStatus.SUCCEEDED);
        assertThat(record.attempts()).isEqualTo(4);
        assertThat(record.tier()).isEmpty();
        assertThat(record.failedAttempts()).hasSize(3).allSatisfy(f -> {
            assertThat(f.modelId()).isEqualTo("openai/gpt-4o-mini");
            assertThat(f.vendor()).isEqualTo("openai");
            assertThat(f.failureKind()).isEqualTo("SERVER_ERROR");
            assertThat(f.httpStatus()).isEqualTo(OptionalInt.of(503));
            assertThat(f.latencyMillis()).isNotNegative();
        }).extracting(FailedAttempt::attempt).containsExactly(1, 2, 3);
    }

    @Test
    void theStoredUsageRecordListsTheAttemptARetryOnTheSameModelReplaced() throws Exception {
        // times=1: the first request carrying the directive fails, its retry succeeds — buffered, then streamed
        ApiResponse.Buffered response = (ApiResponse.Buffered) router.handle(post("""
                {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"x [[sim:fault=server_error,status=502,times=1]]"}]}"""));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("x-gaterouter-attempts", "2");
        assertThat(usage()).singleElement().satisfies(r -> {
            assertThat(r.servedModel()).isEqualTo("openai/gpt-4o-mini");
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(r.failedAttempts()).singleElement().satisfies(f -> {
                assertThat(f.attempt()).isEqualTo(1);
                assertThat(f.modelId()).isEqualTo("openai/gpt-4o-mini");
                assertThat(f.failureKind()).isEqualTo("SERVER_ERROR");
                assertThat(f.httpStatus()).isEqualTo(OptionalInt.of(502));
            });
        });

        RecordingSseSink sink = relayed("""
                {"model":"openai/gpt-4o-mini","stream":true,
                 "messages":[{"role":"user","content":"y [[sim:fault=rate_limit,retry_after_ms=20,times=1]]"}]}""");
        assertThat(sink.events().getLast()).isEqualTo("[DONE]");
        assertThat(usage()).filteredOn(UsageRecord::stream).singleElement().satisfies(r -> {
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(r.failedAttempts()).singleElement().satisfies(f -> {
                assertThat(f.failureKind()).isEqualTo("RATE_LIMITED");
                assertThat(f.httpStatus()).isEqualTo(OptionalInt.of(429));
            });
        });
    }

    @Test
    void aStreamIsRetriedBeforeItsFirstByteButNeverAfter() throws Exception {
        testbed.simulator().faults().enqueue(SimVendor.OPENAI, new Fault.ServerError(500));
        RecordingSseSink sink = relayed("""
                {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"x"}]}""");
        assertThat(sink.headers()).containsEntry("x-gaterouter-attempts", "2");
        assertThat(sink.events().getLast()).isEqualTo("[DONE]");

        int before = testbed.simulator().requestCount(SimVendor.OPENAI);
        int deepSeekBefore = testbed.simulator().requestCount(SimVendor.DEEPSEEK);
        testbed.simulator().faults().enqueue(SimVendor.OPENAI, new Fault.StreamCut(2));
        RecordingSseSink cut = relayed("""
                {"model":"openai/gpt-4o-mini","models":["deepseek/deepseek-chat"],"stream":true,
                 "messages":[{"role":"user","content":"x [[sim:tokens=30]]"}]}""");
        assertThat(testbed.simulator().requestCount(SimVendor.OPENAI) - before).as("no second OpenAI call after bytes reached the client").isEqualTo(1);
        assertThat(testbed.simulator().requestCount(SimVendor.DEEPSEEK) - deepSeekBefore).as("and no fallback either").isZero();
        assertThat(Json.MAPPER.readTree(cut.events().getLast()).path("error").path("code").asText()).isEqualTo("vendor_stream_failed");
    }

    @Test
    void aStreamCutMidWayEndsWithAnErrorEventAndIsStillMetered() throws Exception {
        testbed.simulator().faults().enqueue(SimVendor.OPENAI, new Fault.StreamCut(3));
        ApiResponse response = router.handle(post("""
                {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"long one [[sim:tokens=40]]"}]}"""));
        RecordingSseSink sink = new RecordingSseSink();
        assertThat(((ApiResponse.Streamed) response).events().writeTo(sink)).isInstanceOf(StreamResult.Delivered.class);

        JsonNode last = Json.MAPPER.readTree(sink.events().getLast());
        assertThat(last.path("error").path("code").asText()).isEqualTo("vendor_stream_failed");
        assertThat(sink.events()).doesNotContain("[DONE]");
        UsageRecord record = usage().get(0);
        assertThat(record.status()).isEqualTo(UsageStatus.VENDOR_FAILED);
        assertThat(record.tokens().completionTokens()).as("generated text is billed, not $0").isPositive();
    }

    @Test
    void aStreamThatOutlivesItsTotalTimeLimitIsCutAndMeteredForWhatWasGenerated() throws Exception {
        // 60 tokens at 10 tokens/s would take 6 s; the total limit is 3 s
        ApiResponse response = router.handle(post("""
                {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"slow [[sim:tokens=60,tps=10]]"}]}"""));
        RecordingSseSink sink = new RecordingSseSink();
        long start = System.nanoTime();
        ((ApiResponse.Streamed) response).events().writeTo(sink);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(2_500), Duration.ofMillis(4_500));
        JsonNode last = Json.MAPPER.readTree(sink.events().getLast());
        assertThat(last.path("error").path("code").asText()).isEqualTo("vendor_stream_failed");
        assertThat(last.path("error").path("message").asText()).contains("did not answer in time");
        assertThat(usage()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(UsageStatus.VENDOR_FAILED);
            assertThat(r.tokens().completionTokens()).isBetween(10L, 45L);
        });
    }

    @Test
    void aStreamThatFailsBeforeItsFirstChunkAnswersWithAPlainError() {
        testbed.simulator().faults().enqueue(SimVendor.OPENAI, new Fault.ServerError(503), 3);
        ApiResponse response = router.handle(post("""
                {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"x"}]}"""));
        RecordingSseSink sink = new RecordingSseSink();
        StreamResult result = ((ApiResponse.Streamed) response).events().writeTo(sink);
        assertThat(result).isInstanceOf(StreamResult.NotStarted.class);
        assertThat(((StreamResult.NotStarted) result).response().status()).isEqualTo(502);
        assertThat(sink.headers()).isNull();
    }

    @Test
    void theApiGatewayHandlerServesTheSameCoreWithABufferedStream() throws Exception {
        RouterFunction function = new RouterFunction(router::handle);
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST").withPath("/v1/chat/completions")
                .withHeaders(Map.of("Authorization", "Bearer " + key))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("apigw-" + UUID.randomUUID()))
                .withBody("{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        java.io.PrintStream console = System.out;
        java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(logged, true, StandardCharsets.UTF_8));
        APIGatewayProxyResponseEvent response;
        try {
            response = function.handleRequest(event, LambdaTestContext.of("gaterouter-test-router"));
        } finally {
            System.setOut(console);
        }

        // Powertools JSON logs, correlated by API Gateway's request id, with no key or prompt in them
        JsonNode summary = logged.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{"))
                .map(l -> { try { return Json.MAPPER.readTree(l); } catch (Exception e) { throw new AssertionError(l, e); } })
                .filter(l -> l.path("message").asText().startsWith("chat completion")).findFirst().orElseThrow();
        assertThat(summary.path("correlation_id").asText()).isEqualTo(event.getRequestContext().getRequestId());
        assertThat(summary.path("function_name").asText()).isEqualTo("gaterouter-test-router");
        assertThat(summary.path("model").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain(key).doesNotContain("\"content\":\"hi\"");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("content-type", "text/event-stream; charset=utf-8");
        assertThat(response.getBody()).startsWith("data: {").endsWith("data: [DONE]\n\n");
        assertThat(usage()).singleElement().satisfies(r -> assertThat(r.requestId()).isEqualTo(event.getRequestContext().getRequestId()));
    }

}
