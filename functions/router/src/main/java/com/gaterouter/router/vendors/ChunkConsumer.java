package com.gaterouter.router.vendors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Receives a stream's chunks in OpenAI {@code chat.completion.chunk} form, as they arrive. */
@FunctionalInterface
public interface ChunkConsumer {

    /** @throws IOException when the client is gone; the adapter then stops reading the vendor */
    void onChunk(ObjectNode chunk) throws IOException;
}
