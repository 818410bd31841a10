package com.gaterouter.router.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.ApiKeyStore;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

    /** An in-memory store that counts lookups, so caching is observable. */
    static final class CountingStore implements ApiKeyStore {
        final Map<String, ApiKeyRecord> keys = new HashMap<>();
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public Optional<ApiKeyRecord> findByHash(String keyHash) {
            lookups.incrementAndGet();
            return Optional.ofNullable(keys.get(keyHash));
        }

        @Override
        public void create(ApiKeyRecord key) {
            keys.put(key.keyHash(), key);
        }
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final CountingStore store = new CountingStore();
    private final MutableClock clock = new MutableClock();
    private final ApiKeyAuthenticator authenticator =
            new ApiKeyAuthenticator(store, clock, Duration.ofSeconds(30), Duration.ofSeconds(5));

    private String newKey(KeyStatus status) {
        String secret = ApiKeySecrets.newSecret();
        String keyId = ApiKeySecrets.newKeyId();
        store.create(new ApiKeyRecord(ApiKeySecrets.hash(secret), keyId, "k", new Principal("t", "d", "p", "u", keyId),
                status, clock.now, Optional.empty(), Set.of()));
        return secret;
    }

    @Test
    void acceptsAnActiveKeyAndCachesIt() {
        String secret = newKey(KeyStatus.ACTIVE);
        assertThat(authenticator.authenticate(Optional.of("Bearer " + secret))).isInstanceOf(Authentication.Authenticated.class);
        assertThat(authenticator.authenticate(Optional.of("bearer  " + secret + " "))).isInstanceOf(Authentication.Authenticated.class);
        assertThat(store.lookups).hasValue(1);
    }

    @Test
    void rejectsMissingMalformedUnknownAndRevokedKeysWithOneMessageShape() {
        String revoked = newKey(KeyStatus.REVOKED);
        for (Optional<String> header : java.util.List.of(Optional.<String>empty(), Optional.of("Basic abc"), Optional.of("Bearer "),
                Optional.of("Bearer gr-unknown-key-0000000000000000000"), Optional.of("Bearer " + revoked))) {
            var result = authenticator.authenticate(header);
            assertThat(result).as(header.toString()).isInstanceOf(Authentication.Rejected.class);
            var error = ((Authentication.Rejected) result).error();
            assertThat(error.status()).isEqualTo(401);
            assertThat(error.code()).isEqualTo("invalid_api_key");
            header.filter(h -> h.length() > 20).ifPresent(h -> assertThat(error.message()).doesNotContain(h.substring(7)));
        }
    }

    @Test
    void aRevocationIsSeenOnceTheCacheEntryExpires() {
        String secret = newKey(KeyStatus.ACTIVE);
        assertThat(authenticator.authenticate(Optional.of("Bearer " + secret))).isInstanceOf(Authentication.Authenticated.class);
        ApiKeyRecord key = store.keys.get(ApiKeySecrets.hash(secret));
        store.keys.put(key.keyHash(), new ApiKeyRecord(key.keyHash(), key.keyId(), key.name(), key.owner(), KeyStatus.REVOKED,
                key.createdAt(), key.expiresAt(), key.allowedModels()));

        clock.now = clock.now.plusSeconds(29);
        assertThat(authenticator.authenticate(Optional.of("Bearer " + secret))).isInstanceOf(Authentication.Authenticated.class);
        clock.now = clock.now.plusSeconds(1);
        assertThat(authenticator.authenticate(Optional.of("Bearer " + secret))).isInstanceOf(Authentication.Rejected.class);
    }

    @Test
    void unknownKeysAreCachedBrieflySoFloodsCostFewLookups() {
        for (int i = 0; i < 100; i++) {
            authenticator.authenticate(Optional.of("Bearer gr-not-a-real-key-000000000000000000"));
        }
        assertThat(store.lookups).hasValue(1);
        clock.now = clock.now.plusSeconds(5);
        authenticator.authenticate(Optional.of("Bearer gr-not-a-real-key-000000000000000000"));
        assertThat(store.lookups).hasValue(2);
    }

    @Test
    void refusesACacheTtlOverSixtySeconds() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                new ApiKeyAuthenticator(store, clock, Duration.ofSeconds(61), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
