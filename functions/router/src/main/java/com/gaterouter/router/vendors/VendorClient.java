package com.gaterouter.router.vendors;

/**
 * Port to one vendor API shape. Implementations translate the normal-form request to the
 * vendor's wire format and the vendor's answers (bodies, stream events, usage, stop reasons,
 * errors) back to OpenAI's. They make exactly one HTTP attempt per call: retries and fallback
 * belong to the caller, which knows what has already reached the client.
 */
public interface VendorClient {

    VendorResult complete(VendorCall call);

    /** Streams chunks to {@code consumer}; usage is always requested upstream for metering. */
    StreamOutcome stream(VendorCall call, ChunkConsumer consumer);
}
