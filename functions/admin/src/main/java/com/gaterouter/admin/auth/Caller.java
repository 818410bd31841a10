package com.gaterouter.admin.auth;

import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.Role;
import java.util.Objects;
import java.util.Optional;

/** Who is calling the admin API: a platform admin, or a tenant user with an admin key. */
public sealed interface Caller permits Caller.PlatformAdmin, Caller.TenantUser {

    /** How the audit log names this caller. */
    Actor actor();

    /**
     * A platform admin: IAM-authenticated in AWS ({@code principal} = the caller's ARN) or the
     * local bootstrap admin key ({@code principal} = {@value #BOOTSTRAP_KEY}).
     */
    record PlatformAdmin(String principal) implements Caller {

        public static final String BOOTSTRAP_KEY = "bootstrap-key";

        public PlatformAdmin {
            Objects.requireNonNull(principal, "principal");
        }

        @Override
        public Actor actor() {
            return new Actor(Actor.Kind.PLATFORM, principal, Optional.empty());
        }
    }

    /** A user of one tenant, authenticated by one of their ADMIN keys; role and department read fresh per request. */
    record TenantUser(String tenantId, String userId, Role role, Optional<String> departmentId, String keyId) implements Caller {

        public TenantUser {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(role, "role");
            departmentId = Objects.requireNonNullElse(departmentId, Optional.empty());
            Objects.requireNonNull(keyId, "keyId");
        }

        @Override
        public Actor actor() {
            return new Actor(Actor.Kind.USER, userId, Optional.of(keyId));
        }

        public boolean inDepartment(String department) {
            return departmentId.map(department::equals).orElse(false);
        }
    }
}
