package com.gaterouter.router.auth;

import com.gaterouter.common.accounts.AllowedOrigins;
import com.gaterouter.common.api.ApiError;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking a request's API key, with the browser origins the key's tenant allows
 * (CORS) whenever the key's tenant is known — so a browser app can read a refusal too.
 */
public sealed interface Authentication permits Authentication.Authenticated, Authentication.Rejected {

    /** The origins whose browser apps may read the answer ({@link AllowedOrigins#NONE} when no tenant is known). */
    AllowedOrigins allowedOrigins();

    /** The key's tenant, when the key is known. */
    Optional<String> tenantId();

    record Authenticated(Caller caller, AllowedOrigins allowedOrigins) implements Authentication {
        public Authenticated {
            Objects.requireNonNull(caller, "caller");
            allowedOrigins = Objects.requireNonNullElse(allowedOrigins, AllowedOrigins.NONE);
        }

        public Authenticated(Caller caller) {
            this(caller, AllowedOrigins.NONE);
        }

        @Override
        public Optional<String> tenantId() {
            return Optional.of(caller.tenantId());
        }
    }

    /**
     * @param tenantId the tenant of a key that exists but may not be used (revoked, expired, an admin
     *                 key, an archived scope); empty for a missing or unknown key
     */
    record Rejected(ApiError error, Optional<String> tenantId, AllowedOrigins allowedOrigins) implements Authentication {
        public Rejected {
            Objects.requireNonNull(error, "error");
            tenantId = Objects.requireNonNullElse(tenantId, Optional.empty());
            allowedOrigins = Objects.requireNonNullElse(allowedOrigins, AllowedOrigins.NONE);
        }

        /** A refusal where no tenant is known (no key, an unknown key). */
        public Rejected(ApiError error) {
            this(error, Optional.empty(), AllowedOrigins.NONE);
        }
    }
}
