package com.gaterouter.common.billing;

import java.util.List;
import java.util.Optional;

/** The vendor export formats an admin can upload, by their API name. */
public final class VendorExports {

    private static final List<VendorExport> ALL = List.of(
            new OpenAiExport(), new AnthropicExport(), new AwsCurExport(), new GoogleBillingExport());

    private VendorExports() {
    }

    /** The format called {@code name} ({@code openai}, {@code anthropic}, {@code aws-cur}, {@code google-billing}). */
    public static Optional<VendorExport> named(String name) {
        return ALL.stream().filter(format -> format.name().equals(name)).findFirst();
    }

    /** Every format, in a fixed order. */
    public static List<VendorExport> all() {
        return ALL;
    }
}
