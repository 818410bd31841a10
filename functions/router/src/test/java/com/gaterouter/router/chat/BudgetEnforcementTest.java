package com.gaterouter.router.chat;

import com.gaterouter.router.embeddings.Embeddings;
import com.gaterouter.router.lifecycle.RequestLifecycle;
import com.gaterouter.router.testing.EndpointUnderTest;
import com.gaterouter.router.planning.CandidatePlanner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Limits;
import com.gaterouter.common.accounts.ModelAccess;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.api.SseStream.StreamResult;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.secrets.SecretsSource;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.spool.FileUsageSpool;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.budget.BudgetEnforcer;
import com.gaterouter.router.budget.BudgetPlanner;
import com.gaterouter.router.budget.CallerBudgets;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.metering.RefusalRecorder;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.resilience.Attempts;
import com.gaterouter.router.resilience.CircuitBreakers;
import com.gaterouter.router.resilience.RetryPolicy;
import com.gaterouter.router.testing.InMemorySpendLedger;
import com.gaterouter.router.testing.TestLeases;
import com.gaterouter.common.spend.allowance.LeaseKeeper;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Budgets and rate limits in the chat and embeddings services, against an in-memory ledger and scripted vendors. */
class BudgetEnforcementTest {

    private static final String CATALOG = """
            {"vendors":{"a":{"api":"openai-chat","baseUrl":"http://a","keyField":"a"}},
             "models":[
               {"id":"a/one","vendor":"a","upstream":"one","contextWindow":1000,"maxOutputTokens":100,"capabilities":["embeddings"],
                "prices":[{"effective":"2025-01-01","input":"1","output":"2"}]}]}""";
    private static final String CHAT = """
            {"model":"a/one","messages":[{"role":"user","content":"hello"}]}""";
    private static final String STREAM = """
            {"model":"a/one","stream":true,"messages":[{"role":"user","content":"hello"}]}""";

    /** How the scripted vendor behaves. */
    enum Mode { OK, FAIL, MID_STREAM_FAIL }

    static final class Vendor implements VendorClient {
        Mode mode = Mode.OK;
        int calls;

        @Override
        public VendorResult complete(VendorCall call) {
            calls++;
            if (mode == Mode.FAIL) {
                return new VendorResult.Failed(VendorFailure.of(VendorFailure.Kind.BAD_REQUEST, 400, "no"));
            }
            ObjectNode completion = Json.MAPPER.createObjectNode().put("object", "chat.completion");
            completion.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", "ok");
            return new VendorResult.Completed(completion, new TokenUsage(10, 0, 0, 5, 0));
        }

        @Override
        public VendorResult embed(VendorCall call) {
            calls++;
            ObjectNode answer = Json.MAPPER.createObjectNode().put("object", "list");
            answer.putArray("data").addObject().put("object", "embedding").putArray("embedding").add(0.5);
            return new VendorResult.Completed(answer, new TokenUsage(3, 0, 0, 0, 0));
        }

        @Override
        public StreamOutcome stream(VendorCall call, ChunkConsumer consumer) {
            calls++;
            if (mode == Mode.FAIL) {
                return new StreamOutcome.FailedBeforeFirstChunk(VendorFailure.of(VendorFailure.Kind.BAD_REQUEST, 400, "no"));
            }
            try {
                for (int i = 0; i < 3; i++) {
                    ObjectNode chunk = Json.MAPPER.createObjectNode().put("object", "chat.completion.chunk");
                    chunk.putArray("choices").addObject().putObject("delta").put("content", "x");
                    consumer.onChunk(chunk);
                }
            } catch (IOException gone) {
                return new StreamOutcome.ClientGone(new TokenUsage(10, 0, 0, 1, 0), 1);
            }
            if (mode == Mode.MID_STREAM_FAIL) {
                return new StreamOutcome.FailedMidStream(VendorFailure.of(VendorFailure.Kind.CONNECTION, 0, "cut"),
                        new TokenUsage(10, 0, 0, 3, 0), 1);
            }
            return new StreamOutcome.Finished(new TokenUsage(10, 0, 0, 5, 0), 1);
        }
    }

