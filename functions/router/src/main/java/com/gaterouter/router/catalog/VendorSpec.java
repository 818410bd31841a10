package com.gaterouter.router.catalog;

import java.net.URI;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorTimeouts;
import java.util.Objects;
import java.util.Optional;

/**
 * A vendor endpoint: the API shape it speaks, where it is, and where its key comes from.
 *
 * @param api        the API shape it speaks (the catalog names it by its wire name, e.g. {@code openai-chat}); selects the adapter
 * @param keyField   the field of the vendor-keys secret holding this vendor's key
 * @param baseUrlEnv / keyEnv the variables the vendor's own SDK reads (local gateway)
 * @param timeouts   this vendor's time limits, when the catalog sets them ({@code "timeouts":
 *                   {"connectMs":…, "firstByteMs":…, "totalMs":…}}); missing ones take the defaults
 */
public record VendorSpec(String name, VendorApi api, URI baseUrl, String keyField, String baseUrlEnv, String keyEnv,
                         Optional<VendorTimeouts> timeouts) {

    public VendorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(keyField, "keyField");
        timeouts = timeouts == null ? Optional.empty() : timeouts;
    }

    public VendorSpec(String name, VendorApi api, URI baseUrl, String keyField, String baseUrlEnv, String keyEnv) {
        this(name, api, baseUrl, keyField, baseUrlEnv, keyEnv, Optional.empty());
    }

    public VendorSpec withBaseUrl(URI newBaseUrl) {
        return new VendorSpec(name, api, newBaseUrl, keyField, baseUrlEnv, keyEnv, timeouts);
    }

    /** This vendor's connect, first-byte and total limits from the catalog, else the deployment's defaults. */
    public VendorTimeouts timeoutsOr(VendorTimeouts defaults) {
        return timeouts.orElse(defaults);
    }
}
