package com.gaterouter.common.accounts;

/** A write the store refused because a condition did not hold; nothing was written. */
public final class WriteRejectedException extends RuntimeException {

    public enum Reason {
        /** Something with this id (or this email) exists already. */
        ALREADY_EXISTS,
        /** The stored version is not the expected one (optimistic concurrency), or the item is gone. */
        VERSION_MISMATCH,
        /** A parent the new thing hangs under (tenant, department, project, user) is missing or archived. */
        PARENT_INACTIVE
    }

    private final Reason reason;

    public WriteRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public WriteRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
