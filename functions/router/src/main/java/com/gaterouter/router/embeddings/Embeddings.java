package com.gaterouter.router.embeddings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.budget.WorstCase;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.lifecycle.Endpoint;
import com.gaterouter.router.lifecycle.Planned;
import com.gaterouter.router.lifecycle.Route;
import com.gaterouter.router.planning.Candidate;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorResult;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/embeddings} on the {@link com.gaterouter.router.lifecycle.RequestLifecycle}: validate ({@link EmbeddingsRequestValidator}) → resolve the one
 * embeddings model the caller may use → the input's worst case → one {@code embed} call per attempt → the answer in OpenAI's
 * form (float or base64, as asked: the Python SDK asks for base64 by default) with {@code usage.cost}. Reserving, retries,
 * settling once, metrics, the summary line and failure answers are the lifecycle's, as for chat completions.
 */
public final class Embeddings implements Endpoint<EmbeddingsRequest> {

    /** Its label names it in metrics, in {@code RouterApp}'s count of answers as in the lifecycle's. */
    public static final Route ROUTE = new Route("embeddings", "embeddings", "input", false);

    private final ModelCatalog catalog;
    private final Map<VendorApi, VendorClient> clientsByApi;

    public Embeddings(ModelCatalog catalog, Map<VendorApi, VendorClient> clientsByApi) {
        this.catalog = catalog;
        this.clientsByApi = Map.copyOf(clientsByApi);
    }

    @Override
    public Route route() {
        return ROUTE;
    }

    @Override
    public Planned<EmbeddingsRequest> plan(ApiRequest http, Caller caller) {
        ObjectNode body;
        try {
            if (!(Json.MAPPER.readTree(http.body()) instanceof ObjectNode object)) {
                return new Planned.Invalid<>(ApiError.invalidRequest(null, "The request body must be a JSON object."));
            }
            body = object;
        } catch (JsonProcessingException e) {
            return new Planned.Invalid<>(ApiError.invalidRequest(null,
                    "We could not parse the JSON body of your request: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return new Planned.Invalid<>(ApiError.invalidRequest(null, "We could not read the body of your request."));
        }
        Optional<ApiError> invalid = EmbeddingsRequestValidator.validate(body);
        if (invalid.isPresent()) {
            return new Planned.Invalid<>(invalid.get());
        }
        EmbeddingsRequest request = new EmbeddingsRequest(body, body.get("model").asText());
        Optional<ModelSpec> model = catalog.resolve(request.requestedName());
        if (model.isEmpty()) {
            return new Planned.Invalid<>(ApiError.notFound("model_not_found", "model",
                    "The model '" + request.requestedName() + "' does not exist or you do not have access to it."));
        }
        if (!caller.mayUse(model.get().id())) {
            return rejected(request, CandidatePlanner.notAllowed("model", model.get().id()), model.get());
        }
        if (!model.get().supports("embeddings")) {
            return rejected(request, ApiError.invalidRequest("model", "The model '" + model.get().id() + "' does not create embeddings."),
                    model.get());
        }
        VendorSpec vendor = catalog.vendor(model.get().vendor());
        Candidate candidate = new Candidate(model.get(), vendor, clientsByApi.get(vendor.api()), request.requestedName());
        return new Planned.Ready<>(request, new CandidatePlanner.Candidates(List.of(candidate), Optional.empty(), List.of()));
    }

    private static Planned<EmbeddingsRequest> rejected(EmbeddingsRequest request, ApiError error, ModelSpec model) {
        return new Planned.Rejected<>(request, new CandidatePlanner.Rejected(error, Optional.of(model), Optional.empty()));
    }

    @Override
    public List<WorstCase> worstCaseOnEach(EmbeddingsRequest request, List<ModelSpec> models, Instant at, WorstCase.Pricing pricing) {
        return models.stream().map(model -> WorstCase.ofEmbeddings(request.body(), model, at, pricing)).toList();
    }

    @Override
    public VendorResult call(VendorClient client, VendorCall call) {
        return client.embed(call);
    }

}
