package com.gaterouter.common.accounts;

import java.util.Optional;

/** Port: API keys by the SHA-256 of their secret. */
public interface ApiKeyStore {

    Optional<ApiKeyRecord> findByHash(String keyHash);

    /** Stores a new key; fails with {@link IllegalStateException} if one with the same hash exists. */
    void create(ApiKeyRecord key);
}
