package com.gaterouter.router.vendors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Hands a stream translator's chunks to the caller's {@link ChunkConsumer}, counting them and
 * timing the first; a consumer that throws means the client is gone.
 */
public final class ChunkDelivery {

    /** The consumer threw: the client is gone. Not an IOException, so it cannot be mistaken for the vendor's. */
    public static final class ClientGoneSignal extends Exception {
        ClientGoneSignal() {
            super(null, null, false, false);
        }
    }

    private final ChunkConsumer consumer;
    private long chunks;
    private long firstChunkNanos;

    public ChunkDelivery(ChunkConsumer consumer) {
        this.consumer = consumer;
    }

    public void deliver(ObjectNode chunk) throws ClientGoneSignal {
        if (chunks++ == 0) {
            firstChunkNanos = System.nanoTime();
        }
        try {
            consumer.onChunk(chunk);
        } catch (IOException clientGone) {
            throw new ClientGoneSignal();
        }
    }

    /** Whether a chunk has been handed on (counted even when the consumer then threw). */
    public boolean started() {
        return chunks > 0;
    }

    /** {@link System#nanoTime()} when the first chunk was handed on; 0 before. */
    public long firstChunkNanos() {
        return firstChunkNanos;
    }
}
