package com.gaterouter.common.api;

/**
 * How an API dialect writes an error: OpenAI's {@code {"error":{…}}} for the OpenAI dialects
 * (Chat Completions, Responses, embeddings), Anthropic's {@code {"type":"error","error":{…}}} for
 * Messages. The {@link ApiError} (status, type, code, message) is the one vocabulary; a shape only
 * writes it.
 */
@FunctionalInterface
public interface ErrorShape {

    /** OpenAI's shape, which every OpenAI SDK parses into its typed exceptions. */
    ErrorShape OPENAI = ApiError::toResponse;

    ApiResponse.Buffered render(ApiError error, String requestId);
}
