package com.gaterouter.simulator.core;

/** Vendor-neutral error categories; each vendor renders them in its own shape and wording. */
public enum ErrorKind {
    INVALID_REQUEST,
    AUTHENTICATION,
    PERMISSION,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    REQUEST_TOO_LARGE,
    RATE_LIMITED,
    /** The account's credit or quota is used up; each vendor has its own status for it. */
    QUOTA_EXHAUSTED,
    SERVER_ERROR,
    OVERLOADED,
    TIMEOUT
}