    static final class Sink implements SseSink {
        final List<String> events = new ArrayList<>();
        Map<String, String> headers;
        boolean gone;

        @Override
        public void open(Map<String, String> headers) {
            this.headers = headers;
        }

        @Override
        public void event(String name, String data) throws IOException {
            if (gone) {
                throw new IOException("client gone");
            }
            events.add(data);
        }
    }

    private final Vendor vendor = new Vendor();
    private final InMemorySpendLedger ledger = new InMemorySpendLedger();
    private final LeaseKeeper keeper = TestLeases.keeper(ledger, Clock.systemUTC());
    private final EndpointUnderTest chat;
    private final EndpointUnderTest embeddings;

    BudgetEnforcementTest() throws Exception {
        ModelCatalog catalog = ModelCatalog.parse(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)));
        SecretsSource secrets = new SecretsSource() {
            @Override
            public Optional<Map<String, String>> secretFields(String secretId) {
                return Optional.of(Map.of("a", "key-a"));
            }

            @Override
            public void invalidate(String secretId) {
            }
        };
        var attempts = new Attempts(new VendorKeys(secrets, "platform"), RetryPolicy.DEFAULT,
                new CircuitBreakers(5, Duration.ofSeconds(30), Clock.systemUTC()), d -> { });
        // refusals are recorded on the calling thread here, so the test sees them at once
        var meter = new UsageMeter(ledger, FileUsageSpool.inTemporaryDirectory(), UsageMeter.Retries.ONCE, d -> { },
                new RefusalRecorder(ledger::settle, Runnable::run, 60, 64));
        var enforcer = new BudgetEnforcer(Optional.of(keeper), Optional.of(ledger), new BudgetPlanner(true), Clock.systemUTC());
        var lifecycle = new RequestLifecycle(attempts, meter, RequestMetrics.NONE, enforcer);
        chat = new EndpointUnderTest(lifecycle, new ChatCompletions(new CandidatePlanner(catalog, Map.of(VendorApi.OPENAI_CHAT, vendor))));
        embeddings = new EndpointUnderTest(lifecycle, new Embeddings(catalog, Map.of(VendorApi.OPENAI_CHAT, vendor)));
    }

    private static Caller caller(BudgetScope scope, Limits limits) {
        return new Caller(TestAccounts.appKey("hash", "key_1", ModelPolicy.UNRESTRICTED), ModelAccess.UNRESTRICTED,
                new CallerBudgets(ZoneOffset.UTC, Optional.of("Marketing"), Optional.of("Chatbot"), Map.of(scope, limits)));
    }

    private static Limits monthlyUsd(long micros) {
        return new Limits(OptionalLong.of(micros), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty());
    }

    private static Limits rpm(long n) {
        return new Limits(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.of(n), OptionalLong.empty());
    }

    private static ApiRequest request(String path, String body) {
        return new ApiRequest("POST", path, Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8),
                "req-" + System.nanoTime(), Instant.now());
    }

    private ApiResponse.Buffered call(String body, Caller caller) {
        return (ApiResponse.Buffered) chat.serve(request("/v1/chat/completions", body), caller);
    }

    private static JsonNode error(ApiResponse.Buffered response) throws Exception {
        return Json.MAPPER.readTree(response.body()).get("error");
    }

    private Counter departmentMonth() {
        return new Counter(TestAccounts.TENANT, BudgetScope.DEPARTMENT, TestAccounts.DEPARTMENT,
                new Window.Month(YearMonth.now(ZoneOffset.UTC)));
    }

    @Test
    void anExhaustedBudgetIs429InsufficientQuotaNamingScopeAndPeriodAndNoVendorCall() throws Exception {
        ledger.add(departmentMonth(), Measure.USD_MICROS, 500_000_000);
        ApiResponse.Buffered response = call(CHAT, caller(BudgetScope.DEPARTMENT, monthlyUsd(500_000_000)));

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.headers()).containsEntry("x-should-retry", "false").doesNotContainKey("retry-after");
        JsonNode error = error(response);
        assertThat(error.get("type").asText()).isEqualTo("insufficient_quota");
        assertThat(error.get("code").asText()).isEqualTo("insufficient_quota");
        assertThat(error.get("message").asText())
                .isEqualTo("The department Marketing budget of $500.00 per month has been reached ($500.00 spent).");
        assertThat(vendor.calls).isZero();
        assertThat(ledger.settled).isEmpty();
        // counted in analytics as a refusal: no tokens, no cost, no counter moved
        assertThat(ledger.refusals).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(UsageStatus.REFUSED);
            assertThat(r.httpStatus()).isEqualTo(429);
            assertThat(r.servedModel()).isEqualTo("a/one");
            assertThat(r.costMicros()).isZero();
            assertThat(r.tokens()).isEqualTo(TokenUsage.NONE);
            assertThat(r.attempts()).isZero();
        });
        assertThat(ledger.committed(departmentMonth(), Measure.USD_MICROS)).isEqualTo(500_000_000);
    }

    @Test
    void aWorstCaseThatDoesNotFitBesideSpendAndRequestsInFlightWouldExceedTheBudget() throws Exception {
        // $1.00 a month: $0.999985 spent, $0.00001 held by a request in flight; this request's worst case is
        // a 57-prompt-token bound (the message's 33 bytes + 8 a message + 16 a request) at $1/M + the model's
        // 100 output tokens at $2/M = $0.000257
        ledger.add(departmentMonth(), Measure.USD_MICROS, 999_985);
        ledger.hold(departmentMonth(), Measure.USD_MICROS, 10);
        ApiResponse.Buffered response = call(CHAT, caller(BudgetScope.DEPARTMENT, monthlyUsd(1_000_000)));

        assertThat(response.status()).isEqualTo(429);
        assertThat(error(response).get("message").asText()).isEqualTo("This request's worst case of $0.000257 would exceed "
                + "the department Marketing budget of $1.00 per month ($0.999985 spent, $0.00001 committed).");
        assertThat(ledger.refusals).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(UsageStatus.REFUSED));
    }

    @Test
    void aModelTheKeyMayNotUseIs403AndCountedAsARefusal() throws Exception {
        Caller restricted = new Caller(TestAccounts.appKey("hash", "key_1", ModelPolicy.UNRESTRICTED),
                new ModelAccess(List.of(ModelPolicy.allowOnly(java.util.Set.of("b/*")))));
        ApiResponse.Buffered chatRefused = call(CHAT, restricted);
        ApiResponse.Buffered embeddingsRefused = (ApiResponse.Buffered) embeddings.serve(request("/v1/embeddings",
                "{\"model\":\"a/one\",\"input\":\"hi\"}"), restricted);

        assertThat(chatRefused.status()).isEqualTo(403);
        assertThat(embeddingsRefused.status()).isEqualTo(403);
        assertThat(vendor.calls).isZero();
        assertThat(ledger.settled).isEmpty();
        assertThat(ledger.refusals).hasSize(2).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(UsageStatus.REFUSED);
            assertThat(r.httpStatus()).isEqualTo(403);
            assertThat(r.servedModel()).isEqualTo("a/one");
            assertThat(r.principal().keyId()).isEqualTo("key_1");
        });
    }

    @Test
    void aReservedRequestCarriesTheRemainingBudgetAndSettlesOnceReleasingTheReservation() {
        ApiResponse.Buffered response = call(CHAT, caller(BudgetScope.DEPARTMENT, monthlyUsd(1_000_000)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(ledger.leased).hasSize(1);
        long reserved = ledger.settledReservations.get(0).usdMicros();
        assertThat(reserved).isGreaterThanOrEqualTo(20); // 10 in at 1 + 5 out at 2, the actual cost
        assertThat(response.headers()).containsEntry("x-gaterouter-budget-remaining-usd",
                com.gaterouter.common.money.UsdMicros.toDecimalString(1_000_000 - reserved));
        assertThat(ledger.settled).singleElement().satisfies(u -> {
            assertThat(u.costMicros()).isEqualTo(20);
            assertThat(u.leases()).containsExactly(ledger.leased.get(0).id());
        });
        // the lease gives back what the request did not use when it is released
        keeper.close();
        assertThat(ledger.leasesOut()).isEmpty();
        assertThat(ledger.committed(departmentMonth(), Measure.USD_MICROS)).isEqualTo(20);
    }

    @Test
    void aVendorFailureSettlesOnceAtZeroWhichReleasesEverything() {
        vendor.mode = Mode.FAIL;
        ApiResponse.Buffered response = call(CHAT, caller(BudgetScope.DEPARTMENT, monthlyUsd(1_000_000)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(ledger.settled).singleElement().satisfies(u -> {
            assertThat(u.costMicros()).isZero();
            assertThat(u.status()).as("the vendor refused the request: the caller's error").isEqualTo(UsageStatus.INVALID_REQUEST);
        });
        keeper.close();
        assertThat(ledger.committed(departmentMonth(), Measure.USD_MICROS)).isZero();
    }

    @Test
    void rpmOnAKeyRefusesTheNextRequestWithRetryAfterAndRateLimitHeaders() throws Exception {
        Caller caller = caller(BudgetScope.KEY, rpm(1));
        ApiResponse.Buffered first = call(CHAT, caller);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.headers()).containsEntry("x-ratelimit-limit-requests", "1")
                .containsEntry("x-ratelimit-remaining-requests", "0").containsKey("x-ratelimit-reset-requests")
                .doesNotContainKey("x-gaterouter-budget-remaining-usd");

        ApiResponse.Buffered second = call(CHAT, caller);
        if (second.status() == 200) {
            return; // the minute turned between the two calls
        }
        assertThat(second.status()).isEqualTo(429);
        JsonNode error = error(second);
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText()).matches("The key key_1 rate limit of 1 request per minute has been reached; "
                + "retry in [0-9]+ s\\.");
        assertThat(Long.parseLong(second.headers().get("retry-after"))).isBetween(1L, 60L);
        assertThat(second.headers()).containsEntry("x-ratelimit-limit-requests", "1")
                .containsEntry("x-ratelimit-remaining-requests", "0").doesNotContainKey("x-should-retry");
        assertThat(vendor.calls).isEqualTo(1);
        assertThat(ledger.settled).hasSize(1);
        assertThat(ledger.refusals).singleElement().satisfies(r -> assertThat(r.httpStatus()).isEqualTo(429));
    }

    @Test
    void aLedgerThatCannotAnswerRefusesRatherThanLettingSpendThrough() {
        ledger.reserveFailure = new IllegalStateException("dynamodb down");
        ApiResponse.Buffered response = call(CHAT, caller(BudgetScope.DEPARTMENT, monthlyUsd(1_000_000)));
        assertThat(response.status()).isEqualTo(503);
        assertThat(vendor.calls).isZero();
        assertThat(ledger.settled).isEmpty();
        assertThat(ledger.refusals).as("an outage is not a refusal").isEmpty();
    }

    @Test
    void withoutBudgetsNothingIsReservedButTheRequestStillSettlesIntoItsCounters() {
        ApiResponse.Buffered response = call(CHAT, TestAccounts.unrestricted());
        assertThat(response.status()).isEqualTo(200);
        assertThat(ledger.leased).isEmpty();
        assertThat(ledger.settledReservations).singleElement().satisfies(r -> {
            assertThat(r.limits()).isEmpty();
            assertThat(r.counters()).hasSize(10);
        });
        assertThat(response.headers()).doesNotContainKeys("x-ratelimit-limit-requests", "x-gaterouter-budget-remaining-usd");
    }

    private StreamResult stream(Caller caller, Sink sink) {
        ApiResponse response = chat.serve(request("/v1/chat/completions", STREAM), caller);
        return ((ApiResponse.Streamed) response).events().writeTo(sink);
    }

    @Test
    void aStreamIsRefusedBeforeItOpensAndReservesNothing() throws Exception {
        ledger.add(departmentMonth(), Measure.USD_MICROS, 500_000_000);
        Sink sink = new Sink();
        StreamResult result = stream(caller(BudgetScope.DEPARTMENT, monthlyUsd(500_000_000)), sink);
        assertThat(result).isInstanceOf(StreamResult.NotStarted.class);
        ApiResponse.Buffered response = ((StreamResult.NotStarted) result).response();
        assertThat(response.status()).isEqualTo(429);
        assertThat(error(response).get("code").asText()).isEqualTo("insufficient_quota");
        assertThat(sink.headers).isNull();
        assertThat(vendor.calls).isZero();
        assertThat(ledger.settled).isEmpty();
        assertThat(ledger.refusals).singleElement().satisfies(r -> assertThat(r.stream()).isTrue());
    }

    @Test
    void everyStreamEndingSettlesExactlyOnceAtWhatWasGenerated() {
        Caller caller = caller(BudgetScope.DEPARTMENT, monthlyUsd(1_000_000));
        Sink finished = new Sink();
        assertThat(stream(caller, finished)).isInstanceOf(StreamResult.Delivered.class);
        assertThat(finished.headers).containsKey("x-gaterouter-budget-remaining-usd");

        vendor.mode = Mode.MID_STREAM_FAIL;
        stream(caller, new Sink());

        vendor.mode = Mode.OK;
        Sink gone = new Sink();
        gone.gone = true;
        stream(caller, gone);

        vendor.mode = Mode.FAIL;
        assertThat(stream(caller, new Sink())).isInstanceOf(StreamResult.NotStarted.class);

        assertThat(ledger.settledReservations).hasSize(4);
        assertThat(ledger.leased).as("one slice covers them all").hasSize(1);
        assertThat(ledger.settled).extracting(u -> u.status()).containsExactly(UsageStatus.SUCCEEDED, UsageStatus.VENDOR_FAILED,
                UsageStatus.CLIENT_DISCONNECTED, UsageStatus.INVALID_REQUEST);
        assertThat(ledger.settled).extracting(u -> u.costMicros()).containsExactly(20L, 16L, 12L, 0L);
        // every worst case given back and the lease released: what remains is exactly what was settled
        keeper.close();
        assertThat(ledger.committed(departmentMonth(), Measure.USD_MICROS)).isEqualTo(48);
    }

    @Test
    void embeddingsReserveTheirInputAndSettleOnce() throws Exception {
        Caller caller = caller(BudgetScope.DEPARTMENT, monthlyUsd(1_000_000));
        ApiResponse.Buffered ok = (ApiResponse.Buffered) embeddings.serve(request("/v1/embeddings",
                "{\"model\":\"a/one\",\"input\":\"hello there\"}"), caller);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.headers()).containsKey("x-gaterouter-budget-remaining-usd");
        assertThat(ledger.settled).singleElement().satisfies(u -> assertThat(u.costMicros()).isEqualTo(3));

        // spend this instance's lease cannot see until it is released: other instances' requests, say
        keeper.close();
        ledger.add(departmentMonth(), Measure.USD_MICROS, 1_000_000);
        ApiResponse.Buffered refused = (ApiResponse.Buffered) embeddings.serve(request("/v1/embeddings",
                "{\"model\":\"a/one\",\"input\":\"hello there\"}"), caller);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(error(refused).get("message").asText())
                .isEqualTo("The department Marketing budget of $1.00 per month has been exceeded ($1.000003 spent).");
        assertThat(vendor.calls).isEqualTo(1);
        assertThat(ledger.refusals).singleElement().satisfies(r -> {
            assertThat(r.httpStatus()).isEqualTo(429);
            assertThat(r.requestedModel()).isEqualTo("a/one");
        });
    }
}
