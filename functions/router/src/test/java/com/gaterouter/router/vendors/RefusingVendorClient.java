package com.gaterouter.router.vendors;

/**
 * A vendor client for tests that must not reach a vendor: chat and stream calls fail the test with
 * the reason given. Subclasses answer the one kind of call they expect (e.g. {@link #embed}).
 */
public class RefusingVendorClient implements VendorClient {

    private final String reason;

    public RefusingVendorClient(String reason) {
        this.reason = reason;
    }

    @Override
    public VendorResult complete(VendorCall call) {
        throw new AssertionError(reason);
    }

    @Override
    public StreamOutcome stream(VendorCall call, ChunkConsumer consumer) {
        throw new AssertionError(reason);
    }
}
