package com.gaterouter.router.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated chat completion request. {@code body} is the client's JSON in OpenAI form and is
 * never modified (adapters copy it); the other fields are what the gateway itself acts on.
 */
public record ChatRequest(ObjectNode body, String model, boolean stream, boolean includeUsage) {
}
