package com.gaterouter.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the simulator injects instead of (or in the middle of) a normal answer.
 * Queue one with {@link FaultQueue#enqueue}, the {@code POST /_sim/faults} control endpoint,
 * or an in-band {@code [[sim:fault=...]]} directive.
 */
public sealed interface Fault {

    /** 429 with {@code Retry-After} (whole seconds, rounded up) and the vendor's rate-limit body. */
    record RateLimited(Duration retryAfter) implements Fault {
        public RateLimited {
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative");
            }
        }
    }

    /**
     * A 5xx with the vendor's error body. 529 is Anthropic's {@code overloaded_error};
     * the other vendors have no 529 and answer 503 for it.
     */
    record ServerError(int status) implements Fault {
        public ServerError {
            if (status < 500 || status > 599) {
                throw new IllegalArgumentException("status must be 5xx, was " + status);
            }
        }
    }

    /** Accepts the request, sends nothing for {@code hang}, then closes the connection. */
    record Timeout(Duration hang) implements Fault {
        public Timeout {
            Objects.requireNonNull(hang, "hang");
            if (hang.isNegative()) {
                throw new IllegalArgumentException("hang must not be negative");
            }
        }
    }

    /** 200 with a truncated JSON body; in a stream, one {@code data:} line carries invalid JSON. */
    record MalformedJson() implements Fault {
    }

    /**
     * Streams: sends {@code afterChunks} content events, then drops the connection without the
     * terminal events. Non-stream: sends the headers and half the body, then drops the connection.
     */
    record StreamCut(int afterChunks) implements Fault {
        public StreamCut {
            if (afterChunks < 0) {
                throw new IllegalArgumentException("afterChunks must not be negative");
            }
        }
    }

    /** 401 with the vendor's authentication error body. */
    record Unauthorized() implements Fault {
    }

    /**
     * Streams: sends {@code afterChunks} content events, then the vendor's in-stream error event
     * (Anthropic {@code event: error}, OpenAI/DeepSeek/Gemini a {@code data: {"error":...}} line)
     * and ends the stream cleanly. Non-stream requests get {@code ServerError(status)}.
     */
    record StreamError(int afterChunks, int status) implements Fault {
        public StreamError {
            if (afterChunks < 0) {
                throw new IllegalArgumentException("afterChunks must not be negative");
            }
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status must be 4xx or 5xx, was " + status);
            }
        }
    }

    /**
     * The vendor refusing the request as it refuses a real one, with its own status, error shape
     * and words (see {@link Refusal}); some vendors answer a refusal as a 200 instead (a prompt
     * their content policy blocks). Needs the parsed request (the model's name), so a request that
     * fails validation gets its own 400 first.
     */
    record Refused(Refusal refusal) implements Fault {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    /** Why a vendor refuses a request, each rendered in the vendor's own way. */
    enum Refusal {
        /** An invalid request: each vendor's 400 invalid-request error. */
        INVALID_REQUEST,
        /**
         * A prompt the vendor's content policy blocks: OpenAI's 400 {@code invalid_prompt}, DeepSeek's
         * 400 "Content Exists Risk", Gemini's 200 with {@code promptFeedback.blockReason} and no
         * candidates, Anthropic's 200 {@code stop_reason: refusal}, Bedrock's 200 {@code stopReason: content_filtered}.
         */
        CONTENT_FILTER,
        /**
         * The account's credit or quota used up: OpenAI 429 {@code insufficient_quota}, DeepSeek 402
         * "Insufficient Balance", Anthropic 400 "Your credit balance is too low…", Gemini 429
         * {@code RESOURCE_EXHAUSTED} (a per-day quota, RetryInfo of hours), Bedrock 400 {@code ServiceQuotaExceededException}.
         */
        QUOTA_EXHAUSTED,
        /**
         * The model the request names does not exist for this account: OpenAI 404 {@code model_not_found},
         * DeepSeek 400 "Model Not Exist", Anthropic 404 {@code not_found_error}, Gemini 404 {@code NOT_FOUND},
         * Bedrock 400 {@code ValidationException} "The provided model identifier is invalid."
         */
        MODEL_NOT_FOUND
    }

    static Fault rateLimited(Duration retryAfter) {
        return new RateLimited(retryAfter);
    }

    static Fault serverError(int status) {
        return new ServerError(status);
    }

    static Fault timeout(Duration hang) {
        return new Timeout(hang);
    }

    static Fault malformedJson() {
        return new MalformedJson();
    }

    static Fault streamCut(int afterChunks) {
        return new StreamCut(afterChunks);
    }

    static Fault unauthorized() {
        return new Unauthorized();
    }
}
