package com.gaterouter.router.catalog;

import java.net.URI;
import java.util.Objects;

/**
 * A vendor endpoint: the API shape it speaks, where it is, and where its key comes from.
 *
 * @param api        the wire format (e.g. {@code openai-chat}); selects the adapter
 * @param keyField   the field of the vendor-keys secret holding this vendor's key
 * @param baseUrlEnv / keyEnv the variables the vendor's own SDK reads (local gateway)
 */
public record VendorSpec(String name, String api, URI baseUrl, String keyField, String baseUrlEnv, String keyEnv) {

    public VendorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(keyField, "keyField");
    }

    public VendorSpec withBaseUrl(URI newBaseUrl) {
        return new VendorSpec(name, api, newBaseUrl, keyField, baseUrlEnv, keyEnv);
    }
}
