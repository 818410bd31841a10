package com.gaterouter.common.secrets;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.lambda.powertools.parameters.cache.CacheManager;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * Secrets from AWS Secrets Manager through Powertools parameters (functional API, no AspectJ),
 * each secret cached for {@code ttl} so a warm function asks Secrets Manager at most once per
 * TTL per secret instead of once per request.
 *
 * <p>Powertools 2.9 cannot evict a single cached value: {@code withMaxAge} only sets the age of
 * the <em>next</em> value it stores and does not bypass a fresh entry. So each secret gets its own
 * provider (and cache), and {@link #invalidate} drops that provider: the next read builds a new,
 * empty one and goes to Secrets Manager, while other secrets stay cached. A provider is a few
 * small objects around the shared client, so this costs nothing measurable.
 */
public final class SecretsManagerSecretsSource implements SecretsSource {

    private final SecretsManagerClient client;
    private final Duration ttl;
    private final ConcurrentMap<String, SecretsProvider> providers = new ConcurrentHashMap<>();

    public SecretsManagerSecretsSource(SecretsManagerClient client, Duration ttl) {
        this.client = Objects.requireNonNull(client, "client");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws MalformedSecretException when the secret is not a JSON object of strings
     */
    @Override
    public Optional<Map<String, String>> secretFields(String secretId) {
        Objects.requireNonNull(secretId, "secretId");
        String secretText;
        try {
            secretText = providers.computeIfAbsent(secretId, id -> newProvider()).get(secretId);
        } catch (ResourceNotFoundException e) {
            // Not cached: a missing secret is a deployment mistake that an operator fixes by creating it.
            return Optional.empty();
        }
        // Parsed per call rather than cached: a handful of fields parse in microseconds, and caching
        // only the text keeps a single copy of the secret in memory, owned by Powertools' cache.
        return Optional.of(SecretFields.parse(secretId, secretText));
    }

    @Override
    public void invalidate(String secretId) {
        providers.remove(Objects.requireNonNull(secretId, "secretId"));
    }

    private SecretsProvider newProvider() {
        CacheManager cache = new CacheManager();
        cache.setDefaultExpirationTime(ttl);
        return SecretsProvider.builder().withClient(client).withCacheManager(cache).build();
    }
}
