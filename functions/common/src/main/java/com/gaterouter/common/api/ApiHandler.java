package com.gaterouter.common.api;

/** Anything that answers API requests: the router, the admin API; transports dispatch to these. */
@FunctionalInterface
public interface ApiHandler {

    ApiResponse handle(ApiRequest request);
}
