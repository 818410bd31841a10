package com.gaterouter.common.billing;

import java.util.List;

/**
 * A vendor's published usage and cost export format, read into {@link InvoiceLine}s: what an admin
 * uploads for a reconciliation, and what the scheduled fetch reads from a vendor's admin API.
 */
public interface VendorExport {

    /** The format's name in the API ({@code openai}, {@code anthropic}, {@code aws-cur}, {@code google-billing}). */
    String name();

    /** The catalog vendor whose usage the format describes. */
    String vendor();

    /**
     * The export's lines.
     *
     * @throws InvoiceFormatException when the bytes are not this format; the message names the line or field
     */
    List<InvoiceLine> parse(byte[] body);
}
