package com.gaterouter.router.chat;

import com.gaterouter.router.lifecycle.RequestLifecycle;
import com.gaterouter.router.testing.EndpointUnderTest;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.planning.Candidate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.secrets.SecretsSource;
import com.gaterouter.common.usage.FailedAttempt;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.resilience.Attempts;
import com.gaterouter.router.resilience.CircuitBreakers;
import com.gaterouter.router.resilience.RetryPolicy;
import com.gaterouter.router.testing.RecordingUsageStore;
import com.gaterouter.router.testing.TestAccounts;
import com.gaterouter.router.vendors.ChunkConsumer;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorKeys;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Retries, fallback, circuit breaking and key refresh, against scripted vendors (no I/O). */
class ChatCompletionsTest {

    /** Two vendors speaking two (fake) API shapes, so each can be scripted on its own. */
    private static final String CATALOG = """
            {"vendors":{"a":{"api":"openai-chat","baseUrl":"http://a","keyField":"a"},
                        "b":{"api":"anthropic-messages","baseUrl":"http://b","keyField":"b"}},
             "models":[
               {"id":"a/one","vendor":"a","upstream":"one","contextWindow":1000,"maxOutputTokens":100,"capabilities":["tools"],
                "prices":[{"effective":"2025-01-01","input":"1","output":"2"}]},
               {"id":"b/two","vendor":"b","upstream":"two","contextWindow":1000,"maxOutputTokens":100,"capabilities":[],
                "prices":[{"effective":"2025-01-01","input":"1","output":"2"}]},
               {"id":"b/big","vendor":"b","upstream":"big","contextWindow":4000,"maxOutputTokens":100,"capabilities":[],
                "prices":[{"effective":"2025-01-01","input":"1","output":"2"}]}]}""";

    /** A vendor that answers from a script, then succeeds. */
    static final class ScriptedVendor implements VendorClient {
        final Deque<VendorFailure> failures = new ArrayDeque<>();
        final List<String> keysSeen = new ArrayList<>();
        final List<VendorCall> callsSeen = new ArrayList<>();
        long delayMillis;
        int calls;

        @Override
        public VendorResult complete(VendorCall call) {
            calls++;
            keysSeen.add(call.apiKey());
            callsSeen.add(call);
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!failures.isEmpty()) {
                return new VendorResult.Failed(failures.poll());
            }
            ObjectNode completion = Json.MAPPER.createObjectNode().put("object", "chat.completion");
            completion.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", "ok");
            return new VendorResult.Completed(completion, new TokenUsage(10, 0, 0, 5, 0));
        }

