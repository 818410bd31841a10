package com.gaterouter.router.auth;

import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.ApiKeyStore;
import com.gaterouter.common.api.ApiError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer-key authentication: SHA-256 of the presented secret → ApiKeys lookup, cached per warm
 * instance. A cached entry lives at most {@code ttl} (≤ 60 s), which bounds how long a revoked key
 * keeps working on a warm Lambda. Unknown keys are cached too, briefly, so a flood of bad keys
 * costs one lookup each per {@code negativeTtl}, not one per request.
 */
public final class ApiKeyAuthenticator {

    /** Bounds memory if someone sprays random keys; far above any real tenant's key count per instance. */
    private static final int MAX_ENTRIES = 50_000;

    private record Cached(Optional<ApiKeyRecord> key, Instant expires) {
    }

    private final ApiKeyStore store;
    private final Clock clock;
    private final Duration ttl;
    private final Duration negativeTtl;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiKeyAuthenticator(ApiKeyStore store, Clock clock, Duration ttl, Duration negativeTtl) {
        if (ttl.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("key cache TTL must be at most 60 s so revocations take effect in time");
        }
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
        this.negativeTtl = negativeTtl;
    }

    public Authentication authenticate(Optional<String> authorizationHeader) {
        Optional<String> secret = authorizationHeader.flatMap(ApiKeyAuthenticator::bearerToken);
        if (secret.isEmpty()) {
            return new Authentication.Rejected(ApiError.unauthorized(
                    "Missing API key. Send it as 'Authorization: Bearer <key>'."));
        }
        Instant now = clock.instant();
        String hash = ApiKeySecrets.hash(secret.get());
        Optional<ApiKeyRecord> key = lookup(hash, now);
        if (key.isEmpty() || !key.get().usableAt(now)) {
            // one message for unknown, revoked and expired keys: the caller learns nothing about which
            return new Authentication.Rejected(ApiError.unauthorized(
                    "Invalid API key: " + ApiKeySecrets.redact(secret.get()) + " is not a valid, active key."));
        }
        return new Authentication.Authenticated(key.get());
    }

    private Optional<ApiKeyRecord> lookup(String hash, Instant now) {
        Cached cached = cache.get(hash);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.key();
        }
        Optional<ApiKeyRecord> key = store.findByHash(hash);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(hash, new Cached(key, now.plus(key.isPresent() ? ttl : negativeTtl)));
        return key;
    }

    private static Optional<String> bearerToken(String header) {
        String trimmed = header.trim();
        if (trimmed.length() > 7 && trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = trimmed.substring(7).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        return Optional.empty();
    }
}
