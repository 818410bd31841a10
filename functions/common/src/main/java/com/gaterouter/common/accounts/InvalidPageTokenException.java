package com.gaterouter.common.accounts;

/** A {@code nextToken} that no earlier page of this list produced. */
public final class InvalidPageTokenException extends RuntimeException {

    public InvalidPageTokenException(String message) {
        super(message);
    }
}
