package com.gaterouter.common.billing;

/** An uploaded or fetched export that is not the format it claims; the message names what is wrong and where. */
public final class InvoiceFormatException extends RuntimeException {

    public InvoiceFormatException(String message) {
        super(message);
    }

    public InvoiceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
