package com.gaterouter.common.api;

/**
 * The body of a streamed response. The stream decides its status late: it may fail before any
 * event (vendor down, every fallback exhausted) and then answers with an ordinary error response,
 * which is why headers are only sent when {@link SseSink#open} is called.
 */
@FunctionalInterface
public interface SseStream {

    /**
     * Writes the stream into the sink. An {@link java.io.IOException} from the sink means the
     * client went away; implementations stop generating but still finish their bookkeeping.
     *
     * @return {@link StreamResult.Delivered} if the sink was opened, otherwise the response to send instead
     */
    StreamResult writeTo(SseSink sink);

    sealed interface StreamResult permits StreamResult.Delivered, StreamResult.NotStarted {

        record Delivered() implements StreamResult {
        }

        /** Nothing was sent; the transport answers with {@code response} (status and all). */
        record NotStarted(ApiResponse.Buffered response) implements StreamResult {
        }
    }
}
