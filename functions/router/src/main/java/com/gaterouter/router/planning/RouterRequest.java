package com.gaterouter.router.planning;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the router acts on in any app request, whatever the endpoint or dialect it came in: the
 * body in the router's normal form (OpenAI's), which vendor adapters translate, and the few facts
 * the request lifecycle needs to plan, reserve, meter and explain it.
 */
public interface RouterRequest {

    /** The request in the router's normal form; never modified (adapters copy it). */
    ObjectNode body();

    /** The model as the client named it, for the usage record ({@code auto} when the gateway chooses). */
    String requestedName();

    /** Whether the client asked for a stream of events rather than one answer. */
    boolean stream();

    /** Whether the gateway chooses the model (the auto-router may then narrow the candidates to a budget). */
    boolean auto();

    /**
     * Top-level request fields the gateway removed before validation because the caller's tenant
     * drops what it does not know ({@code ExtraParameters.DROP}), in the order the body had them;
     * the answer lists them in {@code x-gaterouter-dropped-params}. Empty under the default policy.
     */
    default List<String> droppedParameters() {
        return List.of();
    }
}
