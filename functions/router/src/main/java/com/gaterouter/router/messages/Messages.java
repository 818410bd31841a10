package com.gaterouter.router.messages;

import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.budget.WorstCase;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.lifecycle.Endpoint;
import com.gaterouter.router.lifecycle.Planned;
import com.gaterouter.router.lifecycle.Route;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.planning.ChatRequest;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/messages} (Anthropic Messages) on the request lifecycle. Work in progress: answers 501 until built. */
public final class Messages implements Endpoint<ChatRequest> {

    public static final Route ROUTE = new Route("messages", "message", "messages", true, AnthropicErrors.SHAPE);

    private final CandidatePlanner planner;

    public Messages(CandidatePlanner planner) {
        this.planner = planner;
    }

    @Override
    public Route route() {
        return ROUTE;
    }

    @Override
    public Planned<ChatRequest> plan(ApiRequest http, Caller caller) {
        return new Planned.Invalid<>(new ApiError(501, "api_error", "not_implemented", null, "Not built yet.", Map.of()));
    }

    @Override
    public List<WorstCase> worstCaseOnEach(ChatRequest request, List<ModelSpec> models, Instant at, WorstCase.Pricing pricing) {
        return WorstCase.ofChatOnEach(request.body(), models, at, pricing);
    }

    @Override
    public VendorResult call(VendorClient client, VendorCall call) {
        return client.complete(call);
    }

    /** {@code POST /v1/messages/count_tokens}. */
    public ApiResponse countTokens(ApiRequest http, Caller caller) {
        return ROUTE.errors().render(new ApiError(501, "api_error", "not_implemented", null, "Not built yet.", Map.of()),
                http.requestId());
    }
}
