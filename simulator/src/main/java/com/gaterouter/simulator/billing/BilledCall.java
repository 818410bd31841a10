package com.gaterouter.simulator.billing;

import com.gaterouter.simulator.SimVendor;
import java.time.Instant;

/**
 * One successful call as the vendor bills it: exactly the usage the simulator reported to the caller.
 *
 * @param model        the model as the request named it (the upstream name)
 * @param uncachedInput input tokens neither read from nor written to the prompt cache
 * @param cacheRead    input tokens read from the prompt cache
 * @param cacheWrite   input tokens written to the prompt cache
 * @param output       output tokens, reasoning included
 * @param account      the vendor-side account (OpenAI project, Anthropic workspace, AWS account, Google project)
 */
public record BilledCall(SimVendor vendor, String model, Instant at, long uncachedInput, long cacheRead, long cacheWrite,
        long output, String account) {
}
