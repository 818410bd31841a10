package com.gaterouter.common.accounts;

import java.util.Optional;

/** Port: the accounts table (tenants and what hangs under them, and platform credentials). */
public interface AccountStore {

    Optional<Tenant> findTenant(String tenantId);

    /** Whether {@code keyHash} is the SHA-256 of a platform admin key. */
    boolean isPlatformAdminKey(String keyHash);
}
