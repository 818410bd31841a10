package com.gaterouter.router.auth;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.AllowedOrigins;
import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.ApiKeyStore;
import com.gaterouter.common.accounts.ExtraParameters;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.ModelAccess;
import com.gaterouter.common.accounts.RoutingPolicy;
import com.gaterouter.common.accounts.ScopeChain;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.router.budget.CallerBudgets;
import com.gaterouter.routing.policy.RoutingRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-key authentication for the app API: SHA-256 of the presented secret → ApiKeys lookup,
 * and for an app key the scope chain above it (tenant, department, project and their model
 * policies and the budgets of the key's five scopes, {@link AccountStore#scopeChain}), both read together and cached per warm instance.
 *
 * <p>A cached entry lives at most {@code ttl} (≤ {@value #MAX_TTL_SECONDS} s), which bounds how
 * long a revoked key, or a key under a tenant, department or project archived since, keeps working
 * on a warm instance, and how long a changed budget takes to apply (spend itself is counted live). Whether a secret is usable (status, expiry, rotation grace) is decided per
 * request against the clock, so an expiry or the end of a grace period takes effect to the second.
 * Unknown keys are cached too, briefly, so a flood of bad keys costs one lookup each per
 * {@code negativeTtl}, not one per request.
 *
 * <p>Only app keys pass; admin keys are for the admin API. A key whose tenant, department or
 * project is missing or archived is refused like a revoked one: the admin API's archive cascade
 * revokes such keys, and this is the second line should a cascade be interrupted.
 *
 * <p>The caller carries its tenant's extra-parameters policy ({@link ExtraParameters}), read with the
 * scope chain and cached with it: deciding whether to drop a field costs no store read per request.
 *
 * <p>Every outcome carries the key's tenant's allowed browser origins (CORS) when the key exists:
 * they come with the scope chain; for a key that exists but may not be used, only its tenant is read
 * (and cached the same way), so a browser app its tenant allows can read the refusal.
 */
public final class ApiKeyAuthenticator {

    public static final long MAX_TTL_SECONDS = 60;
    public static final Duration MAX_TTL = Duration.ofSeconds(MAX_TTL_SECONDS);

    static final String ADMIN_KEY_MESSAGE = "This is an admin key: admin keys cannot call the app API. "
            + "Use an app key (created for a project) with /v1.";

    /** Bounds memory if someone sprays random keys; far above any real tenant's key count per instance. */
    private static final int MAX_ENTRIES = 50_000;
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

    /** A key as of its last read and, for an app key, the scopes above it; absent = no such key. */
    private record Cached(Optional<Resolved> resolved, Instant expires) {
    }

    /**
     * {@code chain} is empty for admin keys (they belong to no project) and unusable ones; {@code access}
     * is meaningful for app keys only; {@code origins} are the key's tenant's, whatever the key's state.
     */
    private record Resolved(ApiKeyRecord key, Optional<ScopeChain> chain, ModelAccess access, CallerBudgets budgets,
                            List<RoutingRules> routing, AllowedOrigins origins, ExtraParameters extraParameters) {
    }

    private final ApiKeyStore keys;
    private final AccountStore accounts;
    private final KeyUsageRecorder usage;
    private final Clock clock;
    private final Duration ttl;
    private final Duration negativeTtl;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiKeyAuthenticator(ApiKeyStore keys, AccountStore accounts, KeyUsageRecorder usage, Clock clock,
                               Duration ttl, Duration negativeTtl) {
        if (ttl.compareTo(MAX_TTL) > 0 || negativeTtl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("key cache TTL must be at most " + MAX_TTL_SECONDS
                    + " s so revocations take effect in time");
        }
        if (ttl.isNegative() || negativeTtl.isNegative()) {
            throw new IllegalArgumentException("key cache TTL must not be negative");
        }
        this.keys = keys;
        this.accounts = accounts;
        this.usage = usage;
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
        Optional<Resolved> resolved = lookup(ApiKeySecrets.hash(secret.get()), now);
        if (resolved.isEmpty()) {
            return new Authentication.Rejected(invalid(secret.get()));
        }
        ApiKeyRecord key = resolved.get().key();
        if (!key.usableAt(now)) {
            return rejected(resolved.get(), invalid(secret.get()));
        }
        if (key.type() != KeyType.APP) {
            return rejected(resolved.get(), ApiError.unauthorized(ADMIN_KEY_MESSAGE));
        }
        if (!resolved.get().chain().map(ScopeChain::active).orElse(false)) {
            // archived (or deleted) tenant, department or project: as dead as a revoked key, and said the same way
            return rejected(resolved.get(), invalid(secret.get()));
        }
        usage.used(key, now);
        return new Authentication.Authenticated(new Caller(key, resolved.get().access(), resolved.get().budgets(),
                resolved.get().routing(), resolved.get().extraParameters()), resolved.get().origins());
    }

    /** A key that exists but may not be used: refused, yet readable by the browser apps its tenant allows. */
    private static Authentication rejected(Resolved resolved, ApiError error) {
        return new Authentication.Rejected(error, Optional.of(resolved.key().tenantId()), resolved.origins());
    }

    /** One message for unknown, revoked, expired and orphaned keys: the caller learns nothing about which. */
    private static ApiError invalid(String secret) {
        return ApiError.unauthorized("Invalid API key: " + ApiKeySecrets.redact(secret) + " is not a valid, active key.");
    }

    private Optional<Resolved> lookup(String hash, Instant now) {
        Cached cached = cache.get(hash);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.resolved();
        }
        Optional<Resolved> resolved = keys.findByHash(hash).map(this::resolve);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(hash, new Cached(resolved, now.plus(resolved.isPresent() ? ttl : negativeTtl)));
        return resolved;
    }

    /**
     * Reads the scopes above a usable app key; unusable and admin keys are refused without them, and
     * only their tenant is read, for the origins that may read the refusal (cached like the rest).
     */
    private Resolved resolve(ApiKeyRecord key) {
        if (key.type() != KeyType.APP || key.status() != KeyStatus.ACTIVE) {
            return new Resolved(key, Optional.empty(), ModelAccess.UNRESTRICTED, CallerBudgets.NONE, List.of(), originsOf(key),
                    ExtraParameters.REJECT);
        }
        ScopeChain chain = accounts.scopeChain(key.tenantId(), key.departmentId().orElseThrow(), key.projectId().orElseThrow(),
                key.userId(), key.keyId());
        return new Resolved(key, Optional.of(chain), chain.accessFor(key), CallerBudgets.of(chain),
                chain.routingPolicies().stream().map(RoutingPolicy::rules).toList(),
                chain.tenant().map(Tenant::allowedOrigins).orElse(AllowedOrigins.NONE),
                chain.tenant().map(Tenant::extraParameters).orElse(ExtraParameters.REJECT));
    }

    /** A courtesy read: if it fails the refusal is still sent, only without CORS headers. */
    private AllowedOrigins originsOf(ApiKeyRecord key) {
        try {
            return accounts.findTenant(key.tenantId()).map(Tenant::allowedOrigins).orElse(AllowedOrigins.NONE);
        } catch (RuntimeException e) {
            LOG.debug("could not read the origins of tenant {}: {}", key.tenantId(), e.toString());
            return AllowedOrigins.NONE;
        }
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
