package com.gaterouter.router.auth;

import static com.gaterouter.router.testing.TestAccounts.DEPARTMENT;
import static com.gaterouter.router.testing.TestAccounts.PROJECT;
import static com.gaterouter.router.testing.TestAccounts.T0;
import static com.gaterouter.router.testing.TestAccounts.TENANT;
import static com.gaterouter.router.testing.TestAccounts.allow;
import static com.gaterouter.router.testing.TestAccounts.deny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.AllowedOrigins;
import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.ApiKeyStore;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.accounts.ScopeChain;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.router.testing.TestAccounts;
import com.gaterouter.router.testing.TestAccounts.InMemoryAccounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

    /** An in-memory ApiKeys table that counts lookups, so caching is observable. */
    static final class CountingStore implements ApiKeyStore {
        final Map<String, ApiKeyRecord> keys = new ConcurrentHashMap<>();
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

    private static final Duration TTL = Duration.ofSeconds(60);

    private final CountingStore store = new CountingStore();
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final MutableClock clock = new MutableClock(T0);
    /** Touches queued here run only when the test says so: the request path never waits for them. */
    private final List<Runnable> background = new ArrayList<>();
    private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(store, accounts,
            new KeyUsageRecorder(accounts, background::add, Duration.ofMinutes(1)), clock, TTL, Duration.ofSeconds(5));

    private String newKey(KeyStatus status) {
        return newKey(status, KeyType.APP, ModelPolicy.UNRESTRICTED);
    }

    private String newKey(KeyStatus status, KeyType type, ModelPolicy models) {
        String secret = ApiKeySecrets.newSecret();
        String keyId = ApiKeySecrets.newKeyId();
        boolean app = type == KeyType.APP;
        store.create(new ApiKeyRecord(ApiKeySecrets.hash(secret), keyId, "k", type, TENANT, "u1", Optional.of(DEPARTMENT),
                app ? Optional.of(PROJECT) : Optional.empty(), status, T0, Optional.empty(), Optional.empty(), models));
        return secret;
    }

    private Authentication auth(String secret) {
        return authenticator.authenticate(Optional.of("Bearer " + secret));
    }

    private static ApiError rejection(Authentication result) {
        assertThat(result).isInstanceOf(Authentication.Rejected.class);
        return ((Authentication.Rejected) result).error();
    }

    private void replace(String secret, java.util.function.UnaryOperator<ApiKeyRecord> change) {
        String hash = ApiKeySecrets.hash(secret);
        store.keys.put(hash, change.apply(store.keys.get(hash)));
    }

    private static ApiKeyRecord withStatus(ApiKeyRecord k, KeyStatus status) {
        return new ApiKeyRecord(k.keyHash(), k.keyId(), k.name(), k.type(), k.tenantId(), k.userId(), k.departmentId(),
                k.projectId(), status, k.createdAt(), k.expiresAt(), k.graceUntil(), k.models());
    }

    @Test
    void acceptsAnActiveAppKeyAndCachesItWithItsScopes() {
        String secret = newKey(KeyStatus.ACTIVE);
        var result = auth(secret);
        assertThat(result).isInstanceOf(Authentication.Authenticated.class);
        Caller caller = ((Authentication.Authenticated) result).caller();
        assertThat(caller.principal().projectId()).isEqualTo(PROJECT);
        assertThat(authenticator.authenticate(Optional.of("bearer  " + secret + " "))).isInstanceOf(Authentication.Authenticated.class);
        assertThat(store.lookups).hasValue(1);
        assertThat(accounts.chainReads).as("the scope chain is read with the key, once per refresh").hasValue(1);
    }

    @Test
    void rejectsMissingMalformedUnknownAndRevokedKeysWithOneMessageShape() {
        String revoked = newKey(KeyStatus.REVOKED);
        for (Optional<String> header : List.of(Optional.<String>empty(), Optional.of("Basic abc"), Optional.of("Bearer "),
                Optional.of("Bearer gr-unknown-key-0000000000000000000"), Optional.of("Bearer " + revoked))) {
            ApiError error = rejection(authenticator.authenticate(header));
            assertThat(error.status()).as(header.toString()).isEqualTo(401);
            assertThat(error.code()).isEqualTo("invalid_api_key");
            header.filter(h -> h.length() > 20).ifPresent(h -> assertThat(error.message()).doesNotContain(h.substring(7)));
        }
        assertThat(accounts.chainReads).as("no scope read for a revoked key").hasValue(0);
    }

    @Test
    void adminKeysCannotCallTheAppApi() {
        String admin = newKey(KeyStatus.ACTIVE, KeyType.ADMIN, ModelPolicy.UNRESTRICTED);
        ApiError error = rejection(auth(admin));
        assertThat(error.status()).isEqualTo(401);
        assertThat(error.code()).isEqualTo("invalid_api_key");
        assertThat(error.message()).contains("admin keys cannot call the app API").doesNotContain(admin);
        assertThat(accounts.chainReads).hasValue(0);
        assertThat(background).as("an admin key's lastUsedAt is not the router's to record").isEmpty();

        // a revoked admin key is just an invalid key: nothing says what kind it was
        String revokedAdmin = newKey(KeyStatus.REVOKED, KeyType.ADMIN, ModelPolicy.UNRESTRICTED);
        assertThat(rejection(auth(revokedAdmin)).message()).doesNotContain("admin");
    }

    @Test
    void aKeyUnderAnArchivedOrMissingScopeIsRejectedLikeARevokedOne() {
        String secret = newKey(KeyStatus.ACTIVE);
        String revokedMessage = rejection(auth(newKey(KeyStatus.REVOKED))).message().replaceAll("gr-\\S+", "");
        for (ScopeChain dead : List.of(
                TestAccounts.chain(EntityStatus.ACTIVE, EntityStatus.ACTIVE, EntityStatus.ARCHIVED, null, null, null),
                TestAccounts.chain(EntityStatus.ACTIVE, EntityStatus.ARCHIVED, EntityStatus.ACTIVE, null, null, null),
                TestAccounts.chain(EntityStatus.ARCHIVED, EntityStatus.ACTIVE, EntityStatus.ACTIVE, null, null, null),
                new ScopeChain(TestAccounts.chain(null, null, null).tenant(), TestAccounts.chain(null, null, null).department(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))) {
            accounts.put(TENANT, DEPARTMENT, PROJECT, dead);
            clock.advance(TTL); // a fresh read
            ApiError error = rejection(auth(secret));
            assertThat(error.status()).isEqualTo(401);
            assertThat(error.code()).isEqualTo("invalid_api_key");
            assertThat(error.message().replaceAll("gr-\\S+", "")).isEqualTo(revokedMessage);
        }
        assertThat(background).isEmpty();
    }

    @Test
    void aProjectArchivedWhileTheKeyIsCachedStopsItWithinTheTtl() {
        String secret = newKey(KeyStatus.ACTIVE);
        assertThat(auth(secret)).isInstanceOf(Authentication.Authenticated.class);
        accounts.put(TENANT, DEPARTMENT, PROJECT,
                TestAccounts.chain(EntityStatus.ACTIVE, EntityStatus.ACTIVE, EntityStatus.ARCHIVED, null, null, null));

        clock.set(T0.plus(TTL).minusSeconds(1));
        assertThat(auth(secret)).isInstanceOf(Authentication.Authenticated.class);
        clock.set(T0.plus(TTL).plusSeconds(1));
        assertThat(rejection(auth(secret)).status()).isEqualTo(401);
    }

    @Test
    void aRevocationIsSeenOnceTheCacheEntryExpiresAndNeverLaterThanTheTtl() {
        String secret = newKey(KeyStatus.ACTIVE);
        assertThat(auth(secret)).isInstanceOf(Authentication.Authenticated.class);
        replace(secret, k -> withStatus(k, KeyStatus.REVOKED));

        clock.set(T0.plus(TTL).minusSeconds(1));
        assertThat(auth(secret)).as("warm cache, TTL - 1 s").isInstanceOf(Authentication.Authenticated.class);
        clock.set(T0.plus(TTL).plusSeconds(1));
        assertThat(rejection(auth(secret)).status()).as("TTL + 1 s").isEqualTo(401);
        assertThat(store.lookups).hasValue(2);
    }

    @Test
    void theCacheTtlCannotExceedSixtySeconds() {
        assertThat(ApiKeyAuthenticator.MAX_TTL).isEqualTo(Duration.ofSeconds(60));
        new ApiKeyAuthenticator(store, accounts, KeyUsageRecorder.disabled(), clock, Duration.ofSeconds(60), Duration.ofSeconds(5));
        assertThatThrownBy(() -> new ApiKeyAuthenticator(store, accounts, KeyUsageRecorder.disabled(), clock,
                Duration.ofSeconds(60).plusMillis(1), Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApiKeyAuthenticator(store, accounts, KeyUsageRecorder.disabled(), clock,
                Duration.ofSeconds(30), Duration.ofSeconds(61))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRotatedOutSecretWorksUntilItsGraceEndsEvenFromAWarmCache() {
        Instant graceEnd = T0.plusSeconds(300);
        String keyId = ApiKeySecrets.newKeyId();
        String oldSecret = ApiKeySecrets.newSecret();
        String newSecret = ApiKeySecrets.newSecret();
        for (var secret : List.of(oldSecret, newSecret)) {
            store.create(new ApiKeyRecord(ApiKeySecrets.hash(secret), keyId, "k", KeyType.APP, TENANT, "u1",
                    Optional.of(DEPARTMENT), Optional.of(PROJECT), KeyStatus.ACTIVE, T0, Optional.empty(),
                    secret.equals(oldSecret) ? Optional.of(graceEnd) : Optional.empty(), ModelPolicy.UNRESTRICTED));
        }
        clock.set(graceEnd.minusSeconds(30));
        assertThat(auth(oldSecret)).isInstanceOf(Authentication.Authenticated.class);
        assertThat(auth(newSecret)).isInstanceOf(Authentication.Authenticated.class);

        clock.set(graceEnd.minusMillis(1));
        assertThat(auth(oldSecret)).as("cached, still in grace").isInstanceOf(Authentication.Authenticated.class);
        clock.set(graceEnd);
        assertThat(rejection(auth(oldSecret)).status()).as("cached, grace over: decided per request, not per refresh").isEqualTo(401);
        clock.set(graceEnd.plusSeconds(3_600));
        assertThat(rejection(auth(oldSecret)).status()).isEqualTo(401);
        assertThat(auth(newSecret)).isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void anExpiredKeyIsRejectedAtItsExpiryEvenFromAWarmCache() {
        String secret = newKey(KeyStatus.ACTIVE);
        replace(secret, k -> new ApiKeyRecord(k.keyHash(), k.keyId(), k.name(), k.type(), k.tenantId(), k.userId(),
                k.departmentId(), k.projectId(), k.status(), k.createdAt(), Optional.of(T0.plusSeconds(10)), k.graceUntil(), k.models()));
        assertThat(auth(secret)).isInstanceOf(Authentication.Authenticated.class);
        clock.set(T0.plusSeconds(10));
        assertThat(rejection(auth(secret)).status()).isEqualTo(401);
    }

    @Test
    void theCallersModelAccessIsTenantDepartmentProjectAndKeyIntersected() {
        String secret = newKey(KeyStatus.ACTIVE, KeyType.APP,
                allow("openai/gpt-4o", "openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"));
        accounts.put(TENANT, DEPARTMENT, PROJECT, TestAccounts.chain(allow("openai/*"), null, deny("openai/gpt-4o")));
        Caller caller = ((Authentication.Authenticated) auth(secret)).caller();
        assertThat(caller.mayUse("openai/gpt-4o-mini")).isTrue();
        assertThat(caller.mayUse("openai/gpt-4o")).as("project deny").isFalse();
        assertThat(caller.mayUse("anthropic/claude-sonnet-4-5")).as("outside the tenant's allow list").isFalse();
        assertThat(caller.mayUse("openai/gpt-4.1")).as("outside the key's allow list").isFalse();
    }

    @Test
    void unknownKeysAreCachedBrieflySoFloodsCostFewLookups() {
        for (int i = 0; i < 100; i++) {
            authenticator.authenticate(Optional.of("Bearer gr-not-a-real-key-000000000000000000"));
        }
        assertThat(store.lookups).hasValue(1);
        clock.advance(Duration.ofSeconds(5));
        authenticator.authenticate(Optional.of("Bearer gr-not-a-real-key-000000000000000000"));
        assertThat(store.lookups).hasValue(2);
    }

    @Test
    void lastUsedAtIsRecordedOffTheRequestPathAtMostOncePerKeyPerMinute() {
        String secret = newKey(KeyStatus.ACTIVE);
        String keyId = store.keys.get(ApiKeySecrets.hash(secret)).keyId();
        for (int i = 0; i < 10; i++) {
            assertThat(auth(secret)).isInstanceOf(Authentication.Authenticated.class);
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(accounts.touches).as("queued, not yet written: the requests did not wait").isEmpty();
        assertThat(background).hasSize(1);
        clock.set(T0.plusSeconds(60));
        auth(secret);
        assertThat(background).hasSize(2);
        background.forEach(Runnable::run);
        assertThat(accounts.touches).containsExactly(TENANT + "/" + keyId + "@" + T0, TENANT + "/" + keyId + "@" + T0.plusSeconds(60));
    }

    @Test
    void aFailingOrRejectedTouchNeverFailsTheRequest() {
        String secret = newKey(KeyStatus.ACTIVE);
        accounts.touchFailure = new IllegalStateException("DynamoDB is down");
        var inline = new ApiKeyAuthenticator(store, accounts, new KeyUsageRecorder(accounts, Runnable::run, Duration.ofMinutes(1)),
                clock, TTL, Duration.ofSeconds(5));
        assertThat(inline.authenticate(Optional.of("Bearer " + secret))).isInstanceOf(Authentication.Authenticated.class);

        var saturated = new ApiKeyAuthenticator(store, accounts, new KeyUsageRecorder(accounts, task -> {
            throw new RejectedExecutionException("full");
        }, Duration.ofMinutes(1)), clock, TTL, Duration.ofSeconds(5));
        assertThat(saturated.authenticate(Optional.of("Bearer " + secret))).isInstanceOf(Authentication.Authenticated.class);
    }

    /** The tenant above the test keys, allowing these browser origins. */
    private void tenantAllows(String... origins) {
        ScopeChain plain = TestAccounts.chain(null, null, null);
        com.gaterouter.common.accounts.Tenant t = plain.tenant().orElseThrow();
        accounts.put(TENANT, DEPARTMENT, PROJECT, new ScopeChain(Optional.of(new com.gaterouter.common.accounts.Tenant(t.tenantId(),
                t.name(), t.timeZone(), t.status(), t.createdAt(), t.updatedAt(), t.version(),
                AllowedOrigins.of(List.of(origins)))), plain.department(), plain.project(), Optional.empty(), Optional.empty(),
                Optional.empty()));
    }

    @Test
    void anAuthenticatedCallerCarriesItsTenantsExtraParametersPolicyReadWithTheChain() {
        String secret = newKey(KeyStatus.ACTIVE);
        assertThat(((Authentication.Authenticated) auth(secret)).caller().extraParameters())
                .as("the default").isEqualTo(com.gaterouter.common.accounts.ExtraParameters.REJECT);

        ScopeChain plain = TestAccounts.chain(null, null, null);
        com.gaterouter.common.accounts.Tenant t = plain.tenant().orElseThrow();
        accounts.put(TENANT, DEPARTMENT, PROJECT, new ScopeChain(Optional.of(new com.gaterouter.common.accounts.Tenant(t.tenantId(),
                t.name(), t.timeZone(), t.status(), t.createdAt(), t.updatedAt(), t.version(), AllowedOrigins.NONE, true,
                com.gaterouter.common.accounts.ExtraParameters.DROP)), plain.department(), plain.project(), Optional.empty(),
                Optional.empty(), Optional.empty()));
        String other = newKey(KeyStatus.ACTIVE);
        int chainReads = accounts.chainReads.get();
        assertThat(((Authentication.Authenticated) auth(other)).caller().extraParameters())
                .isEqualTo(com.gaterouter.common.accounts.ExtraParameters.DROP);
        assertThat(((Authentication.Authenticated) auth(other)).caller().extraParameters()).as("cached with the key")
                .isEqualTo(com.gaterouter.common.accounts.ExtraParameters.DROP);
        assertThat(accounts.chainReads).as("one scope-chain read for both requests").hasValue(chainReads + 1);
        assertThat(accounts.tenantReads).as("no extra tenant read").hasValue(0);
    }

    @Test
    void anAuthenticatedCallerCarriesItsTenantsOriginsReadWithTheChain() {
        tenantAllows("https://app.example.com");
        Authentication result = auth(newKey(KeyStatus.ACTIVE));
        assertThat(result.allowedOrigins().origins()).containsExactly("https://app.example.com");
        assertThat(result.tenantId()).contains(TENANT);
        assertThat(accounts.tenantReads).as("the tenant came with the scope chain").hasValue(0);
    }

    @Test
    void aRevokedOrAdminKeysRefusalCarriesItsTenantsOriginsReadOncePerCacheLifetime() {
        tenantAllows("https://app.example.com");
        String revoked = newKey(KeyStatus.REVOKED);
        for (int i = 0; i < 3; i++) {
            Authentication result = auth(revoked);
            assertThat(rejection(result).status()).isEqualTo(401);
            assertThat(result.tenantId()).contains(TENANT);
            assertThat(result.allowedOrigins().origins()).containsExactly("https://app.example.com");
        }
        assertThat(accounts.tenantReads).hasValue(1);
        assertThat(accounts.chainReads).hasValue(0);

        Authentication admin = auth(newKey(KeyStatus.ACTIVE, KeyType.ADMIN, ModelPolicy.UNRESTRICTED));
        assertThat(rejection(admin).message()).contains("admin key");
        assertThat(admin.allowedOrigins().origins()).containsExactly("https://app.example.com");
    }

    @Test
    void noKeyOrAnUnknownKeyHasNoTenantToAsk() {
        for (Optional<String> header : List.of(Optional.<String>empty(), Optional.of("Bearer gr-unknown-key-0000000000000000000"))) {
            Authentication result = authenticator.authenticate(header);
            assertThat(result.tenantId()).isEmpty();
            assertThat(result.allowedOrigins()).isEqualTo(AllowedOrigins.NONE);
        }
        assertThat(accounts.tenantReads).hasValue(0);
    }

    @Test
    void aFailingTenantReadStillRefusesTheKeyOnlyWithoutOrigins() {
        String revoked = newKey(KeyStatus.REVOKED);
        accounts.tenantReadFailure = new IllegalStateException("DynamoDB is down");
        Authentication result = auth(revoked);
        assertThat(rejection(result).status()).isEqualTo(401);
        assertThat(result.allowedOrigins()).isEqualTo(AllowedOrigins.NONE);
    }
}
