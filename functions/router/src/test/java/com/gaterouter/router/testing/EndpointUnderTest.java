package com.gaterouter.router.testing;

import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.lifecycle.Endpoint;
import com.gaterouter.router.lifecycle.RequestLifecycle;

/** One endpoint served through the request lifecycle as {@code RouterApp} serves it, without HTTP or authentication. */
public record EndpointUnderTest(RequestLifecycle lifecycle, Endpoint<?> endpoint) {

    public ApiResponse serve(ApiRequest http, Caller caller) {
        return lifecycle.serve(endpoint, http, caller);
    }
}
