package com.gaterouter.router.lifecycle;

import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.api.SseStream.StreamResult;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.budget.BudgetEnforcer;
import com.gaterouter.router.budget.WorstCase;
import com.gaterouter.router.metering.RefusalRecorder;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.planning.Candidate;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.planning.RouterRequest;
import com.gaterouter.router.resilience.Attempts;
import com.gaterouter.router.vendors.MessageScrubber;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorFailureAnswer;
import com.gaterouter.router.vendors.VendorResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

/**
 * The one way an app request is served, whatever its endpoint ({@link Endpoint}): parse and plan →
 * reserve the worst case against budgets and rate limits (an auto-routed request that does not fit
 * may narrow to the candidates it can afford) → attempts over the candidates ({@link Attempts}:
 * retries, fallback, circuit breakers) → settle exactly once at the actual cost (success, vendor
 * failure, mid-stream failure, client gone, an unexpected error), which releases the reservation →
 * request metrics → one summary log line → the answer with route and cost headers, buffered or as
 * a stream. A stream is retried or moved to the next candidate only while nothing has reached the
 * client; after the first byte a failure ends the stream with an error event. A stream reserves
 * when it starts: whatever reserves is what settles, on every path. Transport-agnostic: the
 * transport has authenticated the caller and owns the wire.
 */
