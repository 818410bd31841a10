package com.gaterouter.admin.auth;

import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.ApiKeyStore;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.User;
import com.gaterouter.common.api.ApiRequest;
import java.time.Clock;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Decides who a request comes from. In order: an IAM principal the transport vouches for (API
 * Gateway with IAM authorization) is a platform admin; a Bearer secret of a usable ADMIN key whose
 * user is active is that user with their current role (read fresh, so a role change or an archived
 * user takes effect at once); a Bearer secret that is the platform's bootstrap admin key (looked
 * up only when no tenant key has that hash) is a platform admin. Anything else, app keys
 * included, is 401.
 */
public record AdminAuthenticator(AccountStore accounts, ApiKeyStore apiKeys, Clock clock) {

    private static final Logger LOG = LogManager.getLogger(AdminAuthenticator.class);
    private static final String INVALID = "Missing, invalid or revoked admin key.";

    public Caller authenticate(ApiRequest request, Optional<String> iamCaller) {
        if (iamCaller.isPresent() && !iamCaller.get().isBlank()) {
            return new Caller.PlatformAdmin(iamCaller.get());
        }
        String secret = request.header("authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).strip())
                .filter(token -> !token.isEmpty() && token.length() <= 512)
                .orElseThrow(() -> AdminException.unauthorized(INVALID));
        String hash = ApiKeySecrets.hash(secret);
        Optional<ApiKeyRecord> found = apiKeys.findByHash(hash);
        if (found.isEmpty() && accounts.isPlatformAdminKey(hash)) {
            return new Caller.PlatformAdmin(Caller.PlatformAdmin.BOOTSTRAP_KEY);
        }
        ApiKeyRecord key = found
                .filter(k -> k.type() == KeyType.ADMIN)
                .filter(k -> k.usableAt(clock.instant()))
                .orElseThrow(() -> AdminException.unauthorized(INVALID));
        User user = accounts.findUser(key.tenantId(), key.userId())
                .filter(u -> u.status() == EntityStatus.ACTIVE)
                .orElseThrow(() -> AdminException.unauthorized(INVALID));
        try {
            accounts.touchKey(key.tenantId(), key.keyId(), clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("could not record the use of key {}: {}", key.keyId(), e.toString());
        }
        return new Caller.TenantUser(user.tenantId(), user.userId(), user.role(), user.departmentId(), key.keyId());
    }
}
