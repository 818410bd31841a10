package com.gaterouter.router.vendors;

import com.gaterouter.common.usage.TokenUsage;

/**
 * How a streaming call ended. {@code usage} is what the vendor reported, or (when the stream
 * stopped before its usage event) what was generated so far, so nothing streamed goes unmetered.
 */
public sealed interface StreamOutcome {

    TokenUsage usage();

    /** The vendor finished and reported usage. */
    record Finished(TokenUsage usage, long firstChunkNanos) implements StreamOutcome {
    }

    /** Nothing reached the client: safe to retry or fall back. */
    record FailedBeforeFirstChunk(VendorFailure failure) implements StreamOutcome {
        @Override
        public TokenUsage usage() {
            return TokenUsage.NONE;
        }
    }

    /** Chunks were delivered, then the vendor failed: never retried (the client has bytes). */
    record FailedMidStream(VendorFailure failure, TokenUsage usage, long firstChunkNanos) implements StreamOutcome {
    }

    /** The client went away; the vendor call was abandoned. */
    record ClientGone(TokenUsage usage, long firstChunkNanos) implements StreamOutcome {
    }
}
