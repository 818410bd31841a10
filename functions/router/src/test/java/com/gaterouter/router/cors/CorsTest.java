package com.gaterouter.router.cors;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.AllowedOrigins;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseStream.StreamResult;
import com.gaterouter.common.testing.ClientHeaders;
import com.gaterouter.common.testing.RecordingSseSink;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CorsTest {

    private static final AllowedOrigins APP = AllowedOrigins.of(List.of("https://app.example.com"));

    private static ApiRequest options(String... headers) {
        return new ApiRequest("OPTIONS", "/v1/chat/completions", Map.of(), ClientHeaders.of(null, false, headers), null, "req-1",
                Instant.EPOCH);
    }

    @Test
    void aPreflightEchoesTheRequestedHeadersOnlyWhenTheyAreAHeaderList() {
        assertThat(Cors.preflight(options("Origin", "https://a.example", "Access-Control-Request-Headers", "authorization,x-custom"))
                .headers()).containsEntry("access-control-allow-headers", "authorization,x-custom");
        for (String bad : List.of("authorization\r\nset-cookie: x", "a b", "", "x,".repeat(1100))) {
            assertThat(Cors.preflight(options("Origin", "https://a.example", "Access-Control-Request-Headers", bad)).headers())
                    .as(bad).containsEntry("access-control-allow-headers", Cors.DEFAULT_ALLOW_HEADERS);
        }
    }

    @Test
    void aPreflightEchoesOnlyAPlausibleOrigin() {
        assertThat(Cors.preflight(options("Origin", "null")).headers()).containsEntry("access-control-allow-origin", "null");
        for (String bad : List.of("https://a.example, https://b.example", "https://a.example\r\nx: y", "", "https://ä.example")) {
            assertThat(Cors.preflight(options("Origin", bad)).headers()).as(bad).doesNotContainKey("access-control-allow-origin");
        }
    }

    @Test
    void varyIsMergedAndTheExposedHeadersAreTheAnswersOwn() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", "r");
        headers.put("retry-after", "3");
        headers.put("Vary", "Accept-Encoding");
        headers.put("content-type", "application/json");
        headers.put("cache-control", "no-store");
        ApiResponse.Buffered answer = (ApiResponse.Buffered) Cors.apply(new ApiResponse.Buffered(429, headers, new byte[0]),
                Optional.of("https://app.example.com"), APP);
        assertThat(answer.headers()).containsEntry("access-control-allow-origin", "https://app.example.com")
                .containsEntry("access-control-expose-headers", "retry-after, x-request-id")
                .containsEntry("Vary", "Accept-Encoding, Origin").doesNotContainKey("vary");
    }

    @Test
    void anAnswerWithoutOriginStillVariesWhenTheTenantAllowsSome() {
        ApiResponse.Buffered answer = (ApiResponse.Buffered) Cors.apply(ApiError.notFound("x", null, "x").toResponse("r"),
                Optional.empty(), APP);
        assertThat(answer.headers()).containsEntry("vary", "Origin").doesNotContainKey("access-control-allow-origin");
    }

    @Test
    void aStreamsHeadersAndItsNotStartedAnswerAreDecorated() {
        ApiResponse.Streamed opened = (ApiResponse.Streamed) Cors.apply(new ApiResponse.Streamed(sink -> {
            try {
                sink.open(Map.of("x-request-id", "r", "x-gaterouter-model", "m"));
                sink.event("one");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new StreamResult.Delivered();
        }), Optional.of("https://app.example.com"), APP);
        RecordingSseSink client = new RecordingSseSink();
        opened.events().writeTo(client);
        assertThat(client.events()).containsExactly("one");
        assertThat(client.headers()).containsEntry("access-control-allow-origin", "https://app.example.com");
        assertThat(client.headers().get("access-control-expose-headers").split(", ")).containsExactlyInAnyOrder("x-request-id", "x-gaterouter-model");

        ApiResponse.Streamed refused = (ApiResponse.Streamed) Cors.apply(new ApiResponse.Streamed(sink ->
                new StreamResult.NotStarted(ApiError.badGateway("vendor_unavailable", "down").toResponse("r"))),
                Optional.of("https://app.example.com"), APP);
        StreamResult result = refused.events().writeTo(null);
        assertThat(((StreamResult.NotStarted) result).response().headers()).containsEntry("access-control-allow-origin",
                "https://app.example.com");
    }
}
