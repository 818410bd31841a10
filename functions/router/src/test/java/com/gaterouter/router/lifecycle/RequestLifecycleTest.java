package com.gaterouter.router.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Limits;
import com.gaterouter.common.accounts.ModelAccess;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.api.SseStream.StreamResult;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.secrets.StaticSecretsSource;
import com.gaterouter.common.spend.spool.FileUsageSpool;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.budget.BudgetEnforcer;
import com.gaterouter.router.budget.BudgetPlanner;
import com.gaterouter.router.budget.CallerBudgets;
import com.gaterouter.router.budget.WorstCase;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.metering.RefusalRecorder;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.planning.Candidate;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.planning.RouterRequest;
import com.gaterouter.router.resilience.Attempts;
import com.gaterouter.router.resilience.CircuitBreakers;
import com.gaterouter.router.resilience.RetryPolicy;
import com.gaterouter.router.testing.InMemorySpendLedger;
import com.gaterouter.router.testing.TestAccounts;
import com.gaterouter.router.vendors.ChunkConsumer;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorKeys;
import com.gaterouter.router.vendors.VendorResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle over a fake endpoint: on every path that reserved — success, vendor failure, a
 * stream that finished, failed mid-stream or lost its client, and an unexpected exception anywhere
 * after the reservation — the request is settled exactly once, which releases its reservation, and
 * each settlement is counted once in the request metrics under the endpoint's label.
 */
class RequestLifecycleTest {

    private static final Instant AT = TestAccounts.T0;
    private static final String CATALOG = """
            {"vendors":{"a":{"api":"openai-chat","baseUrl":"http://a","keyField":"a"}},
             "models":[{"id":"a/one","vendor":"a","upstream":"one","contextWindow":1000,"maxOutputTokens":100,"capabilities":[],
                        "prices":[{"effective":"2025-01-01","input":"1","output":"2"}]}]}""";

    private record FakeRequest(ObjectNode body, boolean stream) implements RouterRequest {
        @Override
        public String requestedName() {
            return "a/one";
        }

        @Override
        public boolean auto() {
            return false;
        }
    }

    /** What the fake vendor does on each call. */
    private Function<VendorCall, VendorResult> complete = call -> completed();
    private StreamScript stream = (call, consumer) -> new StreamOutcome.Finished(new TokenUsage(10, 0, 0, 5, 0), 1);
    /** What the endpoint's writers do; by default what chat does. */
    private boolean answerThrows;
    private boolean eventThrows;

    @FunctionalInterface
    private interface StreamScript {
        StreamOutcome run(VendorCall call, ChunkConsumer consumer) throws IOException;
    }

    private final VendorClient vendor = new VendorClient() {
        @Override
        public VendorResult complete(VendorCall call) {
            return RequestLifecycleTest.this.complete.apply(call);
        }

        @Override
        public StreamOutcome stream(VendorCall call, ChunkConsumer consumer) {
            try {
                return stream.run(call, consumer);
            } catch (IOException clientGone) {
                return new StreamOutcome.ClientGone(new TokenUsage(10, 0, 0, 1, 0), 1);
            }
        }
    };

