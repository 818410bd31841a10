package com.gaterouter.router.auth;

import com.gaterouter.common.api.ApiError;

/** The outcome of checking a request's API key. */
public sealed interface Authentication permits Authentication.Authenticated, Authentication.Rejected {

    record Authenticated(Caller caller) implements Authentication {
    }

    record Rejected(ApiError error) implements Authentication {
    }
}
