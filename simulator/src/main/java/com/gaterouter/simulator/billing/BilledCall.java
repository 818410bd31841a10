package com.gaterouter.simulator.billing;

import com.gaterouter.simulator.SimVendor;
import java.time.Instant;

/**
 * The successful calls of one vendor, model and account on one UTC day, as the vendor bills them: exactly the
 * usage the simulator reported to the callers, summed.
 *
 * @param at           the first of the calls' instants (the day is what the exports use)
 * @param model        the model as the request named it (the upstream name)
 * @param uncachedInput input tokens neither read from nor written to the prompt cache
 * @param cacheRead    input tokens read from the prompt cache
 * @param cacheWrite   input tokens written to the prompt cache
 * @param output       output tokens, reasoning included
 * @param account      the vendor-side account (OpenAI project, Anthropic workspace, AWS account, Google project)
 * @param requests     how many calls
 */
public record BilledCall(SimVendor vendor, String model, Instant at, long uncachedInput, long cacheRead, long cacheWrite,
        long output, String account, long requests) {

    /** These calls and {@code other}'s (the same vendor, model, account and day). */
    BilledCall plus(BilledCall other) {
        return new BilledCall(vendor, model, at.isAfter(other.at) ? other.at : at, uncachedInput + other.uncachedInput,
                cacheRead + other.cacheRead, cacheWrite + other.cacheWrite, output + other.output, account, requests + other.requests);
    }
}
