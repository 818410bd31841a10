package com.gaterouter.router.lifecycle;

import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.budget.BudgetEnforcer;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.planning.Candidate;
import com.gaterouter.router.planning.RouterRequest;
import com.gaterouter.router.resilience.Attempts;
import com.gaterouter.router.routing.RouteChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client request in flight, across all its attempts: the HTTP request, its caller, the parsed
 * request, its candidates and how far the attempts got, when it started, what it holds against
 * budgets and whether it has been settled (exactly once), and the auto-router's decision with
 * what happened to it on the way. Only the request's own thread reads and changes it.
 *
 * @param <R> the endpoint's parsed request
 */
public final class Exchange<R extends RouterRequest> {

    /** Lists the request fields the tenant's {@code drop} policy left out for the serving model, comma-separated. */
    public static final String DROPPED_PARAMS_HEADER = "x-gaterouter-dropped-params";

    private final ApiRequest http;
    private final Caller caller;
    private final R request;
    private final Route route;
    private final long startNanos;
    private final Optional<RouteChoice> choice;
    /** Route reason codes met on the way ({@code not_permitted}, {@code vendor_unhealthy}, {@code budget}, …), once each, in order. */
    private final Set<String> events;
    private Attempts.Progress progress;
    /** Any of them may serve the request (fallback): the worst case is over all. */
    private List<ModelSpec> candidateModels;
    private BudgetEnforcer.Admitted admitted;
    private final AtomicBoolean settled = new AtomicBoolean();

    Exchange(ApiRequest http, Caller caller, R request, Route route, List<Candidate> candidates, Optional<RouteChoice> choice,
             List<String> skipped, long startNanos) {
        this.http = http;
        this.caller = caller;
        this.request = request;
        this.route = route;
        this.choice = choice;
        this.events = new LinkedHashSet<>(skipped);
        this.startNanos = startNanos;
        narrowTo(candidates);
    }

    public ApiRequest http() {
        return http;
    }

    public Caller caller() {
        return caller;
    }

    public R request() {
        return request;
    }

    /** The candidate being tried, or (once the attempts are over) the one that served or failed last. */
    public Candidate current() {
        return progress.current();
    }

    Attempts.Progress progress() {
        return progress;
    }

    Optional<RouteChoice> choice() {
        return choice;
    }

    List<ModelSpec> candidateModels() {
        return candidateModels;
    }

    long startNanos() {
        return startNanos;
    }

    Route route() {
        return route;
    }

    /** Keeps only {@code candidates} (those a budget leaves), before anything was reserved or tried. */
    void narrowTo(List<Candidate> candidates) {
        this.progress = new Attempts.Progress(candidates);
        this.candidateModels = candidates.stream().map(Candidate::model).toList();
    }

    void note(String event) {
        events.add(event);
    }

    void admitted(BudgetEnforcer.Admitted admitted) {
        this.admitted = admitted;
    }

    BudgetEnforcer.Admitted admitted() {
        return admitted;
    }

    /** Marks the request settled; false when it already was. */
    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    boolean settled() {
        return settled.get();
    }

    long millisSinceStart() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Time to the first chunk, or 0 when none came. */
    long ttft(long firstChunkNanos) {
        return firstChunkNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(firstChunkNanos - startNanos);
    }

    /**
     * Which model and vendor serve, after how many attempts, why, the caller's budget room, and what
     * the tenant's drop policy left out ({@value #DROPPED_PARAMS_HEADER}, only when anything was).
     */
    Map<String, String> routeHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", http.requestId());
        headers.put("x-gaterouter-model", current().model().id());
        headers.put("x-gaterouter-vendor", current().model().vendor());
        if (route.explainsRoute()) {
            headers.put("x-gaterouter-attempts", Integer.toString(Math.max(1, progress.attempts())));
            headers.put("x-gaterouter-route-reason", String.join(",", routeReasons()));
            choice.ifPresent(c -> {
                headers.put("x-gaterouter-tier", c.tier().wireName());
                headers.put("x-gaterouter-route-score", String.format(Locale.ROOT, "%.3f", c.score()));
            });
        } else {
            headers.put("x-gaterouter-attempts", Integer.toString(progress.attempts()));
        }
        if (admitted != null) {
            headers.putAll(admitted.headers());
        }
        List<String> dropped = droppedParameters();
        if (!dropped.isEmpty()) {
            headers.put(DROPPED_PARAMS_HEADER, String.join(",", dropped));
        }
        return headers;
    }

    /**
     * What the tenant's drop policy left out of the request for the model that serves: the unknown
     * fields removed before validation, then the fields its vendor cannot honour, each once, in the
     * order met (the body's order, then the vendor's).
     */
    List<String> droppedParameters() {
        List<String> request = this.request.droppedParameters();
        List<String> candidate = current().dropped();
        if (candidate.isEmpty()) {
            return request;
        }
        if (request.isEmpty()) {
            return candidate;
        }
        LinkedHashSet<String> all = new LinkedHashSet<>(request);
        all.addAll(candidate);
        return List.copyOf(all);
    }

    /**
     * Why this model serves, as short codes (docs/routing.md): for a named model {@code pinned},
     * {@code alias} or {@code fallback}; for a routed request the decision ({@code auto},
     * {@code policy_pin}, {@code shadow}), the classifier's signals, then what happened on the way
     * ({@code not_permitted}, {@code unsupported}, {@code unknown_model}, {@code vendor_unhealthy},
     * {@code budget}, {@code fallback}).
     */
    List<String> routeReasons() {
        String named = progress.fellBack() ? "fallback"
                : current().requestedAs().equals(current().model().id()) ? "pinned" : "alias";
        if (choice.isEmpty()) {
            return List.of(named);
        }
        RouteChoice decided = choice.get();
        LinkedHashSet<String> codes = new LinkedHashSet<>();
        if (decided.decision() == RouteChoice.Decision.NAMED_IN_SHADOW) {
            codes.add(named);
        }
        codes.add(decided.decision().code());
        codes.addAll(decided.signals());
        codes.addAll(events);
        if (progress.fellBack()) {
            codes.add("fallback");
        }
        return List.copyOf(codes);
    }

    /** The routing decision as the usage record keeps it. */
    Optional<UsageMeter.Routed> routed() {
        return choice.map(c -> new UsageMeter.Routed(c.tier().wireName(), c.score(), routeReasons(), c.shadow(), c.routedModel(),
                c.referenceModel()));
    }

    /**
     * The routing decision of a request refused because it may use none of the models routing chose
     * (403): the decision, the classifier's signals and {@code not_permitted}.
     */
    static UsageMeter.Routed refusedRoute(RouteChoice choice) {
        List<String> reasons = new ArrayList<>();
        reasons.add(choice.decision().code());
        reasons.addAll(choice.signals());
        reasons.add("not_permitted");
        return new UsageMeter.Routed(choice.tier().wireName(), choice.score(), reasons, choice.shadow(), choice.routedModel(),
                choice.referenceModel());
    }
}
