package com.gaterouter.common.accounts;

import com.gaterouter.routing.WireNamed;
import java.util.Optional;

/**
 * A tenant's policy for request fields the gateway does not know (OpenRouter's {@code provider},
 * LiteLLM's {@code caching}, …) and for fields the chosen model's vendor cannot honour
 * ({@code logprobs} or {@code n > 1} to Claude): apps written against another gateway send them,
 * and whether such a request fails or is served without them is the tenant's call, not the app's.
 * Spelt {@code reject} and {@code drop} on the wire (admin API, account item).
 */
public enum ExtraParameters implements WireNamed {
    /** The default: an unknown field is a 400 naming it; a field the vendor cannot honour rules that model out. */
    REJECT,
    /**
     * LiteLLM's {@code drop_params}: unknown top-level fields are removed before validation, and fields
     * a model's vendor cannot honour are left out of that model's vendor call; the answer lists
     * every dropped field in {@code x-gaterouter-dropped-params}, so nothing is dropped silently.
     */
    DROP;

    public static Optional<ExtraParameters> fromWire(String value) {
        return WireNamed.fromWire(ExtraParameters.class, value);
    }
}
