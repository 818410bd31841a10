package com.gaterouter.common.secrets;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Secrets held in memory: the local gateway (vendor keys from environment variables) and tests.
 * It is its own source of truth, so there is nothing to invalidate; {@link #put} replaces a
 * secret at once, which is how tests simulate a rotation.
 */
public final class StaticSecretsSource implements SecretsSource {

    private final ConcurrentMap<String, Map<String, String>> secrets = new ConcurrentHashMap<>();

    public StaticSecretsSource() {
    }

    public StaticSecretsSource(Map<String, Map<String, String>> secrets) {
        secrets.forEach(this::put);
    }

    /** Stores (or replaces) a secret; the fields are copied. */
    public StaticSecretsSource put(String secretId, Map<String, String> fields) {
        secrets.put(Objects.requireNonNull(secretId, "secretId"), Map.copyOf(fields));
        return this;
    }

    public void remove(String secretId) {
        secrets.remove(secretId);
    }

    @Override
    public Optional<Map<String, String>> secretFields(String secretId) {
        return Optional.ofNullable(secrets.get(Objects.requireNonNull(secretId, "secretId")));
    }

    @Override
    public void invalidate(String secretId) {
        // nothing cached: the map is the store
    }

    /** Secret ids only: this object can end up in a log line. */
    @Override
    public String toString() {
        return "StaticSecretsSource" + secrets.keySet();
    }
}
