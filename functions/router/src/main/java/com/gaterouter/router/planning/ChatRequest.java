package com.gaterouter.router.planning;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A validated chat completion request. {@code body} is the client's JSON in OpenAI form (under the
 * tenant's {@code drop} policy, a copy without the unknown fields) and is never modified (adapters
 * copy it); the other fields are what the gateway itself acts on.
 *
 * @param model      the model as the client named it ("" when only {@code models} was sent)
 * @param requested  the models to try in order: {@code model}, then the OpenRouter-style
 *                   {@code models} fallback list, without repeats, each with the field that named it;
 *                   {@value #AUTO} (only ever first) stands for the models the auto-router picks
 * @param droppedParameters unknown top-level fields removed from {@code body} under the tenant's
 *                   {@code drop} policy, in the order met (see {@link RouterRequest#droppedParameters()})
 */
public record ChatRequest(ObjectNode body, String model, List<RequestedModel> requested, boolean stream, boolean includeUsage,
                          List<String> droppedParameters) implements RouterRequest {

    /** The model id that asks the gateway to choose by the request's complexity; also what a request without a model gets. */
    public static final String AUTO = "auto";

    /** A model id as the client wrote it, and where ({@code model} or {@code models[i]}). */
    public record RequestedModel(String id, String param) {
    }

    public ChatRequest {
        requested = List.copyOf(requested);
        droppedParameters = List.copyOf(droppedParameters);
    }

    /** A request from which nothing was dropped. */
    public ChatRequest(ObjectNode body, String model, List<RequestedModel> requested, boolean stream, boolean includeUsage) {
        this(body, model, requested, stream, includeUsage, List.of());
    }

    /** The model as named: {@code model}, or the first of {@code models} when only that list was sent. */
    @Override
    public String requestedName() {
        return model.isEmpty() ? requested.get(0).id() : model;
    }

    /** Whether the gateway chooses the model ({@code model: "auto"}, or no model at all). */
    @Override
    public boolean auto() {
        return requested.get(0).id().equals(AUTO);
    }
}
