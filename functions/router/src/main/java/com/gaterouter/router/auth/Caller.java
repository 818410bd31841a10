package com.gaterouter.router.auth;

import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.ModelAccess;
import com.gaterouter.common.accounts.Principal;
import java.util.Objects;

/**
 * An authenticated app-API caller: its app key and the models it may use, the intersection of
 * its tenant's, department's, project's and its own model policies as of the key's last cache
 * refresh. Services take this, never a raw key, so none can forget the scopes above the key.
 */
public record Caller(ApiKeyRecord key, ModelAccess access) {

    public Caller {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(access, "access");
        if (key.type() != KeyType.APP) {
            throw new IllegalArgumentException("only app keys call the app API");
        }
    }

    /** Tenant, department, project, user and key: who is billed and metered. */
    public Principal principal() {
        return key.owner();
    }

    public String tenantId() {
        return key.tenantId();
    }

    /** Whether this caller may use the catalog model {@code modelId} (always a resolved id, never an alias). */
    public boolean mayUse(String modelId) {
        return access.permits(modelId);
    }
}
