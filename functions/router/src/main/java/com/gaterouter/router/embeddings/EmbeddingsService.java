package com.gaterouter.router.embeddings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.budget.BudgetEnforcer;
import com.gaterouter.router.budget.WorstCase;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.chat.Candidate;
import com.gaterouter.router.chat.CandidatePlanner;
import com.gaterouter.router.metering.RefusalRecorder;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.resilience.Attempts;
import com.gaterouter.router.vendors.OpenAiUsage;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorFailureAnswer;
import com.gaterouter.router.vendors.VendorResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /v1/embeddings}: validate ({@link EmbeddingsRequestValidator}) → resolve an embeddings model the caller may use → reserve
 * the input's worst case against budgets and rate limits (settled exactly once, whatever happens) → call with
 * retries → answer in OpenAI's form (float or base64, as asked: the Python SDK asks for base64 by
 * default) with {@code usage.cost} → meter.
 */
public final class EmbeddingsService {

    private final ModelCatalog catalog;
    private final Map<VendorApi, VendorClient> clientsByApi;
    private final Attempts attempts;
    private final UsageMeter meter;
    private final BudgetEnforcer budgets;

    public EmbeddingsService(ModelCatalog catalog, Map<VendorApi, VendorClient> clientsByApi, Attempts attempts, UsageMeter meter,
                             BudgetEnforcer budgets) {
        this.catalog = catalog;
        this.clientsByApi = Map.copyOf(clientsByApi);
        this.attempts = attempts;
        this.meter = meter;
        this.budgets = budgets;
    }

    /** Without enforcement: counters count, no limit applies. */
    public EmbeddingsService(ModelCatalog catalog, Map<VendorApi, VendorClient> clientsByApi, Attempts attempts, UsageMeter meter) {
        this(catalog, clientsByApi, attempts, meter, BudgetEnforcer.unenforced());
    }

    public ApiResponse embed(ApiRequest http, Caller caller) {
        ObjectNode body;
        try {
            if (!(Json.MAPPER.readTree(http.body()) instanceof ObjectNode object)) {
                return ApiError.invalidRequest(null, "The request body must be a JSON object.").toResponse(http.requestId());
            }
            body = object;
        } catch (JsonProcessingException e) {
            return ApiError.invalidRequest(null, "We could not parse the JSON body of your request: " + e.getOriginalMessage())
                    .toResponse(http.requestId());
        } catch (java.io.IOException e) {
            return ApiError.invalidRequest(null, "We could not read the body of your request.").toResponse(http.requestId());
        }
        Optional<ApiError> invalid = EmbeddingsRequestValidator.validate(body);
        if (invalid.isPresent()) {
            return invalid.get().toResponse(http.requestId());
        }
        String requested = body.get("model").asText();
        Optional<ModelSpec> model = catalog.resolve(requested);
        if (model.isEmpty()) {
            return ApiError.notFound("model_not_found", "model",
                    "The model '" + requested + "' does not exist or you do not have access to it.").toResponse(http.requestId());
        }
        if (!caller.mayUse(model.get().id())) {
            meter.refused(measured(http, caller, requested, model.get(), 0, TokenUsage.NONE, 0, UsageStatus.REFUSED, 403));
            return CandidatePlanner.notAllowed("model", model.get().id()).toResponse(http.requestId());
        }
        if (!model.get().supports("embeddings")) {
            return ApiError.invalidRequest("model", "The model '" + model.get().id() + "' does not create embeddings.")
                    .toResponse(http.requestId());
        }
        Reservation reservation;
        Map<String, String> budgetHeaders;
        switch (budgets.reserve(http.requestId(), caller, http.receivedAt(),
                WorstCase.ofEmbeddings(body, model.get(), http.receivedAt(), caller.pricing()::costOf))) {
            case BudgetEnforcer.Refused refused -> {
                if (RefusalRecorder.counts(refused.error())) {
                    meter.refused(measured(http, caller, requested, model.get(), 0, TokenUsage.NONE, 0, UsageStatus.REFUSED,
                            refused.error().status()));
                }
                return refused.error().toResponse(http.requestId());
            }
            case BudgetEnforcer.Admitted admitted -> {
                reservation = admitted.reservation();
                budgetHeaders = admitted.headers();
            }
        }
        AtomicBoolean settled = new AtomicBoolean();
        try {
            return call(http, caller, body, requested, model.get(), reservation, budgetHeaders, settled);
        } finally {
            if (!settled.get()) {
                // an unexpected failure: settle at zero, which releases the reservation
                meter.record(measured(http, caller, requested, model.get(), 0, TokenUsage.NONE, 0, UsageStatus.VENDOR_FAILED, 500),
                        reservation, caller.pricing());
            }
        }
    }

