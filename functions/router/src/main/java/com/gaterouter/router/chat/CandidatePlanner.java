package com.gaterouter.router.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.vendors.TokenEstimate;
import com.gaterouter.router.vendors.VendorClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the requested models into the ordered candidates that can serve this request: known to
 * the catalog, allowed for the caller (aliases resolve first, then the catalog id is checked against
 * tenant ∩ department ∩ project ∩ key), and able to do what the request asks (tools, images, JSON
 * schema, its context size, its parameters). Decided before any vendor call, so a request no
 * model can serve fails fast with the reason of the first model the client named; a fallback
 * list simply skips the entries the caller may not use.
 */
public final class CandidatePlanner {

    /** The outcome: candidates in order, or why none qualifies. */
    public sealed interface Plan permits Candidates, Rejected {
    }

    public record Candidates(List<Candidate> candidates) implements Plan {
    }

    public record Rejected(ApiError error) implements Plan {
    }

    private final ModelCatalog catalog;
    private final Map<String, VendorClient> clientsByApi;

    public CandidatePlanner(ModelCatalog catalog, Map<String, VendorClient> clientsByApi) {
        this.catalog = catalog;
        this.clientsByApi = Map.copyOf(clientsByApi);
        for (VendorSpec vendor : catalog.vendors()) {
            if (!this.clientsByApi.containsKey(vendor.api())) {
                throw new IllegalArgumentException("vendor " + vendor.name() + " speaks " + vendor.api() + ", which no adapter serves");
            }
        }
    }

    public Plan plan(ChatRequest request, Caller caller) {
        List<Candidate> candidates = new ArrayList<>();
        ApiError firstRejection = null;
        RequestNeeds needs = RequestNeeds.of(request.body());
        for (ChatRequest.RequestedModel requested : request.requested()) {
            Optional<ModelSpec> resolved = catalog.resolve(requested.id());
            ApiError rejection;
            if (resolved.isEmpty()) {
                rejection = ApiError.notFound("model_not_found", requested.param(),
                        "The model '" + requested.id() + "' does not exist or you do not have access to it.");
            } else if (!caller.mayUse(resolved.get().id())) {
                rejection = notAllowed(requested.param(), resolved.get().id());
            } else {
                VendorSpec vendor = catalog.vendor(resolved.get().vendor());
                VendorClient client = clientsByApi.get(vendor.api());
                rejection = needs.unmetBy(resolved.get(), client.unsupportedParameters(request.body())).orElse(null);
                if (rejection == null) {
                    candidates.add(new Candidate(resolved.get(), vendor, client, requested.id()));
                }
            }
            if (rejection != null && firstRejection == null) {
                firstRejection = rejection;
            }
        }
        return candidates.isEmpty() ? new Rejected(firstRejection) : new Candidates(candidates);
    }

    /** 403 {@code model_not_allowed}; shared with the embeddings route so both say it alike. */
    public static ApiError notAllowed(String param, String modelId) {
        return ApiError.forbidden("model_not_allowed", param, "Your API key is not allowed to use the model '" + modelId
                + "': the model permissions of the key, its project, department or tenant exclude it.");
    }

    /** What a request needs from a model; read once per request, never the whole prompt twice. */
    record RequestNeeds(boolean tools, boolean images, String responseFormat, long promptTokenEstimate, long maxOutputTokens) {

        static RequestNeeds of(ObjectNode body) {
            boolean tools = body.path("tools").isArray() && !body.path("tools").isEmpty();
            boolean images = false;
            long chars = 0;
            for (JsonNode message : body.path("messages")) {
                JsonNode content = message.path("content");
                if (content.isTextual()) {
                    chars += content.asText().length();
                } else if (content.isArray()) {
                    for (JsonNode part : content) {
                        chars += part.path("text").asText("").length();
                        images |= "image_url".equals(part.path("type").asText());
                    }
                }
                chars += message.path("tool_calls").toString().length();
            }
            if (tools) {
                chars += body.path("tools").toString().length();
            }
            long maxOutput = body.path("max_completion_tokens").asLong(body.path("max_tokens").asLong(0));
            return new RequestNeeds(tools, images, body.path("response_format").path("type").asText("text"),
                    TokenEstimate.ofChars(chars), maxOutput);
        }

        Optional<ApiError> unmetBy(ModelSpec model, List<String> unsupported) {
            if (tools && !model.supports("tools")) {
                return Optional.of(ApiError.invalidRequest("tools", "The model '" + model.id() + "' does not support tools."));
            }
            if (images && !model.supports("vision")) {
                return Optional.of(ApiError.invalidRequest("messages", "The model '" + model.id() + "' does not accept images."));
            }
            if (responseFormat.equals("json_schema") && !model.supports("json_schema")) {
                return Optional.of(ApiError.invalidRequest("response_format",
                        "The model '" + model.id() + "' does not support response_format json_schema."));
            }
            if (responseFormat.equals("json_object") && !model.supports("json_schema") && !model.supports("json_object")) {
                return Optional.of(ApiError.invalidRequest("response_format",
                        "The model '" + model.id() + "' does not support response_format json_object."));
            }
            if (!unsupported.isEmpty()) {
                return Optional.of(ApiError.invalidRequest(unsupported.get(0),
                        "The model '" + model.id() + "' does not support the parameter '" + unsupported.get(0) + "'."));
            }
            if (model.maxOutputTokens() > 0 && maxOutputTokens > model.maxOutputTokens()) {
                return Optional.of(new ApiError(400, "invalid_request_error", "invalid_value", "max_tokens",
                        "max_tokens is too large: " + maxOutputTokens + ". The model '" + model.id() + "' supports at most "
                                + model.maxOutputTokens() + " completion tokens.", Map.of()));
            }
            if (model.contextWindow() > 0 && promptTokenEstimate + maxOutputTokens > model.contextWindow()) {
                return Optional.of(new ApiError(400, "invalid_request_error", "context_length_exceeded", "messages",
                        "This model's maximum context length is " + model.contextWindow() + " tokens. However, your messages are about "
                                + promptTokenEstimate + " tokens" + (maxOutputTokens > 0 ? " plus " + maxOutputTokens + " requested completion tokens" : "")
                                + ". Please reduce the length of the messages.", Map.of()));
            }
            return Optional.empty();
        }
    }
}