public final class RequestLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLifecycle.class);

    private final Attempts attempts;
    private final UsageMeter meter;
    private final RequestMetrics metrics;
    private final BudgetEnforcer budgets;

    public RequestLifecycle(Attempts attempts, UsageMeter meter, RequestMetrics metrics, BudgetEnforcer budgets) {
        this.attempts = attempts;
        this.meter = meter;
        this.metrics = metrics;
        this.budgets = budgets;
    }

    /** Without enforcement: counters count, no limit applies. */
    public RequestLifecycle(Attempts attempts, UsageMeter meter, RequestMetrics metrics) {
        this(attempts, meter, metrics, BudgetEnforcer.unenforced());
    }

    public <R extends RouterRequest> ApiResponse serve(Endpoint<R> endpoint, ApiRequest http, Caller caller) {
        CandidatePlanner.Candidates planned;
        R request;
        switch (endpoint.plan(http, caller)) {
            case Planned.Invalid<R> invalid -> {
                return endpoint.route().errors().render(invalid.error(), http.requestId());
            }
            case Planned.Rejected<R> rejected -> {
                return refusedBeforeReserving(endpoint.route(), rejected, http, caller);
            }
            case Planned.Ready<R> ready -> {
                planned = ready.candidates();
                request = ready.request();
            }
        }
        List<Candidate> candidates = planned.candidates();
        boolean reordered = false;
        if (planned.route().isPresent() && request.auto()) {
            List<Candidate> healthy = attempts.healthyFirst(candidates);
            reordered = healthy.get(0) != candidates.get(0);
            candidates = healthy;
        }
        Exchange<R> x = new Exchange<>(http, caller, request, endpoint.route(), candidates, planned.route(), planned.skipped(),
                System.nanoTime());
        if (reordered) {
            x.note("vendor_unhealthy");
        }
        if (!request.stream()) {
            return reserveThen(endpoint, x, () -> buffered(endpoint, x), error -> x.route().errors().render(error, http.requestId()));
        }
        Endpoint.StreamFormat<R> format = endpoint.streams()
                .orElseThrow(() -> new IllegalStateException(endpoint.route().label() + " does not stream"));
        return new ApiResponse.Streamed(sink -> reserveThen(endpoint, x, () -> stream(x, format.open(x), sink),
                error -> new StreamResult.NotStarted(x.route().errors().render(error, http.requestId()))));
    }

    /** A request no candidate may serve; a model the key may not use is counted as a refusal in analytics. */
    private ApiResponse refusedBeforeReserving(Route route, Planned.Rejected<?> rejected, ApiRequest http, Caller caller) {
        CandidatePlanner.Rejected why = rejected.rejection();
        if (RefusalRecorder.counts(why.error()) && why.model().isPresent()) {
            meter.refused(new UsageMeter.Measured(http.requestId(), caller.principal(), rejected.request().requestedName(),
                    why.model().get(), 0, TokenUsage.NONE, 0, 0, UsageStatus.REFUSED, why.error().status(),
                    rejected.request().stream(), http.receivedAt(), why.route().map(Exchange::refusedRoute), List.of(),
                    route.label()));
        }
        return route.errors().render(why.error(), http.requestId());
    }

    /**
     * Reserves the request's worst case over all its candidate models, then runs {@code call};
     * whatever happens in it, the reservation is settled exactly once (an unexpected failure at
     * zero cost, which releases it).
     */
    private <R extends RouterRequest, T> T reserveThen(Endpoint<R> endpoint, Exchange<R> x, java.util.function.Supplier<T> call,
                                                       Function<ApiError, T> refused) {
        BudgetEnforcer.Decision decision = reserve(endpoint, x);
        // an auto-routed request that does not fit its budget may still fit on cheaper candidates
        while (decision instanceof BudgetEnforcer.Refused no && no.usdRoom().isPresent() && x.request().auto()
                && x.choice().isPresent()) {
            long room = no.usdRoom().getAsLong();
            List<Candidate> candidates = x.progress().candidates();
            List<WorstCase> each = endpoint.worstCaseOnEach(x.request(), x.candidateModels(), x.http().receivedAt(),
                    x.caller().pricing()::costOf);
            List<Candidate> affordable = IntStream.range(0, candidates.size())
                    .filter(i -> each.get(i).usdMicros() <= room).mapToObj(candidates::get).toList();
            if (affordable.isEmpty() || affordable.size() == x.progress().candidateCount()) {
                break;
            }
            x.note("budget");
            x.narrowTo(affordable);
            decision = reserve(endpoint, x);
        }
        switch (decision) {
            case BudgetEnforcer.Refused no -> {
                if (RefusalRecorder.counts(no.error())) {
                    // a budget, quota or rate limit had no room: counted as a refusal in analytics, off the request path
                    long latency = x.millisSinceStart();
                    meter.refused(new UsageMeter.Measured(x.http().requestId(), x.caller().principal(), x.request().requestedName(),
                            x.current().model(), 0, TokenUsage.NONE, latency, latency, UsageStatus.REFUSED, no.error().status(),
                            x.request().stream(), x.http().receivedAt(), x.routed(), List.of(), x.route().label()));
                }
                return refused.apply(no.error());
            }
            case BudgetEnforcer.Admitted yes -> x.admitted(yes);
        }
        try {
            return call.get();
        } finally {
            if (!x.settled()) {
                long latency = x.millisSinceStart();
                settle(x, TokenUsage.NONE, latency, latency, UsageStatus.VENDOR_FAILED, 500);
            }
        }
    }

    private <R extends RouterRequest> BudgetEnforcer.Decision reserve(Endpoint<R> endpoint, Exchange<R> x) {
        WorstCase worst = WorstCase.largest(endpoint.worstCaseOnEach(x.request(), x.candidateModels(), x.http().receivedAt(),
                x.caller().pricing()::costOf));
        return budgets.reserve(x.http().requestId(), x.caller().principal(), x.caller().budgets(), x.http().receivedAt(), worst);
    }

    private <R extends RouterRequest> ApiResponse buffered(Endpoint<R> endpoint, Exchange<R> x) {
        Optional<VendorResult.Completed> result = attempts.run(x.progress(), x.caller().tenantId(), x.request().body(),
                x.http().requestId(), call -> switch (endpoint.call(x.current().client(), call)) {
                    case VendorResult.Completed done -> new Attempts.Outcome.Success<>(done);
                    case VendorResult.Failed failed -> new Attempts.Outcome.Failure<>(failed.failure());
                });
        long latency = x.millisSinceStart();
        if (result.isEmpty()) {
            return failure(x, latency);
        }
        VendorResult.Completed done = result.get();
        UsageRecord usage = settle(x, done.usage(), latency, latency, UsageStatus.SUCCEEDED, 200);
        Map<String, String> headers = x.routeHeaders();
        headers.put("x-gaterouter-cost-usd", UsdMicros.toDecimalString(usage.costMicros()));
        return endpoint.answer(x, done, usage, headers);
    }

    /** A stream attempt either never started (a failure to retry) or ran: its outcome is final. */
    private record Ran(StreamOutcome outcome) {
    }

    private <R extends RouterRequest> StreamResult stream(Exchange<R> x, Endpoint.StreamWriter writer, SseSink sink) {
        boolean[] opened = {false};
        Optional<Ran> result = attempts.run(x.progress(), x.caller().tenantId(), x.request().body(), x.http().requestId(), call -> {
            StreamOutcome streamed = x.current().client().stream(call, chunk -> {
                if (!opened[0]) {
                    sink.open(x.routeHeaders());
                    opened[0] = true;
                }
                writer.chunk(chunk, sink);
            });
            // a failure after the first chunk is relayed to the client: its message is scrubbed here, with the call at hand
            StreamOutcome outcome = streamed instanceof StreamOutcome.FailedMidStream midStream
                    ? new StreamOutcome.FailedMidStream(MessageScrubber.scrub(midStream.failure(), call), midStream.usage(),
                            midStream.firstChunkNanos())
                    : streamed;
            return outcome instanceof StreamOutcome.FailedBeforeFirstChunk notStarted
                    ? new Attempts.Outcome.Failure<Ran>(notStarted.failure())
                    : new Attempts.Outcome.Success<>(new Ran(outcome));
        });
        long latency = x.millisSinceStart();
        if (result.isEmpty()) {
            return new StreamResult.NotStarted(failure(x, latency));
        }
        switch (result.get().outcome()) {
            case StreamOutcome.Finished finished -> {
                settle(x, finished.usage(), latency, x.ttft(finished.firstChunkNanos()), UsageStatus.SUCCEEDED, 200);
                try {
                    if (!opened[0]) {
                        sink.open(x.routeHeaders());
                    }
                    writer.end(sink);
                } catch (IOException clientGoneAtTheEnd) {
                    // everything was generated and metered; nothing left to tell the client
                }
            }
            case StreamOutcome.FailedMidStream failed -> {
                attempts.failedMidStream(x.current(), failed.failure());
                // the caller's error (a content policy stopping the answer) is told as such; anything else is the vendor failing
                ApiError error = failed.failure().kind().callerError()
                        ? VendorFailureAnswer.of(failed.failure(), x.current().model(), x.route().promptParam(), "")
                        : ApiError.badGateway("vendor_stream_failed", failed.failure().message());
                settle(x, failed.usage(), latency, x.ttft(failed.firstChunkNanos()), VendorFailureAnswer.usageStatus(failed.failure()),
                        error.status());
                try {
                    writer.error(error, sink);
                } catch (IOException clientGoneToo) {
                    // nobody left to tell
                }
            }
            case StreamOutcome.ClientGone gone ->
                    settle(x, gone.usage(), latency, x.ttft(gone.firstChunkNanos()), UsageStatus.CLIENT_DISCONNECTED, 499);
            case StreamOutcome.FailedBeforeFirstChunk impossible ->
                    throw new IllegalStateException("a stream that never started is a failed attempt");
        }
        return new StreamResult.Delivered();
    }

    /**
     * The answer when every attempt failed: the last failure decides the status
     * ({@link VendorFailureAnswer}), and the usage record says whose fault it was.
     */
    private ApiResponse.Buffered failure(Exchange<?> x, long latency) {
        VendorFailure failure = x.progress().lastFailure();
        String tried = x.progress().candidateCount() > 1
                ? " (after " + x.progress().attempts() + " attempts on " + x.progress().candidateCount() + " models)" : "";
        ApiError error = VendorFailureAnswer.of(failure, x.current().model(), x.route().promptParam(), tried);
        settle(x, TokenUsage.NONE, latency, latency, VendorFailureAnswer.usageStatus(failure), error.status());
        Map<String, String> headers = new LinkedHashMap<>(error.extraHeaders());
        headers.putAll(x.routeHeaders());
        return x.route().errors().render(new ApiError(error.status(), error.type(), error.code(), error.param(), error.message(),
                headers), x.http().requestId());
    }

    /**
     * Settles the request, once: its usage record (naming the leases it drew on), then its unused worst case back to
     * those leases; then its request metrics and its one summary log line.
     */
    private UsageRecord settle(Exchange<?> x, TokenUsage tokens, long latency, long ttft, UsageStatus status, int httpStatus) {
        if (!x.settle()) {
            throw new IllegalStateException("request " + x.http().requestId() + " is settled once");
        }
        UsageRecord record = meter.record(new UsageMeter.Measured(x.http().requestId(), x.caller().principal(),
                x.request().requestedName(), x.current().model(), x.progress().attempts(), tokens, latency, ttft, status, httpStatus,
                x.request().stream(), x.http().receivedAt(), x.routed(), x.progress().failedAttempts(), x.route().label()),
                x.admitted().reservation(), x.caller().pricing(), x.admitted().leaseIds());
        // after the record's durable write: what the request did not use goes back to its leases (in memory)
        budgets.settle(x.admitted(), record);
        metrics.record(new RequestMetrics.RequestOutcome(x.route().label(), x.current().model().vendor(), x.current().model().id(),
                httpStatus, x.request().stream(), latency, ttft, tokens.promptTokens(), tokens.completionTokens(), record.costMicros(),
                x.progress().attempts()));
        logSummary(x, record, tokens, latency, httpStatus);
        return record;
    }

    /** One line per request, never the prompt or the key: who, what model, how it went, what it cost. */
    private static void logSummary(Exchange<?> x, UsageRecord record, TokenUsage tokens, long latency, int httpStatus) {
        if (!LOG.isInfoEnabled()) {
            return; // the map and its entries cost more than the request's own bookkeeping
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("tenantId", record.principal().tenantId());
        summary.put("keyId", record.principal().keyId());
        summary.put("model", record.servedModel());
        summary.put("status", record.status().name());
        summary.put("httpStatus", httpStatus);
        summary.put("stream", record.stream());
        summary.put("attempts", x.progress().attempts());
        summary.put("latencyMs", latency);
        summary.put("promptTokens", tokens.promptTokens());
        summary.put("completionTokens", tokens.completionTokens());
        summary.put("costMicros", record.costMicros());
        record.route().ifPresent(route -> {
            summary.put("tier", route.tier());
            summary.put("routeScore", route.score());
            summary.put("routeReasons", String.join(",", route.reasons()));
        });
        LOG.info("{} {}", x.route().summaryName(), StructuredArguments.entries(summary));
    }
}
