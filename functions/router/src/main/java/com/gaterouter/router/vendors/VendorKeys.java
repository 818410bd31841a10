package com.gaterouter.router.vendors;

import com.gaterouter.common.secrets.SecretsSource;
import com.gaterouter.router.catalog.VendorSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vendor API keys. The platform's keys live in one secret (a JSON object, a field per vendor); a
 * tenant may bring its own keys in an optional secret of the same shape named
 * {@code tenantSecretPrefix + tenantId}, whose fields win over the platform's. The secrets source
 * caches values; tenants without their own secret are remembered here too, so they cost no
 * Secrets Manager call per request. Vendors whose API authenticates by IAM (Bedrock) need no key.
 */
public final class VendorKeys {

    private record TenantEntry(Optional<Map<String, String>> fields, Instant expires) {
    }

    private final SecretsSource secrets;
    private final String platformSecretId;
    private final Optional<String> tenantSecretPrefix;
    private final Duration tenantCacheTtl;
    private final Clock clock;
    private final ConcurrentHashMap<String, TenantEntry> tenantSecrets = new ConcurrentHashMap<>();

    public VendorKeys(SecretsSource secrets, String platformSecretId, Optional<String> tenantSecretPrefix, Duration tenantCacheTtl, Clock clock) {
        this.secrets = secrets;
        this.platformSecretId = platformSecretId;
        this.tenantSecretPrefix = tenantSecretPrefix;
        this.tenantCacheTtl = tenantCacheTtl;
        this.clock = clock;
    }

    public VendorKeys(SecretsSource secrets, String platformSecretId) {
        this(secrets, platformSecretId, Optional.empty(), Duration.ofMinutes(5), Clock.systemUTC());
    }

    /** The key to call {@code vendor} with for {@code tenantId}: the tenant's own, else the platform's. */
    public Optional<String> keyFor(VendorSpec vendor, String tenantId) {
        if (!vendor.api().auth().needsKey()) {
            return Optional.of("iam");
        }
        Optional<String> tenantKey = tenantFields(tenantId).map(fields -> fields.get(vendor.keyField())).filter(k -> !k.isBlank());
        if (tenantKey.isPresent()) {
            return tenantKey;
        }
        return secrets.secretFields(platformSecretId)
                .map(fields -> fields.get(vendor.keyField()))
                .filter(key -> !key.isBlank());
    }

    /** Whether {@code tenantId} has a key of its own for {@code vendor} (for the usage record and headers). */
    public boolean isTenantKey(VendorSpec vendor, String tenantId) {
        return tenantFields(tenantId).map(fields -> fields.containsKey(vendor.keyField())).orElse(false);
    }

    /** After a vendor rejected a key: the next request re-reads the secrets. */
    public void refresh(String tenantId) {
        secrets.invalidate(platformSecretId);
        tenantSecretPrefix.ifPresent(prefix -> {
            secrets.invalidate(prefix + tenantId);
            tenantSecrets.remove(tenantId);
        });
    }

    private Optional<Map<String, String>> tenantFields(String tenantId) {
        if (tenantSecretPrefix.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        TenantEntry entry = tenantSecrets.get(tenantId);
        if (entry == null || !now.isBefore(entry.expires())) {
            entry = new TenantEntry(secrets.secretFields(tenantSecretPrefix.get() + tenantId), now.plus(tenantCacheTtl));
            tenantSecrets.put(tenantId, entry);
        }
        return entry.fields();
    }
}
