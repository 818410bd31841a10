package com.gaterouter.router.vendors;

import com.gaterouter.common.secrets.SecretsSource;
import com.gaterouter.router.catalog.VendorSpec;
import java.util.Map;
import java.util.Optional;

/**
 * Vendor API keys from one secret holding a JSON object with a field per vendor. The source caches
 * with a TTL; {@link #refresh} drops the cache after a vendor rejected a key (rotated upstream).
 */
public final class VendorKeys {

    private final SecretsSource secrets;
    private final String secretId;

    public VendorKeys(SecretsSource secrets, String secretId) {
        this.secrets = secrets;
        this.secretId = secretId;
    }

    public Optional<String> keyFor(VendorSpec vendor) {
        return secrets.secretFields(secretId)
                .map(fields -> fields.get(vendor.keyField()))
                .filter(key -> !key.isBlank());
    }

    public void refresh() {
        secrets.invalidate(secretId);
    }

    /** Which vendors have a key configured (for the startup banner and /v1/models). */
    public Map<String, Boolean> configured(Iterable<VendorSpec> vendors) {
        Map<String, Boolean> result = new java.util.LinkedHashMap<>();
        vendors.forEach(v -> result.put(v.name(), keyFor(v).isPresent()));
        return result;
    }
}
