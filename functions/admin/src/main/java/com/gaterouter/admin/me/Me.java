package com.gaterouter.admin.me;

import com.gaterouter.common.accounts.Role;
import java.util.Objects;
import java.util.Optional;

/** Who an admin API caller is, as {@code GET /admin/v1/me} answers it. */
public sealed interface Me permits Me.Platform, Me.TenantUser {

    /** A platform admin: the IAM principal's ARN in AWS, {@code bootstrap-key} on the local gateway. */
    record Platform(String principal) implements Me {
        public Platform {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /** A tenant user calling with one of their admin keys ({@code keyId}), with their tenant's and department's names. */
    record TenantUser(String tenantId, String tenantName, String userId, String name, String email, Role role,
                      Optional<String> departmentId, Optional<String> departmentName, String keyId) implements Me {
        public TenantUser {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(tenantName, "tenantName");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(role, "role");
            departmentId = Objects.requireNonNullElse(departmentId, Optional.empty());
            departmentName = Objects.requireNonNullElse(departmentName, Optional.empty());
            Objects.requireNonNull(keyId, "keyId");
        }
    }
}