    private ApiResponse call(ApiRequest http, Caller caller, ObjectNode body, String requested, ModelSpec model,
                             Reservation reservation, Map<String, String> budgetHeaders, AtomicBoolean settled) {
        VendorSpec vendor = catalog.vendor(model.vendor());
        Candidate candidate = new Candidate(model, vendor, clientsByApi.get(vendor.api()), requested);
        var progress = new Attempts.Progress(List.of(candidate));
        long start = System.nanoTime();
        Optional<VendorResult.Completed> result = attempts.run(progress, caller.tenantId(), body, http.requestId(),
                call -> switch (candidate.client().embed(call)) {
                    case VendorResult.Completed done -> new Attempts.Outcome.Success<>(done);
                    case VendorResult.Failed failed -> new Attempts.Outcome.Failure<>(failed.failure());
                });
        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", http.requestId());
        headers.put("x-gaterouter-model", model.id());
        headers.put("x-gaterouter-vendor", vendor.name());
        headers.put("x-gaterouter-attempts", Integer.toString(progress.attempts()));
        headers.putAll(budgetHeaders);
        if (result.isEmpty()) {
            // the same answers as chat completions: the caller's error is a 400, the vendor's a 429/5xx (VendorFailureAnswer)
            VendorFailure failure = progress.lastFailure();
            ApiError error = VendorFailureAnswer.of(failure, model, "input", "");
            settled.set(true);
            meter.record(measured(http, caller, requested, model, progress.attempts(), TokenUsage.NONE,
                    latency, VendorFailureAnswer.usageStatus(failure), error.status()).withFailedAttempts(progress.failedAttempts()),
                    reservation, caller.pricing());
            Map<String, String> errorHeaders = new LinkedHashMap<>(error.extraHeaders());
            errorHeaders.putAll(headers);
            return new ApiError(error.status(), error.type(), error.code(), error.param(), error.message(), errorHeaders)
                    .toResponse(http.requestId());
        }
        settled.set(true);
        UsageRecord usage = meter.record(measured(http, caller, requested, model, progress.attempts(), result.get().usage(),
                latency, UsageStatus.SUCCEEDED, 200).withFailedAttempts(progress.failedAttempts()), reservation,
                caller.pricing());
        ObjectNode answer = result.get().completion();
        answer.put("model", model.id());
        ObjectNode usageNode = answer.get("usage") instanceof ObjectNode existing ? existing : answer.putObject("usage");
        OpenAiUsage.putCost(usageNode, usage.costMicros());
        headers.put("x-gaterouter-cost-usd", UsdMicros.toDecimalString(usage.costMicros()));
        return ApiResponse.json(200, headers, answer.toString());
    }

    private static UsageMeter.Measured measured(ApiRequest http, Caller caller, String requested, ModelSpec model, int attempts,
                                                com.gaterouter.common.usage.TokenUsage tokens, long latency, UsageStatus status, int httpStatus) {
        return new UsageMeter.Measured(http.requestId(), caller.principal(), requested, model, attempts, tokens, latency, latency,
                status, httpStatus, false, http.receivedAt());
    }
}
