package com.gaterouter.router.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.vendors.VendorFailure.Kind;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Error answers of the OpenAI-shaped vendors and Anthropic, as their APIs publish them, to the kinds the gateway acts on. */
class HttpFailuresTest {

    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (a, b) -> true);
    private static final HttpHeaders RETRY_AFTER_2 = HttpHeaders.of(Map.of("retry-after", List.of("2")), (a, b) -> true);

    private static String openAi(String message, String type, String param, String code) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.putObject("error").put("message", message).put("type", type).put("param", param).put("code", code);
        return error.toString();
    }

    private static String anthropic(String type, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return body.put("request_id", "req_011C").toString();
    }

    /** An answer of an OpenAI-shaped vendor, and the kind it must map to. */
    record OpenAiCase(String name, int status, String message, String type, String param, String code, Kind kind) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<OpenAiCase> openAiShaped() {
        return List.of(
                new OpenAiCase("openai input shape", 400,
                        "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
                        "invalid_request_error", null, null, Kind.BAD_REQUEST),
                new OpenAiCase("openai invalid value", 400, "Invalid value for 'dimensions' = 99999.", "invalid_request_error",
                        "dimensions", "invalid_value", Kind.BAD_REQUEST),
                new OpenAiCase("openai context", 400, "This model's maximum context length is 128000 tokens. However, your messages "
                        + "resulted in 130000 tokens. Please reduce the length of the messages.", "invalid_request_error", "messages",
                        "context_length_exceeded", Kind.CONTEXT_LENGTH_EXCEEDED),
                new OpenAiCase("openai flagged prompt", 400, "Invalid prompt: your prompt was flagged as potentially violating our "
                        + "usage policy.", "invalid_request_error", null, "invalid_prompt", Kind.CONTENT_FILTERED),
                new OpenAiCase("openai unknown model", 404, "The model `gpt-9` does not exist or you do not have access to it.",
                        "invalid_request_error", null, "model_not_found", Kind.NOT_FOUND),
                new OpenAiCase("openai wrong key", 401, "Incorrect API key provided: sk-proj-****abcd.", "invalid_request_error", null,
                        "invalid_api_key", Kind.UNAUTHORIZED),
                new OpenAiCase("openai region", 403, "Country, region, or territory not supported", "request_forbidden", null,
                        "unsupported_country_region_territory", Kind.UNAUTHORIZED),
                new OpenAiCase("openai rate limit", 429, "Rate limit reached for requests", "requests", null, "rate_limit_exceeded",
                        Kind.RATE_LIMITED),
                new OpenAiCase("openai quota", 429, "You exceeded your current quota, please check your plan and billing details.",
                        "insufficient_quota", null, "insufficient_quota", Kind.QUOTA_EXHAUSTED),
                new OpenAiCase("openai overloaded", 503, "The server is overloaded or not ready yet.", "server_error", null, null,
                        Kind.SERVER_ERROR),
                new OpenAiCase("openai conflict", 409, "Conflict", "invalid_request_error", null, null, Kind.SERVER_ERROR),
                // DeepSeek: one code for every request error, the message tells them apart
                new OpenAiCase("deepseek context", 400, "This model's maximum context length is 65536 tokens. However, you requested "
                        + "66343 tokens (62247 in the messages, 4096 in the completion). Please reduce the length of the messages or "
                        + "completion.", "invalid_request_error", null, "invalid_request_error", Kind.CONTEXT_LENGTH_EXCEEDED),
                new OpenAiCase("deepseek risk", 400, "Content Exists Risk", "invalid_request_error", null, "invalid_request_error",
                        Kind.CONTENT_FILTERED),
                new OpenAiCase("deepseek max_tokens", 400, "Invalid max_tokens value, the valid range of max_tokens is [1, 8192]",
                        "invalid_request_error", null, "invalid_request_error", Kind.BAD_REQUEST),
                new OpenAiCase("deepseek balance", 402, "Insufficient Balance", "unknown_error", null, "invalid_request_error",
                        Kind.QUOTA_EXHAUSTED),
                new OpenAiCase("deepseek parameters", 422, "Invalid Parameters", "invalid_request_error", null, null, Kind.BAD_REQUEST),
                // a 400 naming the model as unknown: the catalog's model, not the caller's request
                new OpenAiCase("deepseek unknown model", 400, "Model Not Exist", "invalid_request_error", null, "invalid_request_error",
                        Kind.NOT_FOUND));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("openAiShaped")
    void openAiShapedAnswers(OpenAiCase c) throws Exception {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.putObject("error").put("message", c.message()).put("type", c.type()).put("param", c.param()).put("code", c.code());
        VendorFailure failure = HttpFailures.fromStatus("openai", c.status(), NO_HEADERS, error.toString());

        assertThat(failure.kind()).isEqualTo(c.kind());
        assertThat(failure.vendorStatus()).isEqualTo(c.status());
        assertThat(failure.message()).isEqualTo("openai answered HTTP " + c.status() + ": " + c.message());
        assertThat(failure.param()).as("param relayed only for the caller's errors")
                .isEqualTo(c.kind().callerError() ? Optional.ofNullable(c.param()) : Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "invalid       | 400 | invalid_request_error | messages: roles must alternate between user and assistant         | BAD_REQUEST",
            "too long      | 400 | invalid_request_error | prompt is too long: 208656 tokens > 200000 maximum                  | CONTEXT_LENGTH_EXCEEDED",
            "credit        | 400 | invalid_request_error | Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits. | QUOTA_EXHAUSTED",
            "billing       | 402 | billing_error         | There is an issue with your payment method.                         | QUOTA_EXHAUSTED",
            "key           | 401 | authentication_error  | invalid x-api-key                                                   | UNAUTHORIZED",
            "permission    | 403 | permission_error      | Your API key does not have permission to use the specified resource. | UNAUTHORIZED",
            "model         | 404 | not_found_error       | model: claude-9                                                     | NOT_FOUND",
            "too large     | 413 | request_too_large     | Request exceeds the maximum allowed number of bytes.                | BAD_REQUEST",
            "rate          | 429 | rate_limit_error      | Number of requests has exceeded your per-minute rate limit.         | RATE_LIMITED",
            "api           | 500 | api_error             | Internal server error                                                | SERVER_ERROR",
            "overloaded    | 529 | overloaded_error      | Overloaded                                                          | SERVER_ERROR",
    })
    void anthropicAnswers(String name, int status, String type, String message, Kind kind) {
        VendorFailure failure = HttpFailures.fromStatus("anthropic", status, NO_HEADERS, anthropic(type, message));

        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.message()).isEqualTo("anthropic answered HTTP " + status + ": " + message);
        assertThat(failure.param()).isEmpty();
    }

    @Test
    void retryAfterIsKeptForRateLimitsOnly() {
        assertThat(HttpFailures.fromStatus("openai", 429, RETRY_AFTER_2, openAi("slow", "requests", null, "rate_limit_exceeded"))
                .retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(HttpFailures.fromStatus("openai", 429, RETRY_AFTER_2, openAi("quota", "insufficient_quota", null, "insufficient_quota"))
                .retryAfter()).as("an empty account does not refill in 2 s").isEmpty();
        assertThat(HttpFailures.fromStatus("openai", 503, RETRY_AFTER_2, "").retryAfter()).isEmpty();
    }

    @Test
    void answersWithoutAReadableBodyFallBackOnTheStatus() {
        assertThat(HttpFailures.fromStatus("deepseek", 400, NO_HEADERS, "<html>Bad Request</html>"))
                .isEqualTo(VendorFailure.of(Kind.BAD_REQUEST, 400, "deepseek answered HTTP 400"));
        assertThat(HttpFailures.fromStatus("deepseek", 502, NO_HEADERS, null).kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(HttpFailures.fromStatus("deepseek", 408, NO_HEADERS, "").kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(HttpFailures.fromStatus("openai", 400, NO_HEADERS, "{\"error\":\"just a string\"}").message())
                .isEqualTo("openai answered HTTP 400");
    }

    @Test
    void onlyVendorFailuresAreRetriedAndCountAgainstTheVendor() {
        for (Kind kind : Kind.values()) {
            boolean caller = kind == Kind.BAD_REQUEST || kind == Kind.CONTEXT_LENGTH_EXCEEDED || kind == Kind.CONTENT_FILTERED;
            assertThat(kind.callerError()).as(kind.name()).isEqualTo(caller);
            if (caller || kind == Kind.UNAUTHORIZED || kind == Kind.QUOTA_EXHAUSTED || kind == Kind.NOT_FOUND) {
                assertThat(kind.retryable()).as(kind.name()).isFalse();
                assertThat(kind.vendorFault()).as(kind.name()).isFalse();
            }
        }
        assertThat(Kind.RATE_LIMITED.retryable()).isTrue();
        assertThat(Kind.RATE_LIMITED.vendorFault()).as("busy, not broken").isFalse();
        assertThat(Kind.SERVER_ERROR.vendorFault()).isTrue();
        assertThat(Kind.MALFORMED_RESPONSE.retryable()).isFalse();
        assertThat(Kind.MALFORMED_RESPONSE.vendorFault()).isTrue();
    }
}
