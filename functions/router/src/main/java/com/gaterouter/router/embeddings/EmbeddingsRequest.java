package com.gaterouter.router.embeddings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.router.planning.RouterRequest;

/**
 * A validated embeddings request: the client's OpenAI body and the model it named. Never a stream,
 * never routed by the gateway.
 */
record EmbeddingsRequest(ObjectNode body, String requestedName) implements RouterRequest {

    @Override
    public boolean stream() {
        return false;
    }

    @Override
    public boolean auto() {
        return false;
    }
}