    private final ModelCatalog catalog = ModelCatalog.parse(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)));
    private final ModelSpec model = catalog.resolve("a/one").orElseThrow();

    private final Endpoint<FakeRequest> endpoint = new Endpoint<>() {
        @Override
        public Route route() {
            return new Route("fake.route", "fake request", "messages", true);
        }

        @Override
        public Planned<FakeRequest> plan(ApiRequest http, Caller caller) {
            ObjectNode body;
            try {
                body = (ObjectNode) Json.MAPPER.readTree(http.body());
            } catch (IOException e) {
                return new Planned.Invalid<>(ApiError.invalidRequest(null, "unreadable"));
            }
            Candidate candidate = new Candidate(model, catalog.vendor("a"), vendor, "a/one");
            return new Planned.Ready<>(new FakeRequest(body, body.path("stream").asBoolean()),
                    new CandidatePlanner.Candidates(List.of(candidate), Optional.empty(), List.of()));
        }

        @Override
        public List<WorstCase> worstCaseOnEach(FakeRequest request, List<ModelSpec> models, Instant at, WorstCase.Pricing pricing) {
            // a fixed estimate: well inside the budget of the test's caller, far beyond that of a broke one
            return models.stream().map(m -> new WorstCase(100, 1_000)).toList();
        }

        @Override
        public VendorResult call(VendorClient client, VendorCall call) {
            return client.complete(call);
        }

        @Override
        public ApiResponse.Buffered answer(Exchange<FakeRequest> x, VendorResult.Completed done, UsageRecord usage,
                                           Map<String, String> headers) {
            if (answerThrows) {
                throw new IllegalStateException("the writer broke");
            }
            return Endpoint.super.answer(x, done, usage, headers);
        }

        @Override
        public Optional<StreamFormat<FakeRequest>> streams() {
            return Optional.of(x -> new StreamWriter() {
                @Override
                public void chunk(ObjectNode chunk, SseSink out) throws IOException {
                    if (eventThrows) {
                        throw new IllegalStateException("the writer broke");
                    }
                    out.event(chunk.toString());
                }

                @Override
                public void end(SseSink out) throws IOException {
                    out.event("[END]");
                }

                @Override
                public void error(ApiError error, SseSink out) throws IOException {
                    out.event("error:" + error.code());
                }
            });
        }
    };

    private final InMemorySpendLedger ledger = new InMemorySpendLedger();
    private final com.gaterouter.common.spend.allowance.LeaseKeeper keeper =
            com.gaterouter.router.testing.TestLeases.keeper(ledger, Clock.fixed(AT, ZoneOffset.UTC));
    private final List<RequestMetrics.RequestOutcome> outcomes = new ArrayList<>();
    private final RequestLifecycle lifecycle;
    /** A monthly budget on the tenant, so every request holds a reservation in the ledger. */
    private final Caller caller = new Caller(TestAccounts.appKey("hash", "key_1", ModelPolicy.UNRESTRICTED), ModelAccess.UNRESTRICTED,
            new CallerBudgets(ZoneOffset.UTC, Optional.empty(), Optional.empty(), Map.of(BudgetScope.TENANT,
                    monthlyUsd(1_000_000_000L))));

    RequestLifecycleTest() throws IOException {
        var keys = new VendorKeys(new StaticSecretsSource().put("platform", Map.of("a", "key-a")), "platform");
        var attempts = new Attempts(keys, RetryPolicy.DEFAULT, new CircuitBreakers(5, Duration.ofSeconds(30), Clock.systemUTC()), d -> { });
        var meter = new UsageMeter(ledger, FileUsageSpool.inTemporaryDirectory(), UsageMeter.Retries.ONCE, d -> { },
                new RefusalRecorder(ledger::settle, Runnable::run, 60, 64));
        lifecycle = new RequestLifecycle(attempts, meter, outcomes::add,
                new BudgetEnforcer(Optional.of(keeper), new BudgetPlanner(true), Clock.fixed(AT, ZoneOffset.UTC)));
    }

    private static Limits monthlyUsd(long micros) {
        return new Limits(OptionalLong.of(micros), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty());
    }

    private static VendorResult completed() {
        ObjectNode completion = Json.MAPPER.createObjectNode().put("object", "chat.completion");
        completion.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", "ok");
        return new VendorResult.Completed(completion, new TokenUsage(10, 0, 0, 5, 0));
    }

    private ApiResponse send(boolean stream) {
        String body = "{\"model\":\"a/one\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return lifecycle.serve(endpoint, new ApiRequest("POST", "/v1/fake", Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8),
                "req-1", AT), caller);
    }

    private static final class Sink implements SseSink {
        final List<String> events = new ArrayList<>();
        boolean gone;

        @Override
        public void open(Map<String, String> headers) {
        }

        @Override
        public void event(String name, String data) throws IOException {
            if (gone) {
                throw new IOException("client gone");
            }
            events.add(data);
        }
    }

    private StreamResult sendStream(Sink sink) {
        return ((ApiResponse.Streamed) send(true)).events().writeTo(sink);
    }

    /**
     * Settled once, with {@code status}, its record naming the lease it drew on; its worst case given back to the
     * lease (which holds nothing more once released); metrics counted it once.
     */
    private void assertSettledOnceAs(UsageStatus status, int httpStatus) {
        assertThat(ledger.leased).hasSize(1);
        assertThat(ledger.settled).singleElement().satisfies(record -> {
            assertThat(record.status()).isEqualTo(status);
            assertThat(record.httpStatus()).isEqualTo(httpStatus);
            assertThat(record.leases()).containsExactly(ledger.leased.get(0).id());
        });
        assertThat(ledger.settledReservations).hasSize(1);
        var lease = ledger.leased.get(0);
        assertThat(keeper.book().remaining(com.gaterouter.common.spend.allowance.LeaseBook.Key.of(
                ledger.settledReservations.get(0).limits().getFirst()))).isEqualTo(lease.amount() - ledger.settled.get(0).costMicros());
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.route()).isEqualTo("fake.route");
            assertThat(outcome.httpStatus()).isEqualTo(httpStatus);
        });
    }

    private static ObjectNode chunk() {
        return Json.MAPPER.createObjectNode().put("object", "chat.completion.chunk");
    }

    @Test
    void aBufferedSuccessSettlesOnce() {
        assertThat(((ApiResponse.Buffered) send(false)).status()).isEqualTo(200);
        assertSettledOnceAs(UsageStatus.SUCCEEDED, 200);
    }

    @Test
    void aBufferedVendorFailureSettlesOnce() {
        complete = call -> new VendorResult.Failed(VendorFailure.of(VendorFailure.Kind.BAD_REQUEST, 400, "no"));
        assertThat(((ApiResponse.Buffered) send(false)).status()).isEqualTo(400);
        assertSettledOnceAs(UsageStatus.INVALID_REQUEST, 400);
    }

    @Test
    void anUnexpectedExceptionInTheVendorCallSettlesOnceAtZeroAndPropagates() {
        complete = call -> {
            throw new IllegalStateException("adapter bug");
        };
        assertThatThrownBy(() -> send(false)).hasMessage("adapter bug");
        assertSettledOnceAs(UsageStatus.VENDOR_FAILED, 500);
        assertThat(ledger.settled.get(0).costMicros()).isZero();
    }

    @Test
    void anUnexpectedExceptionWritingTheAnswerAfterSettlingDoesNotSettleTwice() {
        answerThrows = true;
        assertThatThrownBy(() -> send(false)).hasMessage("the writer broke");
        assertSettledOnceAs(UsageStatus.SUCCEEDED, 200);
    }

    @Test
    void aFinishedStreamSettlesOnce() {
        stream = (call, consumer) -> {
            consumer.onChunk(chunk());
            return new StreamOutcome.Finished(new TokenUsage(10, 0, 0, 5, 0), 1);
        };
        Sink sink = new Sink();
        assertThat(sendStream(sink)).isInstanceOf(StreamResult.Delivered.class);
        assertThat(sink.events).hasSize(2).last().isEqualTo("[END]");
        assertSettledOnceAs(UsageStatus.SUCCEEDED, 200);
    }

    @Test
    void aStreamFailingMidwaySettlesOnceAndEndsWithTheWritersErrorEvent() {
        stream = (call, consumer) -> {
            consumer.onChunk(chunk());
            return new StreamOutcome.FailedMidStream(VendorFailure.of(VendorFailure.Kind.SERVER_ERROR, 500, "down"),
                    new TokenUsage(10, 0, 0, 2, 0), 1);
        };
        Sink sink = new Sink();
        sendStream(sink);
        assertThat(sink.events).last().isEqualTo("error:vendor_stream_failed");
        assertSettledOnceAs(UsageStatus.VENDOR_FAILED, 502);
    }

    @Test
    void aStreamWhoseClientWentAwaySettlesOnce() {
        Sink sink = new Sink();
        sink.gone = true;
        stream = (call, consumer) -> {
            consumer.onChunk(chunk());
            return new StreamOutcome.Finished(new TokenUsage(10, 0, 0, 5, 0), 1);
        };
        sendStream(sink);
        assertSettledOnceAs(UsageStatus.CLIENT_DISCONNECTED, 499);
    }

    @Test
    void aStreamThatNeverStartsSettlesOnceAndAnswersTheFailure() {
        stream = (call, consumer) -> new StreamOutcome.FailedBeforeFirstChunk(VendorFailure.of(VendorFailure.Kind.BAD_REQUEST, 400, "no"));
        StreamResult result = sendStream(new Sink());
        assertThat(result).isInstanceOfSatisfying(StreamResult.NotStarted.class,
                notStarted -> assertThat(notStarted.response().status()).isEqualTo(400));
        assertSettledOnceAs(UsageStatus.INVALID_REQUEST, 400);
    }

    @Test
    void anUnexpectedExceptionWritingAStreamEventSettlesOnceAtZeroAndPropagates() {
        eventThrows = true;
        stream = (call, consumer) -> {
            consumer.onChunk(chunk());
            return new StreamOutcome.Finished(new TokenUsage(10, 0, 0, 5, 0), 1);
        };
        assertThatThrownBy(() -> sendStream(new Sink())).hasMessage("the writer broke");
        assertSettledOnceAs(UsageStatus.VENDOR_FAILED, 500);
    }

    @Test
    void aRequestTheBudgetRefusesHoldsNothingAndSettlesNothing() {
        Caller broke = new Caller(TestAccounts.appKey("hash", "key_1", ModelPolicy.UNRESTRICTED), ModelAccess.UNRESTRICTED,
                new CallerBudgets(ZoneOffset.UTC, Optional.empty(), Optional.empty(), Map.of(BudgetScope.TENANT,
                        monthlyUsd(1))));
        String body = "{\"model\":\"a/one\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        var response = (ApiResponse.Buffered) lifecycle.serve(endpoint, new ApiRequest("POST", "/v1/fake", Map.of(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8), "req-2", AT), broke);

        assertThat(response.status()).isEqualTo(429);
        assertThat(ledger.leased).as("a worst case larger than the whole budget asks the store nothing").isEmpty();
        assertThat(ledger.settled).isEmpty();
        assertThat(ledger.refusals).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(UsageStatus.REFUSED));
        assertThat(outcomes).isEmpty();
    }
}
