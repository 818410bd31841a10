package com.gaterouter.admin.billing;

import java.time.LocalDate;

/**
 * A vendor's usage and cost export for a period, fetched from its admin API: the body an admin would
 * upload for a reconciliation (docs/finops.md, "Fetched by schedule"). For {@code openai}:
 * {@code {"costs": [pages of /organization/costs], "usage": [pages of /organization/usage/completions]}};
 * for {@code anthropic}: {@code {"cost_report": [pages], "usage_report": [pages of /usage_report/messages]}},
 * every page of each report, in order.
 */
public interface VendorBillingApi {

    /** The vendors {@link #export} serves (those whose admin key is configured). */
    java.util.Set<String> vendors();

    /**
     * The export of {@code vendor} for the UTC days {@code from} (inclusive) to {@code toExclusive}.
     *
     * @throws VendorBillingException when the vendor answers with an error status or a page that is not a report
     * @throws IllegalArgumentException when {@code vendor} is not one of {@link #vendors()}
     */
    byte[] export(String vendor, LocalDate from, LocalDate toExclusive);

    /** The vendor's admin API failed: names the vendor and the HTTP status (0: no answer), never the key. */
    final class VendorBillingException extends RuntimeException {
        private final String vendor;
        private final int status;

        public VendorBillingException(String vendor, int status, String message, Throwable cause) {
            super(vendor + " admin API: " + message + (status > 0 ? " (HTTP " + status + ")" : ""), cause);
            this.vendor = vendor;
            this.status = status;
        }

        public String vendor() {
            return vendor;
        }

        public int status() {
            return status;
        }
    }
}
