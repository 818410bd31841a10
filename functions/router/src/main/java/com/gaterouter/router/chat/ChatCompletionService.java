package com.gaterouter.router.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.metering.RefusalRecorder;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.resilience.Attempts;
import com.gaterouter.router.resilience.CircuitBreaker;
import com.gaterouter.router.routing.RouteChoice;
import com.gaterouter.router.vendors.MessageScrubber;
import com.gaterouter.router.vendors.OpenAiUsage;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorFailureAnswer;
import com.gaterouter.router.vendors.VendorResult;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

/**
 * {@code POST /v1/chat/completions}: validate → plan candidates → reserve the worst case against
 * budgets and rate limits ({@link BudgetEnforcer}) → for each candidate, attempts
 * with backoff while its vendor's breaker allows → translate → meter → answer, buffered or as a
 * stream. A stream is retried or moved to the next candidate only while nothing has reached the
 * client; after the first byte a failure ends the stream with an error event. Every path that
 * reserved settles exactly once (success, vendor failure, mid-stream failure, client gone, an
 * unexpected error), at the actual cost, which releases the reservation. Transport-agnostic:
 * the transport has authenticated the caller and owns the wire.
 */
public final class ChatCompletionService {

    private static final String ROUTE = "chat.completions";
    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionService.class);

    private final ChatRequestParser parser = new ChatRequestParser();
    private final CandidatePlanner planner;
    private final Attempts attempts;
    private final UsageMeter meter;
    private final RequestMetrics metrics;
    private final BudgetEnforcer budgets;

    public ChatCompletionService(CandidatePlanner planner, Attempts attempts, UsageMeter meter, RequestMetrics metrics,
                                 BudgetEnforcer budgets) {
        this.planner = planner;
        this.attempts = attempts;
        this.meter = meter;
        this.metrics = metrics;
        this.budgets = budgets;
    }

    /** Without enforcement: counters count, no limit applies. */
    public ChatCompletionService(CandidatePlanner planner, Attempts attempts, UsageMeter meter, RequestMetrics metrics) {
        this(planner, attempts, meter, metrics, BudgetEnforcer.unenforced());
    }

    public ApiResponse complete(ApiRequest http, Caller caller) {
        ChatRequest request;
        switch (parser.parse(http.body())) {
            case ChatRequestParser.Invalid invalid -> {
                return invalid.error().toResponse(http.requestId());
            }
            case ChatRequestParser.Valid valid -> request = valid.request();
        }
        CandidatePlanner.Candidates planned;
        switch (planner.plan(request, caller, http.receivedAt())) {
            case CandidatePlanner.Rejected rejected -> {
                if (RefusalRecorder.counts(rejected.error()) && rejected.model().isPresent()) {
                    // a model the key may not use: counted as a refusal in analytics
                    meter.refused(new UsageMeter.Measured(http.requestId(), caller.principal(), requestedName(request),
                            rejected.model().get(), 0, TokenUsage.NONE, 0, 0, UsageStatus.REFUSED, rejected.error().status(),
                            request.stream(), http.receivedAt(), rejected.route().map(ChatCompletionService::routed), List.of()));
                }
                return rejected.error().toResponse(http.requestId());
            }
            case CandidatePlanner.Candidates candidates -> planned = candidates;
        }
        Routing routing = new Routing(planned.route(), planned.skipped());
        List<Candidate> candidates = routing.choice().isPresent() && request.auto()
                ? healthyFirst(planned.candidates(), routing) : planned.candidates();
        Exchange exchange = new Exchange(http, caller, request, candidates, System.nanoTime(), routing);
        // a stream reserves when it starts: whatever reserves is what settles, on every path
        return request.stream() ? new ApiResponse.Streamed(sink -> stream(exchange, sink)) : reserveThen(exchange, this::buffered);
    }

    /**
     * Routed candidates whose vendor's circuit breaker is open go last: the router picks a healthy
     * vendor first rather than waiting for the attempt loop to skip the unhealthy one.
     */
    private List<Candidate> healthyFirst(List<Candidate> candidates, Routing routing) {
        List<Candidate> healthy = new java.util.ArrayList<>();
        List<Candidate> open = new java.util.ArrayList<>();
        for (Candidate candidate : candidates) {
            boolean isOpen = attempts.breakers().forVendor(candidate.vendor().name()).state() == CircuitBreaker.State.OPEN;
            (isOpen ? open : healthy).add(candidate);
        }
        if (open.isEmpty() || healthy.isEmpty()) {
            return candidates;
        }
        if (healthy.get(0) != candidates.get(0)) {
            routing.note("vendor_unhealthy");
        }
        healthy.addAll(open);
        return healthy;
    }

    /** One client request in flight, across all its attempts. */
    private record Exchange(ApiRequest http, Caller caller, ChatRequest request, Attempts.Progress progress, long startNanos,
                            Held held, Routing routing) {

        Exchange(ApiRequest http, Caller caller, ChatRequest request, List<Candidate> candidates, long startNanos, Routing routing) {
            this(http, caller, request, new Attempts.Progress(candidates), startNanos,
                    new Held(candidates.stream().map(Candidate::model).toList()), routing);
        }

        /** The same request with fewer candidates (those its budget leaves), before anything was reserved. */
        Exchange withCandidates(List<Candidate> fewer) {
            return new Exchange(http, caller, request, fewer, startNanos, routing);
        }

        Candidate current() {
            return progress.current();
        }
    }

    /**
     * The auto-router's decision for the request, if any, and what happened to it on the way (reason
     * codes, in order). Only the request's own thread notes and reads them.
     */
    private record Routing(Optional<RouteChoice> choice, java.util.Set<String> events) {

        Routing(Optional<RouteChoice> choice, List<String> skipped) {
            this(choice, new java.util.LinkedHashSet<>(skipped));
        }

        void note(String event) {
            events.add(event);
        }
    }

    /** What the request holds against its budgets, and whether it has been settled (exactly once). */
    private static final class Held {
        /** Any of them may serve the request (fallback): the worst case is over all. */
        private final List<ModelSpec> candidateModels;
        private BudgetEnforcer.Admitted admitted;

        Held(List<ModelSpec> candidateModels) {
            this.candidateModels = candidateModels;
        }
        private final AtomicBoolean settled = new AtomicBoolean();
    }

    /**
     * Reserves the request's worst case over all its candidate models, then runs {@code call};
     * whatever happens in it, the reservation is settled exactly once (an unexpected failure at
     * zero cost, which releases it).
     */
    private <T> T reserveThen(Exchange planned, java.util.function.Function<Exchange, T> call,
                              java.util.function.Function<ApiError, T> refused) {
        Exchange x = planned;
        BudgetEnforcer.Decision decision = reserve(x);
        // an auto-routed request that does not fit its budget may still fit on cheaper candidates
        while (decision instanceof BudgetEnforcer.Refused no && no.usdRoom().isPresent() && x.request().auto()
                && x.routing().choice().isPresent()) {
            long room = no.usdRoom().getAsLong();
            List<Candidate> candidates = x.progress().candidates();
            List<WorstCase> each = WorstCase.ofChatOnEach(x.request().body(), x.held().candidateModels, x.http().receivedAt(),
                    x.caller().pricing()::costOf);
            List<Candidate> affordable = java.util.stream.IntStream.range(0, candidates.size())
                    .filter(i -> each.get(i).usdMicros() <= room).mapToObj(candidates::get).toList();
            if (affordable.isEmpty() || affordable.size() == x.progress().candidateCount()) {
                break;
            }
            x.routing().note("budget");
            x = x.withCandidates(affordable);
            decision = reserve(x);
        }
        switch (decision) {
            case BudgetEnforcer.Refused no -> {
                if (RefusalRecorder.counts(no.error())) {
                    // a budget, quota or rate limit had no room: counted as a refusal in analytics, off the request path
                    long latency = millisSince(x.startNanos());
                    meter.refused(new UsageMeter.Measured(x.http().requestId(), x.caller().principal(), requestedName(x),
                            x.current().model(), 0, TokenUsage.NONE, latency, latency, UsageStatus.REFUSED, no.error().status(),
                            x.request().stream(), x.http().receivedAt(), routed(x), List.of()));
                }
                return refused.apply(no.error());
            }
            case BudgetEnforcer.Admitted yes -> x.held().admitted = yes;
        }
        try {
            return call.apply(x);
        } finally {
            if (!x.held().settled.get()) {
                long latency = millisSince(x.startNanos());
                meter(x, TokenUsage.NONE, latency, latency, UsageStatus.VENDOR_FAILED, 500);
            }
        }
    }

    private ApiResponse reserveThen(Exchange x, java.util.function.Function<Exchange, ApiResponse> call) {
        return reserveThen(x, call, error -> error.toResponse(x.http().requestId()));
    }

    private BudgetEnforcer.Decision reserve(Exchange x) {
        return budgets.reserve(x.http().requestId(), x.caller(), x.http().receivedAt(),
                WorstCase.ofChat(x.request().body(), x.held().candidateModels, x.http().receivedAt(), x.caller().pricing()::costOf));
    }

    /** A stream attempt either never started (a failure to retry) or ran: its outcome is final. */
    private record Ran(StreamOutcome outcome) {
    }

    private ApiResponse buffered(Exchange x) {
        Optional<VendorResult.Completed> result = attempts.run(x.progress(), x.caller().tenantId(), x.request().body(),
                x.http().requestId(), call -> switch (x.current().client().complete(call)) {
                    case VendorResult.Completed done -> new Attempts.Outcome.Success<>(done);
                    case VendorResult.Failed failed -> new Attempts.Outcome.Failure<>(failed.failure());
                });
        long latency = millisSince(x.startNanos());
        if (result.isEmpty()) {
            return failure(x, latency);
        }
        VendorResult.Completed done = result.get();
        UsageRecord usage = meter(x, done.usage(), latency, latency, UsageStatus.SUCCEEDED, 200);
        ObjectNode body = done.completion();
        body.put("model", x.current().model().id());
        ObjectNode usageNode = body.get("usage") instanceof ObjectNode existing ? existing : body.putObject("usage");
        OpenAiUsage.putCost(usageNode, usage.costMicros());
        Map<String, String> headers = routeHeaders(x);
        headers.put("x-gaterouter-cost-usd", UsdMicros.toDecimalString(usage.costMicros()));
        return ApiResponse.json(200, headers, body.toString());
    }

    private StreamResult stream(Exchange x, SseSink sink) {
        return reserveThen(x, reserved -> reservedStream(reserved, sink),
                error -> new StreamResult.NotStarted(error.toResponse(x.http().requestId())));
    }

    private StreamResult reservedStream(Exchange x, SseSink sink) {
        boolean[] opened = {false};
        Optional<Ran> result = attempts.run(x.progress(), x.caller().tenantId(), x.request().body(), x.http().requestId(), call -> {
            StreamOutcome streamed = x.current().client().stream(call, chunk -> {
                if (!opened[0]) {
                    sink.open(routeHeaders(x));
                    opened[0] = true;
                }
                Optional<String> event = clientEvent(x, chunk);
                if (event.isPresent()) {
                    sink.event(event.get());
                }
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
        long latency = millisSince(x.startNanos());
        if (result.isEmpty()) {
            return new StreamResult.NotStarted(failure(x, latency));
        }
        switch (result.get().outcome()) {
            case StreamOutcome.Finished finished -> {
                meter(x, finished.usage(), latency, ttft(x, finished.firstChunkNanos()), UsageStatus.SUCCEEDED, 200);
                try {
                    if (!opened[0]) {
                        sink.open(routeHeaders(x));
                    }
                    sink.event("[DONE]");
                } catch (IOException clientGoneAtTheEnd) {
                    // everything was generated and metered; nothing left to tell the client
                }
            }
            case StreamOutcome.FailedMidStream failed -> {
                CircuitBreaker breaker = attempts.breakers().forVendor(x.current().vendor().name());
                if (failed.failure().kind().vendorFault()) {
                    breaker.onFailure();
                } else {
                    breaker.onNeutral();
                }
                // the caller's error (a content policy stopping the answer) is told as such; anything else is the vendor failing
                ApiError error = failed.failure().kind().callerError()
                        ? VendorFailureAnswer.of(failed.failure(), x.current().model(), "messages", "")
                        : ApiError.badGateway("vendor_stream_failed", failed.failure().message());
                meter(x, failed.usage(), latency, ttft(x, failed.firstChunkNanos()), VendorFailureAnswer.usageStatus(failed.failure()),
                        error.status());
                try {
                    sink.event(error.toJson().toString());
                } catch (IOException clientGoneToo) {
                    // nobody left to tell
                }
            }
            case StreamOutcome.ClientGone gone ->
                    meter(x, gone.usage(), latency, ttft(x, gone.firstChunkNanos()), UsageStatus.CLIENT_DISCONNECTED, 499);
            case StreamOutcome.FailedBeforeFirstChunk impossible ->
                    throw new IllegalStateException("a stream that never started is a failed attempt");
        }
        return new StreamResult.Delivered();
    }

    /**
     * A vendor chunk as the client should see it: our model id, and the usage chunk only when the
     * client asked for it ({@code stream_options.include_usage}), carrying the cost.
     */
    private Optional<String> clientEvent(Exchange x, ObjectNode chunk) {
        chunk.put("model", x.current().model().id());
        JsonNode usage = chunk.get("usage");
        boolean usageChunk = usage != null && usage.isObject();
        if (!x.request().includeUsage()) {
            if (usageChunk && chunk.path("choices").isEmpty()) {
                return Optional.empty();
            }
            chunk.remove("usage");
        } else if (usageChunk) {
            TokenUsage tokens = OpenAiUsage.parse(usage);
            OpenAiUsage.putCost((ObjectNode) usage, meter.costOf(x.caller().pricing(), x.current().model(), tokens, x.http().receivedAt()));
        }
        return Optional.of(chunk.toString());
    }

    /**
     * The answer when every attempt failed: the last failure decides the status
     * ({@link VendorFailureAnswer}), and the usage record says whose fault it was.
     */
    private ApiResponse.Buffered failure(Exchange x, long latency) {
        VendorFailure failure = x.progress().lastFailure();
        String tried = x.progress().candidateCount() > 1
                ? " (after " + x.progress().attempts() + " attempts on " + x.progress().candidateCount() + " models)" : "";
        ApiError error = VendorFailureAnswer.of(failure, x.current().model(), "messages", tried);
        meter(x, TokenUsage.NONE, latency, latency, VendorFailureAnswer.usageStatus(failure), error.status());
        Map<String, String> headers = new LinkedHashMap<>(error.extraHeaders());
        headers.putAll(routeHeaders(x));
        return new ApiError(error.status(), error.type(), error.code(), error.param(), error.message(), headers).toResponse(x.http().requestId());
    }

    /** Settles the request: its usage record and counters, releasing what it reserved. Once per request. */
    private UsageRecord meter(Exchange x, TokenUsage tokens, long latency, long ttft, UsageStatus status, int httpStatus) {
        if (!x.held().settled.compareAndSet(false, true)) {
            throw new IllegalStateException("request " + x.http().requestId() + " is settled once");
        }
        Instant at = x.http().receivedAt();
        UsageRecord record = meter.record(new UsageMeter.Measured(x.http().requestId(), x.caller().principal(), requestedName(x),
                x.current().model(), x.progress().attempts(), tokens, latency, ttft, status, httpStatus, x.request().stream(), at,
                routed(x), x.progress().failedAttempts()),
                x.held().admitted.reservation(), x.caller().pricing());
        metrics.record(new RequestMetrics.RequestOutcome(ROUTE, x.current().model().vendor(), x.current().model().id(), httpStatus,
                x.request().stream(), latency, ttft, tokens.promptTokens(), tokens.completionTokens(), record.costMicros(), x.progress().attempts()));
        // one line per request, never the prompt or the key: who, what model, how it went, what it cost
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
        LOG.info("chat completion {}", StructuredArguments.entries(summary));
        return record;
    }

    private static String requestedName(Exchange x) {
        return requestedName(x.request());
    }

    private static String requestedName(ChatRequest request) {
        return request.model().isEmpty() ? request.requested().get(0).id() : request.model();
    }

    private static Map<String, String> routeHeaders(Exchange x) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", x.http().requestId());
        headers.put("x-gaterouter-model", x.current().model().id());
        headers.put("x-gaterouter-vendor", x.current().model().vendor());
        headers.put("x-gaterouter-attempts", Integer.toString(Math.max(1, x.progress().attempts())));
        headers.put("x-gaterouter-route-reason", String.join(",", routeReasons(x)));
        x.routing().choice().ifPresent(choice -> {
            headers.put("x-gaterouter-tier", choice.tier().wireName());
            headers.put("x-gaterouter-route-score", String.format(java.util.Locale.ROOT, "%.3f", choice.score()));
        });
        if (x.held().admitted != null) {
            headers.putAll(x.held().admitted.headers());
        }
        return headers;
    }

    /**
     * Why this model serves, as short codes (docs/routing.md): for a named model {@code pinned},
     * {@code alias} or {@code fallback}; for a routed request the decision ({@code auto},
     * {@code policy_pin}, {@code shadow}), the classifier's signals, then what happened on the way
     * ({@code not_permitted}, {@code unsupported}, {@code unknown_model}, {@code vendor_unhealthy},
     * {@code budget}, {@code fallback}).
     */
    private static List<String> routeReasons(Exchange x) {
        String named = x.progress().fellBack() ? "fallback"
                : x.current().requestedAs().equals(x.current().model().id()) ? "pinned" : "alias";
        if (x.routing().choice().isEmpty()) {
            return List.of(named);
        }
        RouteChoice choice = x.routing().choice().get();
        java.util.LinkedHashSet<String> codes = new java.util.LinkedHashSet<>();
        if (choice.decision() == RouteChoice.Decision.NAMED_IN_SHADOW) {
            codes.add(named);
        }
        codes.add(choice.decision().code());
        codes.addAll(choice.signals());
        codes.addAll(x.routing().events());
        if (x.progress().fellBack()) {
            codes.add("fallback");
        }
        return List.copyOf(codes);
    }

    private static Optional<UsageMeter.Routed> routed(Exchange x) {
        return x.routing().choice().map(choice -> new UsageMeter.Routed(choice.tier().wireName(), choice.score(), routeReasons(x),
                choice.shadow(), choice.routedModel(), choice.referenceModel()));
    }

    /**
     * The routing decision of a request refused because it may use none of the models routing chose
     * (403): the decision, the classifier's signals and {@code not_permitted}.
     */
    private static UsageMeter.Routed routed(RouteChoice choice) {
        List<String> reasons = new java.util.ArrayList<>();
        reasons.add(choice.decision().code());
        reasons.addAll(choice.signals());
        reasons.add("not_permitted");
        return new UsageMeter.Routed(choice.tier().wireName(), choice.score(), reasons, choice.shadow(), choice.routedModel(),
                choice.referenceModel());
    }

    private static long ttft(Exchange x, long firstChunkNanos) {
        return firstChunkNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(firstChunkNanos - x.startNanos());
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
