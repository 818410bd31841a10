package com.gaterouter.router.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.vendors.VendorFailure.Kind;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client's answer for each way a vendor call can fail: whose fault, which status, which code. */
class VendorFailureAnswerTest {

    private static final ModelSpec MODEL = new ModelSpec("openai/gpt-4o-mini", "openai", "gpt-4o-mini", 128_000, 16_384, Set.of(),
            List.of(), List.of(new ModelPrice(LocalDate.of(2024, 7, 18), 150_000, 75_000, 0, 600_000)));

    @ParameterizedTest(name = "{0} -> {1} {2}/{3}")
    @CsvSource({
            "BAD_REQUEST,             400, invalid_request_error, vendor_rejected_request",
            "CONTEXT_LENGTH_EXCEEDED, 400, invalid_request_error, context_length_exceeded",
            "CONTENT_FILTERED,        400, invalid_request_error, content_policy_violation",
            "RATE_LIMITED,            429, rate_limit_error,      vendor_rate_limited",
            "QUOTA_EXHAUSTED,         503, api_error,             vendor_quota_exhausted",
            "UNAUTHORIZED,            502, api_error,             vendor_auth_failed",
            "NOT_FOUND,               502, api_error,             vendor_model_not_found",
            "SERVER_ERROR,            502, api_error,             vendor_unavailable",
            "CONNECTION,              502, api_error,             vendor_unavailable",
            "MALFORMED_RESPONSE,      502, api_error,             vendor_malformed_response",
            "TIMEOUT,                 504, api_error,             vendor_timeout"})
    void eachKindHasOneAnswer(Kind kind, int status, String type, String code) {
        ApiError error = VendorFailureAnswer.of(VendorFailure.of(kind, 418, "openai answered HTTP 418: details"), MODEL, "messages", "");

        assertThat(error.status()).isEqualTo(status);
        assertThat(error.type()).isEqualTo(type);
        assertThat(error.code()).isEqualTo(code);
        assertThat(VendorFailureAnswer.usageStatus(VendorFailure.of(kind, 418, "x")))
                .isEqualTo(kind.callerError() ? UsageStatus.INVALID_REQUEST : UsageStatus.VENDOR_FAILED);
    }

    @Test
    void theCallersErrorsCarryTheVendorsMessageAndNameTheField() {
        ApiError rejected = VendorFailureAnswer.of(new VendorFailure(Kind.BAD_REQUEST, 400, Optional.empty(),
                "openai answered HTTP 400: Invalid value for 'dimensions'.", Optional.of("dimensions")), MODEL, "input", " (after 1)");
        assertThat(rejected.message()).as("nothing appended: the message is the vendor's").isEqualTo(
                "openai answered HTTP 400: Invalid value for 'dimensions'.");
        assertThat(rejected.param()).isEqualTo("dimensions");
        assertThat(rejected.extraHeaders()).containsEntry("x-should-retry", "false");

        ApiError tooLong = VendorFailureAnswer.of(VendorFailure.of(Kind.CONTEXT_LENGTH_EXCEEDED, 400,
                "anthropic answered HTTP 400: prompt is too long: 208656 tokens > 200000 maximum"), MODEL, "messages", "");
        assertThat(tooLong.param()).as("the prompt's field when the vendor names none").isEqualTo("messages");
        assertThat(tooLong.message()).endsWith("prompt is too long: 208656 tokens > 200000 maximum");
    }

    @Test
    void theGatewaysOwnProblemsAtTheVendorNeverBlameTheCallerNorQuoteTheVendor() {
        ApiError auth = VendorFailureAnswer.of(VendorFailure.of(Kind.UNAUTHORIZED, 401,
                "openai answered HTTP 401: Incorrect API key provided: sk-proj-****abcd."), MODEL, "messages", "");
        assertThat(auth.message()).isEqualTo("openai rejected the gateway's credentials or account (HTTP 401); the gateway's "
                + "operator must fix its openai key. Your request was not at fault.");
        assertThat(auth.extraHeaders()).containsEntry("x-should-retry", "false");

        ApiError missing = VendorFailureAnswer.of(VendorFailure.of(Kind.UNAUTHORIZED, 0, "no credentials configured for openai"),
                MODEL, "messages", "");
        assertThat(missing.status()).isEqualTo(502);
        assertThat(missing.code()).isEqualTo("vendor_not_configured");

        ApiError quota = VendorFailureAnswer.of(VendorFailure.of(Kind.QUOTA_EXHAUSTED, 429,
                "openai answered HTTP 429: You exceeded your current quota, please check your plan and billing details."), MODEL,
                "messages", " (after 2 attempts on 2 models)");
        assertThat(quota.message()).doesNotContain("billing details").contains("after 2 attempts on 2 models")
                .endsWith("Your request was not at fault.");

        ApiError unknown = VendorFailureAnswer.of(VendorFailure.of(Kind.NOT_FOUND, 404, "openai answered HTTP 404: nope"), MODEL,
                "messages", "");
        assertThat(unknown.message()).contains("'gpt-4o-mini'").contains("openai/gpt-4o-mini").contains("catalog");
    }

    @Test
    void aRateLimitRelaysTheVendorsRetryAfterInWholeSeconds() {
        ApiError limited = VendorFailureAnswer.of(new VendorFailure(Kind.RATE_LIMITED, 429, Optional.of(Duration.ofMillis(1_500)),
                "openai answered HTTP 429: slow down"), MODEL, "messages", "");
        assertThat(limited.extraHeaders()).containsEntry("retry-after", "1").doesNotContainKey("x-should-retry");
        assertThat(VendorFailureAnswer.of(VendorFailure.of(Kind.SERVER_ERROR, 503, "x"), MODEL, "messages", "").extraHeaders())
                .as("a failing vendor may well answer the SDK's retry").isEmpty();
    }
}
