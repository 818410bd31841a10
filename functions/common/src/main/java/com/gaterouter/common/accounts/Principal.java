package com.gaterouter.common.accounts;

import java.util.Objects;

/** Who is calling: the owner chain of an authenticated API key. */
public record Principal(String tenantId, String departmentId, String projectId, String userId, String keyId) {

    public Principal {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(keyId, "keyId");
    }
}
