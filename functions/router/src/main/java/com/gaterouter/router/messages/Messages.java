package com.gaterouter.router.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.chat.ChatRequestParser;
import com.gaterouter.router.lifecycle.ChatEndpoint;
import com.gaterouter.router.lifecycle.Exchange;
import com.gaterouter.router.lifecycle.Planned;
import com.gaterouter.router.lifecycle.Route;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.planning.ChatRequest;
import com.gaterouter.router.vendors.VendorResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/messages} (Anthropic Messages, API version 2023-06-01) on the request lifecycle, for any model in
 * the catalog: the Anthropic body becomes the router's normal form ({@link MessagesRequestTranslator}), is validated
 * and planned exactly as a chat completion, and its answer is written back as an Anthropic {@code message}
 * ({@link MessagesResponseTranslator}) or as Anthropic's named stream events ({@link MessagesStreamWriter}). Errors
 * are Anthropic's shape ({@link AnthropicErrors}). Budgets reserve the normal form's worst case, the same bound as a
 * chat completion's. Also {@code POST /v1/messages/count_tokens} ({@link #countTokens}).
 *
 * <p>Models: any catalog id or alias, {@code auto} included, resolved by the catalog alone. Anthropic's dated
 * snapshot names ({@code claude-sonnet-4-5-20250929}, what Claude Code sends) are catalog aliases of the Claude
 * models; a name the catalog does not list is a 404 {@code not_found_error}, as Anthropic answers an unknown model.
 */
public final class Messages implements ChatEndpoint<ChatRequest> {

    public static final Route ROUTE = new Route("messages", "message", "messages", true, AnthropicErrors.SHAPE);

    private final ChatRequestParser parser = new ChatRequestParser();
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
        return switch (parse(http, MessagesRequestTranslator.Mode.CREATE)) {
            case Parsed.Invalid invalid -> new Planned.Invalid<>(invalid.error());
            case Parsed.Valid valid -> ChatEndpoint.planned(valid.request(), planner.plan(valid.request(), caller, http.receivedAt()));
        };
    }

    /** The answer as an Anthropic {@code message}; the cost is in the {@code x-gaterouter-cost-usd} header. */
    @Override
    public ApiResponse.Buffered answer(Exchange<ChatRequest> x, VendorResult.Completed done, UsageRecord usage,
                                       Map<String, String> headers) {
        ObjectNode message = MessagesResponseTranslator.toMessage(done.completion(), messageId(x.http().requestId()),
                x.current().model().id(), done.usage());
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("request-id", x.http().requestId());
        return ApiResponse.json(200, all, message.toString());
    }

    @Override
    public Optional<StreamFormat<ChatRequest>> streams() {
        return Optional.of(x -> new MessagesStreamWriter(messageId(x.http().requestId()), () -> x.current().model().id(),
                InputTokenEstimate.of(x.request().body()), x.http().requestId()));
    }

    /**
     * {@code POST /v1/messages/count_tokens}: the request translated and planned like a message (so a model the
     * caller may not use, or does not exist, is refused the same way), answered {@code {"input_tokens": N}} with the
     * gateway's {@link InputTokenEstimate} — an estimate, not the vendor's tokenizer. Nothing is called, reserved or
     * metered (Anthropic does not bill counting either).
     */
    public ApiResponse countTokens(ApiRequest http, Caller caller) {
        ApiError error;
        switch (parse(http, MessagesRequestTranslator.Mode.COUNT_TOKENS)) {
            case Parsed.Invalid invalid -> error = invalid.error();
            case Parsed.Valid valid -> {
                switch (planner.plan(valid.request(), caller, http.receivedAt())) {
                    case CandidatePlanner.Rejected rejected -> error = rejected.error();
                    case CandidatePlanner.Candidates candidates -> {
                        Map<String, String> headers = new LinkedHashMap<>();
                        headers.put("x-request-id", http.requestId());
                        headers.put("request-id", http.requestId());
                        headers.put("x-gaterouter-model", candidates.candidates().get(0).model().id());
                        long tokens = InputTokenEstimate.of(valid.request().body());
                        ObjectNode body = Json.MAPPER.createObjectNode().put("input_tokens", tokens);
                        return ApiResponse.json(200, headers, body.toString());
                    }
                }
            }
        }
        return ROUTE.errors().render(error, http.requestId());
    }

    /** The message id for a request: {@code msg_} and the request id's letters and digits. */
    static String messageId(String requestId) {
        return "msg_" + requestId.replaceAll("[^A-Za-z0-9]", "");
    }

    private sealed interface Parsed {
        record Valid(ChatRequest request) implements Parsed {
        }

        record Invalid(ApiError error) implements Parsed {
        }
    }

    private Parsed parse(ApiRequest http, MessagesRequestTranslator.Mode mode) {
        return switch (MessagesRequestTranslator.translate(http.body(), mode)) {
            case MessagesRequestTranslator.Rejected rejected -> new Parsed.Invalid(rejected.error());
            case MessagesRequestTranslator.Translated translated -> switch (parser.parse(translated.normalForm())) {
                case ChatRequestParser.Invalid invalid -> new Parsed.Invalid(invalid.error());
                case ChatRequestParser.Valid valid -> new Parsed.Valid(valid.request());
            };
        };
    }
}
