package com.gaterouter.common.rollup;

import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;

/**
 * What a set of requests added up to. Money in micro-USD, exact: sums of the usage records' own
 * integer costs, so a roll-up equals the sum of its requests to the micro-dollar.
 *
 * @param requests            requests that reached a vendor call (or were meant to: all but refusals)
 * @param errors              requests that did not succeed (vendor failure, client gone)
 * @param routedRequests      requests the auto-router routed (not shadow mode)
 * @param routedCostMicros    what those cost
 * @param referenceCostMicros what those would have cost on the always-strong reference model:
 *                            routing saved {@code referenceCostMicros − routedCostMicros}
 * @param shadowRequests      requests classified in shadow mode
 * @param shadowCostMicros    what those cost
 * @param shadowRoutedCostMicros what those would have cost on the model routing would have chosen
 * @param refusals            requests the gateway refused before any vendor call ({@link UsageStatus#REFUSED}:
 *                            a budget, quota or rate limit, or a model the key may not use); counted here
 *                            only — never in {@code requests}, {@code errors}, tokens or cost
 */
public record RollupTotals(long requests, long errors, long promptTokens, long cachedPromptTokens, long completionTokens,
                           long reasoningTokens, long costMicros, long routedRequests, long routedCostMicros,
                           long referenceCostMicros, long shadowRequests, long shadowCostMicros, long shadowRoutedCostMicros,
                           long refusals) {

    public static final RollupTotals ZERO = new RollupTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    private static final RollupTotals ONE_REFUSAL = new RollupTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);

    /** Totals without refusals (as every roll-up was before refusals were counted). */
    public RollupTotals(long requests, long errors, long promptTokens, long cachedPromptTokens, long completionTokens,
                        long reasoningTokens, long costMicros, long routedRequests, long routedCostMicros,
                        long referenceCostMicros, long shadowRequests, long shadowCostMicros, long shadowRoutedCostMicros) {
        this(requests, errors, promptTokens, cachedPromptTokens, completionTokens, reasoningTokens, costMicros, routedRequests,
                routedCostMicros, referenceCostMicros, shadowRequests, shadowCostMicros, shadowRoutedCostMicros, 0);
    }

    /** One request's contribution: a refusal counts as one refusal and nothing else. */
    public static RollupTotals of(UsageRecord u) {
        if (u.status() == UsageStatus.REFUSED) {
            return ONE_REFUSAL;
        }
        boolean routed = u.route().map(r -> !r.shadow()).orElse(false);
        boolean shadow = u.route().map(r -> r.shadow()).orElse(false);
        return new RollupTotals(1, u.status() == UsageStatus.SUCCEEDED ? 0 : 1, u.tokens().promptTokens(),
                u.tokens().cachedPromptTokens(), u.tokens().completionTokens(), u.tokens().reasoningTokens(), u.costMicros(),
                routed ? 1 : 0, routed ? u.costMicros() : 0, routed ? u.route().get().referenceCostMicros() : 0,
                shadow ? 1 : 0, shadow ? u.costMicros() : 0, shadow ? u.route().get().routedCostMicros() : 0, 0);
    }

    public RollupTotals plus(RollupTotals o) {
        return new RollupTotals(requests + o.requests, errors + o.errors, promptTokens + o.promptTokens,
                cachedPromptTokens + o.cachedPromptTokens, completionTokens + o.completionTokens, reasoningTokens + o.reasoningTokens,
                costMicros + o.costMicros, routedRequests + o.routedRequests, routedCostMicros + o.routedCostMicros,
                referenceCostMicros + o.referenceCostMicros, shadowRequests + o.shadowRequests, shadowCostMicros + o.shadowCostMicros,
                shadowRoutedCostMicros + o.shadowRoutedCostMicros, refusals + o.refusals);
    }

    /** Prompt and completion tokens. */
    public long tokens() {
        return promptTokens + completionTokens;
    }

    /** What auto-routing saved against always using the strong reference model (micro-USD; negative if it cost more). */
    public long routingSavingsMicros() {
        return referenceCostMicros - routedCostMicros;
    }
}
