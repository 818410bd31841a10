package com.gaterouter.router.vendors.gemini;

import static com.gaterouter.router.vendors.JsonFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorFailure.Kind;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GeminiFailuresTest {

    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (a, b) -> true);

    private static String error(int code, String status, String message, String details) {
        return """
                {"error":{"code":%d,"message":"%s","status":"%s"%s}}""".formatted(code, message, status,
                details == null ? "" : ",\"details\":" + details);
    }

    @Test
    void rateLimitsHonourRetryInfoWhenThereIsNoRetryAfterHeader() {
        VendorFailure failure = GeminiFailures.fromStatus("gemini", 429, NO_HEADERS, error(429, "RESOURCE_EXHAUSTED",
                "You exceeded your current quota.", """
                [{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[]},
                 {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]"""));

        assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(failure.vendorStatus()).isEqualTo(429);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(failure.message()).isEqualTo("gemini answered HTTP 429: You exceeded your current quota.");
    }

    @Test
    void aRetryAfterHeaderWinsAndFractionalDelaysAreKept() {
        HttpHeaders headers = HttpHeaders.of(Map.of("retry-after", List.of("3")), (a, b) -> true);
        String body = error(429, "RESOURCE_EXHAUSTED", "slow down",
                "[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.5s\"}]");

        assertThat(GeminiFailures.fromStatus("gemini", 429, headers, body).retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(GeminiFailures.fromStatus("gemini", 429, NO_HEADERS, body).retryAfter()).contains(Duration.ofMillis(1500));
    }

    @ParameterizedTest
    @CsvSource({
            "500, INTERNAL,            SERVER_ERROR",
            "503, UNAVAILABLE,         SERVER_ERROR",
            "502, '',                  SERVER_ERROR",
            "504, DEADLINE_EXCEEDED,   TIMEOUT",
            "401, UNAUTHENTICATED,     UNAUTHORIZED",
            "403, PERMISSION_DENIED,   UNAUTHORIZED",
            "400, FAILED_PRECONDITION, UNAUTHORIZED",
            "400, INVALID_ARGUMENT,    BAD_REQUEST",
            "404, NOT_FOUND,           NOT_FOUND",
            "400, OUT_OF_RANGE,        BAD_REQUEST",
            "429, '',                  RATE_LIMITED"})
    void statusesMapToKinds(int code, String status, Kind kind) {
        VendorFailure failure = GeminiFailures.fromStatus("gemini", code, NO_HEADERS, error(code, status, "m", null));

        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.vendorStatus()).isEqualTo(code);
        if (kind != Kind.RATE_LIMITED) {
            assertThat(failure.retryAfter()).isEmpty();
        }
    }

    @Test
    void aPromptLongerThanTheWindowIsTheCallersContextLengthErrorAndOtherInvalidArgumentsPlainBadRequests() {
        VendorFailure tooLong = GeminiFailures.fromStatus("gemini", 400, NO_HEADERS, error(400, "INVALID_ARGUMENT",
                "The input token count (1200293) exceeds the maximum number of tokens allowed (1048576).", null));
        VendorFailure invalid = GeminiFailures.fromStatus("gemini", 400, NO_HEADERS, error(400, "INVALID_ARGUMENT",
                "* GenerateContentRequest.contents: contents is not specified", null));

        assertThat(tooLong.kind()).isEqualTo(Kind.CONTEXT_LENGTH_EXCEEDED);
        assertThat(tooLong.message()).isEqualTo(
                "gemini answered HTTP 400: The input token count (1200293) exceeds the maximum number of tokens allowed (1048576).");
        assertThat(invalid.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(invalid.kind().callerError()).isTrue();
    }

    @Test
    void anInvalidKeyIsA400ButUnauthorized() {
        VendorFailure failure = GeminiFailures.fromStatus("gemini", 400, NO_HEADERS, error(400, "INVALID_ARGUMENT",
                "API key not valid. Please pass a valid API key.", """
                [{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]"""));

        assertThat(failure.kind()).isEqualTo(Kind.UNAUTHORIZED);
    }

    @Test
    void theArrayFormAndNonJsonBodiesAreUnderstood() {
        VendorFailure array = GeminiFailures.fromStatus("gemini", 503, NO_HEADERS, "[" + error(503, "UNAVAILABLE", "overloaded", null) + "]");
        VendorFailure html = GeminiFailures.fromStatus("gemini", 502, NO_HEADERS, "<html>Bad Gateway</html>");

        assertThat(array.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(array.message()).isEqualTo("gemini answered HTTP 503: overloaded");
        assertThat(html.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(html.message()).isEqualTo("gemini answered HTTP 502");
    }

    @Test
    void streamErrorFramesMapByCodeAndStatus() {
        VendorFailure overloaded = GeminiFailures.fromStreamError("gemini",
                json(error(503, "UNAVAILABLE", "The model is overloaded.", null)).get("error"));
        VendorFailure limited = GeminiFailures.fromStreamError("gemini", json(error(429, "RESOURCE_EXHAUSTED", "quota",
                "[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"2s\"}]")).get("error"));

        assertThat(overloaded.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(overloaded.vendorStatus()).isEqualTo(503);
        assertThat(overloaded.message()).isEqualTo("gemini reported an error in the stream (503): The model is overloaded.");
        assertThat(limited.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(limited.retryAfter()).isEqualTo(Optional.of(Duration.ofSeconds(2)));
    }
}
