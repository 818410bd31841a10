package com.gaterouter.router.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.budget.WorstCase;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.planning.RouterRequest;
import com.gaterouter.router.vendors.OpenAiUsage;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorResult;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one app endpoint (or API dialect) adds to the {@link RequestLifecycle}: how its wire body
 * becomes the router's request and candidates, what the request can cost at worst, which vendor
 * call serves it, and how the vendor-neutral result is written back in its wire shape. Everything
 * else — reserving, attempts, settling once, metrics, the summary line, route headers, failure
 * answers — is the lifecycle's, the same for every endpoint.
 *
 * @param <R> the endpoint's parsed request
 */
public interface Endpoint<R extends RouterRequest> {

    /** What names and shapes this endpoint's answers. */
    Route route();

    /** Parses the wire body and plans the candidates that may serve it. */
    Planned<R> plan(ApiRequest http, Caller caller);

    /** The request's worst case on each of {@code models} alone, in order (the reservation holds the largest). */
    List<WorstCase> worstCaseOnEach(R request, List<ModelSpec> models, Instant at, WorstCase.Pricing pricing);

    /** One buffered vendor call. */
    VendorResult call(VendorClient client, VendorCall call);

    /**
     * The successful answer in the endpoint's wire shape, with {@code headers} (route, budget and
     * cost). By default the router's normal form, OpenAI's (chat completions, embeddings): the
     * vendor's JSON with the gateway's model id and the cost in {@code usage.cost}; a dialect of
     * another shape translates {@code done.completion()} here.
     */
    default ApiResponse.Buffered answer(Exchange<R> x, VendorResult.Completed done, UsageRecord usage, Map<String, String> headers) {
        ObjectNode body = done.completion();
        body.put("model", x.current().model().id());
        ObjectNode usageNode = body.get("usage") instanceof ObjectNode existing ? existing : body.putObject("usage");
        OpenAiUsage.putCost(usageNode, usage.costMicros());
        return ApiResponse.json(200, headers, body.toString());
    }

    /** How a stream of this endpoint looks to the client; empty for an endpoint whose requests never stream. */
    default Optional<StreamFormat<R>> streams() {
        return Optional.empty();
    }

    /** Starts one stream's writer: a new one per stream, so a dialect may keep state across its chunks. */
    @FunctionalInterface
    interface StreamFormat<R extends RouterRequest> {
        StreamWriter open(Exchange<R> x);
    }

    /**
     * One stream's events in the endpoint's wire shape. The lifecycle has opened {@code out} before the first call
     * (with the route headers); a writer only writes events, named or not, as many per chunk as its grammar needs.
     * An {@link IOException} from {@code out} means the client is gone and is passed on.
     */
    interface StreamWriter {

        /** A vendor chunk (OpenAI {@code chat.completion.chunk} form, see {@code VendorClient}) as the client sees it. */
        void chunk(ObjectNode chunk, SseSink out) throws IOException;

        /** The stream finished: its last events. */
        void end(SseSink out) throws IOException;

        /** The stream fails after its first chunk: the events that end it with {@code error}. */
        void error(ApiError error, SseSink out) throws IOException;
    }
}
