package com.gaterouter.router.vendors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Port to one vendor API shape. Implementations translate the normal-form request (OpenAI Chat
 * Completions JSON) to the vendor's wire format and the vendor's answers — bodies, stream events,
 * usage, stop reasons, errors — back to OpenAI's. They make exactly one HTTP attempt per call:
 * retries and fallback belong to the caller, which knows what has already reached the client.
 *
 * <p>Streams: adapters hand the consumer OpenAI {@code chat.completion.chunk} objects in order —
 * first a chunk whose delta has {@code role: "assistant"}, then content / tool-call deltas, then a
 * chunk with the {@code finish_reason}, and last a usage chunk ({@code "choices": []} plus
 * {@code usage}) whenever the vendor reported usage, exactly as OpenAI does with
 * {@code stream_options.include_usage}. The caller decides what the client sees.
 *
 * <p>Reasoning, where the vendor shows it, uses two extensions of the normal form. A completion's
 * message may carry {@code reasoning_content} (the reasoning text, DeepSeek's convention) and
 * {@code thinking_blocks} (LiteLLM's convention: Claude's blocks verbatim, in order,
 * {@code {"type":"thinking","thinking":…,"signature":…}} or {@code {"type":"redacted_thinking","data":…}}).
 * In a stream, reasoning text arrives as {@code reasoning_content} deltas; a thinking block ends with a
 * delta {@code {"thinking_blocks":[{"type":"thinking","thinking":"","signature":…}]}} (the text is in the
 * {@code reasoning_content} deltas before it), and a redacted block is one delta
 * {@code {"thinking_blocks":[{"type":"redacted_thinking","data":…}]}}. These deltas come in the order the
 * vendor produced the blocks, relative to content and tool-call deltas, after the role chunk and
 * before the finish chunk.
 */
public interface VendorClient {

    VendorResult complete(VendorCall call);

    /** Streams chunks to {@code consumer}; usage is always requested upstream for metering. */
    StreamOutcome stream(VendorCall call, ChunkConsumer consumer);

    /**
     * An embeddings call in OpenAI's form ({@code POST /v1/embeddings}), answered in OpenAI's form.
     * Only adapters of vendors whose catalog models have the {@code embeddings} capability override this.
     */
    default VendorResult embed(VendorCall call) {
        return new VendorResult.Failed(VendorFailure.of(VendorFailure.Kind.BAD_REQUEST, 0,
                call.vendor().name() + " embeddings are not supported by this gateway"));
    }

    /**
     * Request fields (OpenAI names, e.g. {@code "logprobs"}, {@code "n"}) that this vendor cannot
     * honour for this request, checked before any call so the client gets a 400 naming the field
     * instead of a silently different answer. Empty when the request can be served as asked.
     */
    default List<String> unsupportedParameters(ObjectNode request) {
        return List.of();
    }
}