        @Override
        public StreamOutcome stream(VendorCall call, ChunkConsumer consumer) {
            throw new UnsupportedOperationException();
        }
    }

    static final class Secrets implements SecretsSource {
        final Map<String, Map<String, String>> values = new HashMap<>();
        int invalidations;

        @Override
        public Optional<Map<String, String>> secretFields(String secretId) {
            return Optional.ofNullable(values.get(secretId));
        }

        @Override
        public void invalidate(String secretId) {
            invalidations++;
        }
    }

    private final ScriptedVendor vendorA = new ScriptedVendor();
    private final ScriptedVendor vendorB = new ScriptedVendor();
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<UsageRecord> recorded = new ArrayList<>();
    private final Secrets secrets = new Secrets();
    private final EndpointUnderTest service;
    private final Caller caller = TestAccounts.unrestricted();

    ChatCompletionsTest() throws Exception {
        secrets.values.put("platform", Map.of("a", "key-a", "b", "key-b"));
        service = service(Optional.empty());
    }

    /** The service over the two scripted vendors, with an optional time limit on each request. */
    private EndpointUnderTest service(Optional<Duration> requestTimeLimit) throws Exception {
        ModelCatalog catalog = ModelCatalog.parse(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)));
        return new EndpointUnderTest(new RequestLifecycle(new Attempts(new VendorKeys(secrets, "platform"), RetryPolicy.DEFAULT,
                        new CircuitBreakers(5, Duration.ofSeconds(30), Clock.systemUTC()), sleeps::add, requestTimeLimit),
                new UsageMeter(new RecordingUsageStore(recorded), Runnable::run), RequestMetrics.NONE),
                new ChatCompletions(new CandidatePlanner(catalog, Map.of(VendorApi.OPENAI_CHAT, vendorA, VendorApi.ANTHROPIC_MESSAGES, vendorB))));
    }

    @Test
    void aRequestOutOfTimeStopsTryingAnswers504AndIsStillMetered() throws Exception {
        EndpointUnderTest limited = service(Optional.of(Duration.ofMillis(20)));
        vendorA.delayMillis = 40;
        vendorA.failures.add(fail(VendorFailure.Kind.SERVER_ERROR));
        var response = (ApiResponse.Buffered) limited.serve(new ApiRequest("POST", "/v1/chat/completions", Map.of(), Map.of(),
                "{\"models\":[\"a/one\",\"b/two\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        .getBytes(StandardCharsets.UTF_8), "req-late", Instant.now()), caller);

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.bodyText()).contains("vendor_timeout").contains("time limit");
        assertThat(vendorA.calls).as("no retry after the time is up").isEqualTo(1);
        assertThat(vendorB.calls).as("no fallback after the time is up").isZero();
        assertThat(recorded).singleElement().satisfies(r -> assertThat(r.failedAttempts()).hasSize(1));
    }

    @Test
    void eachVendorCallIsCutToTheTimeTheRequestHasLeft() throws Exception {
        EndpointUnderTest limited = service(Optional.of(Duration.ofSeconds(20)));
        var response = (ApiResponse.Buffered) limited.serve(new ApiRequest("POST", "/v1/chat/completions", Map.of(), Map.of(),
                "{\"model\":\"a/one\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8),
                "req-cut", Instant.now()), caller);

        assertThat(response.status()).isEqualTo(200);
        VendorCall seen = vendorA.callsSeen.getFirst();
        assertThat(seen.deadline()).isPresent();
        com.gaterouter.router.vendors.VendorTimeouts cut = seen.timeouts(com.gaterouter.router.vendors.VendorTimeouts.DEFAULT);
        assertThat(cut.total()).isLessThanOrEqualTo(Duration.ofSeconds(20)).isGreaterThan(Duration.ofSeconds(19));
        assertThat(cut.firstByte()).isEqualTo(cut.total());
        assertThat(cut.connect()).isEqualTo(com.gaterouter.router.vendors.VendorTimeouts.DEFAULT.connect());
    }

    @Test
    void aStreamedRequestHasTheStreamLimitABufferedOneTheRequestLimit() throws Exception {
        ModelCatalog catalog = ModelCatalog.parse(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)));
        var model = catalog.resolve("a/one").orElseThrow();
        var candidate = new Candidate(model, catalog.vendor(model.vendor()), vendorA, "a/one");
        Attempts attempts = new Attempts(new VendorKeys(secrets, "platform"), RetryPolicy.DEFAULT,
                new CircuitBreakers(5, Duration.ofSeconds(30), Clock.systemUTC()), sleeps::add,
                Optional.of(Duration.ofSeconds(24)), Optional.of(Duration.ofSeconds(840)));
        List<Duration> left = new ArrayList<>();
        for (boolean stream : new boolean[] {false, true}) {
            ObjectNode request = Json.MAPPER.createObjectNode().put("model", "a/one").put("stream", stream);
            attempts.run(new Attempts.Progress(List.of(candidate)), "t", request, "req-" + stream, call -> {
                left.add(Duration.between(Instant.now(), call.deadline().orElseThrow()));
                return new Attempts.Outcome.Success<>("ok");
            });
        }
        assertThat(left.get(0)).isLessThanOrEqualTo(Duration.ofSeconds(24)).isGreaterThan(Duration.ofSeconds(23));
        assertThat(left.get(1)).isLessThanOrEqualTo(Duration.ofSeconds(840)).isGreaterThan(Duration.ofSeconds(839));
    }

    private ApiResponse.Buffered call(String body) {
        return call(body, caller);
    }

    private ApiResponse.Buffered call(String body, Caller as) {
        return (ApiResponse.Buffered) service.serve(new ApiRequest("POST", "/v1/chat/completions", Map.of(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8), "req-" + System.nanoTime(), Instant.now()), as);
    }

    private static VendorFailure fail(VendorFailure.Kind kind) {
        return VendorFailure.of(kind, 500, kind.name());
    }

    @Test
    void retriesWithBackoffThenSucceedsOnTheSameModel() {
        vendorA.failures.add(fail(VendorFailure.Kind.SERVER_ERROR));
        vendorA.failures.add(fail(VendorFailure.Kind.CONNECTION));
        var response = call("{\"model\":\"a/one\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("x-gaterouter-attempts", "3");
        assertThat(vendorA.calls).isEqualTo(3);
        assertThat(sleeps).hasSize(2).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(400)));
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.attempts()).isEqualTo(3);
            assertThat(r.failedAttempts()).extracting(FailedAttempt::failureKind).containsExactly("SERVER_ERROR", "CONNECTION");
        });
    }

    @Test
    void theUsageRecordListsTheAttemptsARetryOrAFallbackReplaced() {
        vendorA.failures.add(VendorFailure.of(VendorFailure.Kind.SERVER_ERROR, 503, "a: unavailable"));
        vendorA.failures.add(VendorFailure.of(VendorFailure.Kind.TIMEOUT, 0, "a: no answer"));
        vendorA.failures.add(new VendorFailure(VendorFailure.Kind.RATE_LIMITED, 429, Optional.of(Duration.ofMillis(10)), "a: slow"));
        var response = call("{\"models\":[\"a/one\",\"b/two\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.status()).isEqualTo(200);

        UsageRecord record = recorded.getLast();
        assertThat(record.servedModel()).isEqualTo("b/two");
        assertThat(record.attempts()).isEqualTo(4);
        assertThat(record.tier()).as("no auto-router yet").isEmpty();
        assertThat(record.failedAttempts()).extracting(FailedAttempt::attempt, FailedAttempt::modelId, FailedAttempt::vendor,
                FailedAttempt::failureKind, FailedAttempt::httpStatus).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "a/one", "a", "SERVER_ERROR", OptionalInt.of(503)),
                org.assertj.core.groups.Tuple.tuple(2, "a/one", "a", "TIMEOUT", OptionalInt.empty()),
                org.assertj.core.groups.Tuple.tuple(3, "a/one", "a", "RATE_LIMITED", OptionalInt.of(429)));
        assertThat(record.failedAttempts()).allSatisfy(f -> assertThat(f.latencyMillis()).isNotNegative());

        // every attempt failing: all of them are listed on the failed request's record
        for (int i = 0; i < 3; i++) {
            vendorB.failures.add(VendorFailure.of(VendorFailure.Kind.SERVER_ERROR, 500, "b: down"));
        }
        assertThat(call("{\"model\":\"b/two\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").status()).isEqualTo(502);
        assertThat(recorded.getLast().failedAttempts()).hasSize(3).extracting(FailedAttempt::attempt).containsExactly(1, 2, 3);

        // and a request that succeeds at once lists none
        call("{\"model\":\"b/two\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(recorded.getLast().failedAttempts()).isEmpty();
    }

    @Test
    void honoursRetryAfterWhenItIsShort() {
        vendorA.failures.add(new VendorFailure(VendorFailure.Kind.RATE_LIMITED, 429, Optional.of(Duration.ofSeconds(3)), "slow down"));
        assertThat(call("{\"model\":\"a/one\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").status()).isEqualTo(200);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void fallsBackToTheNextModelAfterExhaustingRetriesAndNeverRetriesBadRequests() {
        for (int i = 0; i < 3; i++) {
            vendorA.failures.add(fail(VendorFailure.Kind.TIMEOUT));
        }
        var response = call("{\"models\":[\"a/one\",\"b/two\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("x-gaterouter-model", "b/two").containsEntry("x-gaterouter-route-reason", "fallback")
                .containsEntry("x-gaterouter-attempts", "4");

        vendorA.failures.add(VendorFailure.of(VendorFailure.Kind.BAD_REQUEST, 400, "a: bad request"));
        var rejected = call("{\"models\":[\"a/one\",\"b/two\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(vendorB.calls).as("the client's request is at fault: no fallback").isEqualTo(1);
    }

    @Test
    void aCallersErrorIsNeitherRetriedNorSentElsewhereNorHeldAgainstTheVendor() {
        String twoModels = "{\"models\":[\"a/one\",\"b/two\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        for (VendorFailure.Kind kind : List.of(VendorFailure.Kind.BAD_REQUEST, VendorFailure.Kind.CONTENT_FILTERED)) {
            // more refusals than the breaker's threshold (5): none of them is the vendor's failure
            for (int i = 0; i < 7; i++) {
                vendorA.failures.add(VendorFailure.of(kind, 400, "a answered HTTP 400: refused"));
                var response = call(twoModels);
                assertThat(response.status()).as(kind.name()).isEqualTo(400);
                assertThat(response.headers()).containsEntry("x-gaterouter-attempts", "1").containsEntry("x-should-retry", "false");
            }
        }
        assertThat(vendorA.calls).as("one call per request: no retry").isEqualTo(14);
        assertThat(vendorB.calls).as("no fallback").isZero();
        assertThat(sleeps).isEmpty();
        assertThat(recorded).hasSize(14).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(com.gaterouter.common.usage.UsageStatus.INVALID_REQUEST);
            assertThat(r.costMicros()).isZero();
            assertThat(r.failedAttempts()).singleElement().satisfies(f -> assertThat(f.httpStatus()).hasValue(400));
        });

        // the breaker stayed closed: the next request goes to A, not to B
        var served = call(twoModels);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.headers()).containsEntry("x-gaterouter-model", "a/one");
    }

    @Test
    void aPromptTooLongForTheWindowMovesOnOnlyToALargerWindow() {
        vendorA.failures.add(VendorFailure.of(VendorFailure.Kind.CONTEXT_LENGTH_EXCEEDED, 400, "a answered HTTP 400: prompt is too long"));
        var larger = call("{\"models\":[\"a/one\",\"b/two\",\"b/big\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(larger.status()).isEqualTo(200);
        assertThat(larger.headers()).as("b/two has the same window as a/one: skipped").containsEntry("x-gaterouter-model", "b/big")
                .containsEntry("x-gaterouter-attempts", "2");
        assertThat(vendorB.callsSeen).extracting(c -> c.model().id()).containsExactly("b/big");

        vendorA.failures.add(VendorFailure.of(VendorFailure.Kind.CONTEXT_LENGTH_EXCEEDED, 400, "a answered HTTP 400: prompt is too long"));
        var none = call("{\"models\":[\"a/one\",\"b/two\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.bodyText()).contains("\"code\":\"context_length_exceeded\"").contains("\"param\":\"messages\"")
                .contains("prompt is too long");
        assertThat(vendorB.calls).as("no larger window: no further call").isEqualTo(1);
    }

    @Test
    void theGatewaysAccountProblemsFallBackWithoutRetryAndAnswer5xxThatBlameNoCaller() {
        String twoModels = "{\"models\":[\"a/one\",\"b/two\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        vendorA.failures.add(VendorFailure.of(VendorFailure.Kind.QUOTA_EXHAUSTED, 429, "a answered HTTP 429: quota"));
        assertThat(call(twoModels).headers()).containsEntry("x-gaterouter-model", "b/two").containsEntry("x-gaterouter-attempts", "2");
        vendorA.failures.add(VendorFailure.of(VendorFailure.Kind.NOT_FOUND, 404, "a answered HTTP 404: no such model"));
        assertThat(call(twoModels).headers()).containsEntry("x-gaterouter-model", "b/two").containsEntry("x-gaterouter-attempts", "2");
        assertThat(vendorA.calls).as("neither is retried on the same model").isEqualTo(2);
        assertThat(sleeps).isEmpty();

        vendorA.failures.add(VendorFailure.of(VendorFailure.Kind.QUOTA_EXHAUSTED, 402, "a answered HTTP 402: Insufficient Balance"));
        var quota = call("{\"model\":\"a/one\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(quota.status()).isEqualTo(503);
        assertThat(quota.bodyText()).contains("vendor_quota_exhausted").contains("not at fault");
        assertThat(recorded.getLast().status()).isEqualTo(com.gaterouter.common.usage.UsageStatus.VENDOR_FAILED);
    }

    @Test
    void aVendorsMessageReachesTheClientWithoutTheKeyOrTheVendorsAddress() {
        vendorA.failures.add(VendorFailure.of(VendorFailure.Kind.BAD_REQUEST, 400,
                "a answered HTTP 400: request to http://a/v1/chat with key key-a-secret-value was invalid"));
        secrets.values.put("platform", Map.of("a", "key-a-secret-value", "b", "key-b"));
        var response = call("{\"model\":\"a/one\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText()).doesNotContain("key-a-secret-value").doesNotContain("http://a")
                .contains("request to <vendor endpoint> with key *** was invalid");
    }

    @Test
    void anOpenCircuitSkipsTheVendorUntilItsProbeSucceeds() {
        for (int i = 0; i < 5; i++) {
            vendorA.failures.add(fail(VendorFailure.Kind.SERVER_ERROR));
        }
        // three failing attempts, then two more: the fifth consecutive failure opens A's breaker and
        // the second request moves on to B at once
        call("{\"models\":[\"a/one\",\"b/two\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        call("{\"models\":[\"a/one\",\"b/two\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        int callsToA = vendorA.calls;
        var skipped = call("{\"models\":[\"a/one\",\"b/two\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(vendorA.calls).as("open breaker: A not called").isEqualTo(callsToA);
        assertThat(skipped.headers()).containsEntry("x-gaterouter-model", "b/two").containsEntry("x-gaterouter-attempts", "1");

        // with no other candidate the open vendor is still tried rather than failing unseen
        assertThat(call("{\"model\":\"a/one\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").status()).isEqualTo(200);
    }

    @Test
    void aRejectedVendorKeyIsReReadOnceBeforeGivingUp() {
        vendorA.failures.add(fail(VendorFailure.Kind.UNAUTHORIZED));
        assertThat(call("{\"model\":\"a/one\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").status()).isEqualTo(200);
        assertThat(secrets.invalidations).isEqualTo(1);

        vendorA.failures.add(fail(VendorFailure.Kind.UNAUTHORIZED));
        vendorA.failures.add(fail(VendorFailure.Kind.UNAUTHORIZED));
        var response = call("{\"model\":\"a/one\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.status()).isEqualTo(502);
        assertThat(response.bodyText()).contains("vendor_auth_failed").doesNotContain("key-a");
    }

    @Test
    void requestsNoCandidateCanServeFailFastWithTheFirstModelsReason() {
        assertThat(call("{\"model\":\"b/two\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").bodyText()).contains("\"param\":\"tools\"");
        var tooLong = call("{\"model\":\"a/one\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "word ".repeat(1_000) + "\"}]}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.bodyText()).contains("context_length_exceeded");
        assertThat(call("{\"model\":\"a/one\",\"max_tokens\":500,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").bodyText())
                .contains("\"param\":\"max_tokens\"");
        assertThat(call("{\"models\":[\"nope/x\",\"b/two\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").status())
                .as("an unknown fallback entry is skipped when another can serve").isEqualTo(200);
        var unknown = call("{\"model\":\"nope/x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(vendorA.calls + vendorB.calls).isEqualTo(1);
    }

    @Test
    void aFallbackListSkipsModelsTheCallerMayNotUseAndNeverCallsTheirVendor() {
        Caller noA = TestAccounts.caller(ModelPolicy.UNRESTRICTED, null, null, TestAccounts.deny("a/*"));
        var response = call("{\"models\":[\"a/one\",\"b/two\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", noA);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("x-gaterouter-model", "b/two").containsEntry("x-gaterouter-attempts", "1");
        assertThat(vendorA.calls).isZero();

        var forbidden = call("{\"model\":\"a/one\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", noA);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.bodyText()).contains("\"code\":\"model_not_allowed\"").contains("\"param\":\"model\"");
        assertThat(vendorA.calls + vendorB.calls).isEqualTo(1);
        assertThat(recorded).as("a refused request is not metered, only counted as a refusal")
                .extracting(r -> r.status() + " " + r.httpStatus() + " " + r.servedModel() + " " + r.costMicros())
                .containsExactly("SUCCEEDED 200 b/two 20", "REFUSED 403 a/one 0");
    }
}
