package com.gaterouter.router.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.chat.ChatRequestParser;
import com.gaterouter.router.lifecycle.ChatEndpoint;
import com.gaterouter.router.lifecycle.Exchange;
import com.gaterouter.router.lifecycle.Planned;
import com.gaterouter.router.lifecycle.Route;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.vendors.VendorResult;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/responses} (OpenAI Responses) on the request lifecycle, stateless: the body is
 * translated to the normal form ({@link ResponsesRequestTranslator}), validated by the chat parser
 * and planned like a chat completion, so any catalog model (and {@code auto}) serves it; the
 * answer is a {@code response} object ({@link BufferedResponse}) or OpenAI's named stream events
 * ({@link ResponseStream}). Nothing is stored: {@code store:true} is answered as if false, and
 * whatever refers to a stored response or conversation is a 400. The parser's and the planner's
 * 400s name the Responses field ({@link ResponsesParams}).
 */
public final class Responses implements ChatEndpoint<ResponsesRequest> {

    public static final Route ROUTE = new Route("responses", "response", "input", true);

    private final ChatRequestParser parser = new ChatRequestParser();
    private final CandidatePlanner planner;
    private final Clock clock;

    public Responses(CandidatePlanner planner) {
        this(planner, Clock.systemUTC());
    }

    /** With the clock that stamps {@code completed_at}. */
    public Responses(CandidatePlanner planner, Clock clock) {
        this.planner = planner;
        this.clock = clock;
    }

    @Override
    public Route route() {
        return ROUTE;
    }

    @Override
    public Planned<ResponsesRequest> plan(ApiRequest http, Caller caller) {
        ObjectNode chat;
        ObjectNode original;
        switch (ResponsesRequestTranslator.translate(http.body())) {
            case ResponsesRequestTranslator.Refused refused -> {
                return new Planned.Invalid<>(refused.error());
            }
            case ResponsesRequestTranslator.Translation translation -> {
                chat = translation.chat();
                original = translation.original();
            }
        }
        return switch (parser.parse(chat)) {
            case ChatRequestParser.Invalid invalid -> new Planned.Invalid<>(ResponsesParams.renamed(invalid.error()));
            case ChatRequestParser.Valid valid -> {
                ResponsesRequest request = new ResponsesRequest(original, valid.request());
                yield ChatEndpoint.planned(request, planner.plan(valid.request(), caller, http.receivedAt()), ResponsesParams::renamed);
            }
        };
    }

    @Override
    public ApiResponse.Buffered answer(Exchange<ResponsesRequest> x, VendorResult.Completed done, UsageRecord usage,
                                       Map<String, String> headers) {
        ObjectNode response = BufferedResponse.of(x.request(), done.completion(), ResponseObjects.Ids.of(x.http().requestId()),
                x.http().receivedAt().getEpochSecond(), clock.instant().getEpochSecond(), x.current().model().id(), done.usage(),
                usage.costMicros());
        return ApiResponse.json(200, headers, response.toString());
    }

    @Override
    public Optional<StreamFormat<ResponsesRequest>> streams() {
        return Optional.of(x -> new ResponseStream(x.request(), ResponseObjects.Ids.of(x.http().requestId()),
                x.http().receivedAt().getEpochSecond(), () -> x.current().model().id(),
                tokens -> x.caller().pricing().costOf(x.current().model(), tokens, x.http().receivedAt()),
                () -> clock.instant().getEpochSecond()));
    }
}
