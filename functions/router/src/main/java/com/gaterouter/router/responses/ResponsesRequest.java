package com.gaterouter.router.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.router.planning.ChatRequest;
import com.gaterouter.router.planning.RouterRequest;

/**
 * A {@code POST /v1/responses} request: the client's Responses body as sent, which the answer echoes
 * (instructions, tools, tool choice, text format, reasoning, sampling, …), and the same request in
 * the router's normal form, which vendors are called with.
 *
 * @param original the client's body, never modified
 * @param chat     the request translated to Chat Completions and validated by the chat parser
 */
public record ResponsesRequest(ObjectNode original, ChatRequest chat) implements RouterRequest {

    @Override
    public ObjectNode body() {
        return chat.body();
    }

    @Override
    public String requestedName() {
        return chat.requestedName();
    }

    @Override
    public boolean stream() {
        return chat.stream();
    }

    @Override
    public boolean auto() {
        return chat.auto();
    }
}
