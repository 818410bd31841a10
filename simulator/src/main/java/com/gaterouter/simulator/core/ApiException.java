package com.gaterouter.simulator.core;

/** Carries an {@link ApiError} out of request parsing to the vendor's error renderer. */
public final class ApiException extends RuntimeException {

    private final ApiError error;

    public ApiException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
