package com.gaterouter.router.planning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.ExtraParameters;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.routing.AutoRouter;
import com.gaterouter.router.routing.RouteChoice;
import com.gaterouter.router.vendors.TokenEstimate;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the requested models into the ordered candidates that can serve this request: known to
 * the catalog, allowed for the caller (aliases resolve first, then the catalog id is checked against
 * tenant ∩ department ∩ project ∩ key), and able to do what the request asks (tools, images, JSON
 * schema, its context size, its parameters; under the tenant's {@code drop} policy a parameter the
 * vendor cannot honour is left out of that model's call instead). Decided before any vendor call, so a request no
 * model can serve fails fast with the reason of the first model the client named; a fallback
 * list simply skips the entries the caller may not use.
 */
public final class CandidatePlanner {

    /** The outcome: candidates in order, or why none qualifies. */
    public sealed interface Plan permits Candidates, Rejected {
    }

    /**
     * @param route   the auto-router's decision, when it made one
     * @param skipped why models the auto-router chose were left out ({@code not_permitted},
     *                {@code unsupported}, {@code unknown_model}), once each, in the order met
     */
    public record Candidates(List<Candidate> candidates, Optional<RouteChoice> route, List<String> skipped) implements Plan {
        public Candidates {
            candidates = List.copyOf(candidates);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * No candidate qualifies; answer {@code error}.
     *
     * @param model the catalog model the answer is about, when there is one (the model the key may
     *              not use, or for {@code auto} the model routing chose first)
     * @param route the auto-router's decision, when it made one
     */
    public record Rejected(ApiError error, Optional<ModelSpec> model, Optional<RouteChoice> route) implements Plan {
        public Rejected {
            model = java.util.Objects.requireNonNullElse(model, Optional.empty());
            route = java.util.Objects.requireNonNullElse(route, Optional.empty());
        }

        public Rejected(ApiError error) {
            this(error, Optional.empty(), Optional.empty());
        }
    }

    private final ModelCatalog catalog;
    private final Map<VendorApi, VendorClient> clientsByApi;
    private final Optional<AutoRouter> autoRouter;

    /** A planner without {@code auto}: requests must name their models. */
    public CandidatePlanner(ModelCatalog catalog, Map<VendorApi, VendorClient> clientsByApi) {
        this(catalog, clientsByApi, Optional.empty());
    }

    public CandidatePlanner(ModelCatalog catalog, Map<VendorApi, VendorClient> clientsByApi, Optional<AutoRouter> autoRouter) {
        this.autoRouter = autoRouter;
        this.catalog = catalog;
        this.clientsByApi = Map.copyOf(clientsByApi);
        for (VendorSpec vendor : catalog.vendors()) {
            if (!this.clientsByApi.containsKey(vendor.api())) {
                throw new IllegalArgumentException("vendor " + vendor.name() + " speaks " + vendor.api().wireName() + ", which no adapter serves");
            }
        }
    }

    /**
     * Plans {@code request} received at {@code at}. For {@code auto}, the models the auto-router
     * chooses take its place, ahead of any {@code models} fallbacks; routed models the caller may not
     * use or that cannot serve the request are skipped (and said so in {@link Candidates#skipped});
     * when none is left the answer explains the routing, not one model. Without an auto-router (or a
     * catalog that offers no {@code auto}), {@code auto} is an unknown model.
     */
    public Plan plan(ChatRequest request, Caller caller, java.time.Instant at) {
        return plan(request, caller, at, caller.extraParameters());
    }

    /**
     * As {@link #plan(ChatRequest, Caller, java.time.Instant)}, with {@code policy} deciding what a
     * field the model's vendor cannot honour ({@link VendorClient#unsupportedParameters}) does: under
     * {@link ExtraParameters#REJECT} it rules the model out (a 400 naming the field when no model is
     * left); under {@link ExtraParameters#DROP} the model stays a candidate and the field is recorded
     * in {@link Candidate#dropped()}, to be left out of that model's call only. Only top-level fields
     * are dropped: a message part a vendor cannot take (named by its path, e.g.
     * {@code messages[2].content[0].image_url}) would change the prompt, so it still rules the model out.
     */
    public Plan plan(ChatRequest request, Caller caller, java.time.Instant at, ExtraParameters policy) {
        Optional<RouteChoice> route = autoRouter.flatMap(router -> router.decide(request.body(), request.auto(), caller, at));
        List<Candidate> candidates = new ArrayList<>();
        java.util.LinkedHashSet<String> skipped = new java.util.LinkedHashSet<>();
        ApiError firstRejection = null;
        Optional<ModelSpec> firstRejected = Optional.empty();
        RequestNeeds needs = RequestNeeds.of(request.body());
        for (Wanted wanted : expand(request, route)) {
            boolean routed = wanted.routed();
            String id = wanted.id();
            String param = wanted.param();
            Optional<ModelSpec> resolved = catalog.resolve(id);
            ApiError rejection;
            String skip;
            if (resolved.isEmpty()) {
                rejection = ApiError.notFound("model_not_found", param, "The model '" + id + "' does not exist or you do not have access to it.");
                skip = "unknown_model";
            } else if (!caller.mayUse(resolved.get().id())) {
                rejection = notAllowed(param, resolved.get().id());
                skip = "not_permitted";
            } else {
                VendorSpec vendor = catalog.vendor(resolved.get().vendor());
                VendorClient client = clientsByApi.get(vendor.api());
                List<String> unsupported = client.unsupportedParameters(request.body());
                List<String> dropped = policy == ExtraParameters.DROP ? droppable(unsupported) : List.of();
                rejection = needs.unmetBy(resolved.get(), dropped.isEmpty() ? unsupported : notDroppable(unsupported)).orElse(null);
                skip = "unsupported";
                if (rejection == null) {
                    candidates.add(new Candidate(resolved.get(), vendor, client, routed ? ChatRequest.AUTO : id, dropped));
                }
            }
            if (rejection != null) {
                if (routed) {
                    skipped.add(skip);
                }
                if (firstRejection == null) {
                    boolean noRoutedModel = routed && rejection.status() == 403;
                    firstRejection = noRoutedModel ? noRoutedModelAllowed(route.orElseThrow()) : rejection;
                    firstRejected = noRoutedModel ? Optional.of(route.get().routedModel()) : resolved;
                }
            }
        }
        return candidates.isEmpty() ? new Rejected(firstRejection, firstRejected, route)
                : new Candidates(candidates, route, List.copyOf(skipped));
    }

    /** The top-level field names among {@code unsupported}: what a vendor call can be made without. */
    private static List<String> droppable(List<String> unsupported) {
        return unsupported.isEmpty() ? List.of() : unsupported.stream().filter(CandidatePlanner::topLevel).toList();
    }

    /** Paths into the request ({@code messages[2].content[0].image_url}): leaving them out would change the prompt. */
    private static List<String> notDroppable(List<String> unsupported) {
        return unsupported.stream().filter(field -> !topLevel(field)).toList();
    }

    private static boolean topLevel(String field) {
        return field.indexOf('.') < 0 && field.indexOf('[') < 0;
    }

    /** A model to plan; {@code routed}: chosen by the auto-router, so skipped quietly rather than reported as the client's. */
    private record Wanted(String id, String param, boolean routed) {
    }

    private static List<Wanted> expand(ChatRequest request, Optional<RouteChoice> route) {
        List<Wanted> expanded = new ArrayList<>();
        boolean routing = request.auto() && route.isPresent();
        if (routing) {
            route.get().serve().forEach(id -> expanded.add(new Wanted(id, "model", true)));
        }
        for (ChatRequest.RequestedModel requested : routing ? request.requested().subList(1, request.requested().size()) : request.requested()) {
            expanded.add(new Wanted(requested.id(), requested.param(), false));
        }
        return expanded;
    }

    private static ApiError noRoutedModelAllowed(RouteChoice route) {
        return ApiError.forbidden("model_not_allowed", "model", "None of the models routing chose for 'auto' (" + route.tier().wireName()
                + " tier: " + String.join(", ", route.serve()) + ", and the other tiers' fallbacks) is allowed for your API key: "
                + "the model permissions of the key, its project, department or tenant exclude them all.");
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
