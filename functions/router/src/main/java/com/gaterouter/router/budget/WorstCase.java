package com.gaterouter.router.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.catalog.ModelSpec;
import java.time.Instant;
import java.util.List;

/**
 * The most a request can use before the vendor says what it used: what a reservation holds.
 *
 * <p>Prompt tokens are a true upper bound, not an estimate: {@link PromptBound} — the UTF-8 bytes of
 * everything the model reads (messages, tools, functions, response format, prediction) plus
 * per-request and per-message overheads, each image at its vendor's ceiling, capped by the model's
 * context window — because every tokenizer in the catalog emits at least one byte per token. So a
 * reservation covers what the request can cost, and concurrent requests cannot push spend past a
 * budget (an estimate that a prompt beats would let each of them overshoot by its excess). Routing
 * and context-window checks keep the cheap estimate ({@code CandidatePlanner}, {@code TokenEstimate}).
 * Output is {@code max_completion_tokens} / {@code max_tokens} capped by the model's maximum,
 * else the model's maximum. Cost is the maximum over the candidate models at each one's price (a fallback may serve the request on a pricier model), every prompt token at
 * the uncached input price. Prices are the caller's ({@code CallerPricing}: its tenant's overrides
 * and discount), the same metering charges, so a reservation holds what the request can cost.
 */
public record WorstCase(long tokens, long usdMicros) {

    /** Prices tokens on a model as metering will for this caller (e.g. {@code caller.pricing()::costOf}). */
    @FunctionalInterface
    public interface Pricing {
        long costOf(ModelSpec model, TokenUsage tokens, Instant at);
    }

    public WorstCase {
        if (tokens < 0 || usdMicros < 0) {
            throw new IllegalArgumentException("worst cases are not negative");
        }
    }

    /** A chat completion that any of {@code candidates} (non-empty) may end up serving. */
    public static WorstCase ofChat(ObjectNode body, List<ModelSpec> candidates, Instant at, Pricing pricing) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a request has at least one candidate model");
        }
        return largest(ofChatOnEach(body, candidates, at, pricing));
    }

    /** The worst of {@code each} (a request's worst case on each model that may serve it): the most tokens and the most USD. */
    public static WorstCase largest(List<WorstCase> each) {
        long tokens = 0;
        long usd = 0;
        for (WorstCase one : each) {
            tokens = Math.max(tokens, one.tokens());
            usd = Math.max(usd, one.usdMicros());
        }
        return new WorstCase(tokens, usd);
    }

    /**
     * The worst case of a chat completion on each model alone, in order (e.g. to keep the candidates
     * a budget can still hold); the prompt is measured once for all of them.
     */
    public static List<WorstCase> ofChatOnEach(ObjectNode body, List<ModelSpec> models, Instant at, Pricing pricing) {
        PromptBound.Measured measured = PromptBound.ofChat(body);
        long requestedMax = requestedMaxOutput(body);
        return models.stream().map(model -> {
            long prompt = measured.on(model);
            long output = maxOutput(requestedMax, model);
            return new WorstCase(prompt + output, pricing.costOf(model, new TokenUsage(prompt, 0, 0, output, 0), at));
        }).toList();
    }

    /** An embeddings request: input only, no output. */
    public static WorstCase ofEmbeddings(ObjectNode body, ModelSpec model, Instant at, Pricing pricing) {
        long prompt = PromptBound.ofEmbeddings(body).on(model);
        return new WorstCase(prompt, pricing.costOf(model, new TokenUsage(prompt, 0, 0, 0, 0), at));
    }

    /** The client's output cap ({@code max_completion_tokens} wins over {@code max_tokens}), or -1 when it set none. */
    static long requestedMaxOutput(ObjectNode body) {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode value = body.get(field);
            if (value != null && value.isIntegralNumber() && value.asLong() > 0) {
                return value.asLong();
            }
        }
        return -1;
    }

    private static long maxOutput(long requested, ModelSpec model) {
        long modelMax = model.maxOutputTokens();
        if (requested < 0) {
            return Math.max(0, modelMax);
        }
        return modelMax > 0 ? Math.min(requested, modelMax) : requested;
    }
}
