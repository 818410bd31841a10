package com.gaterouter.router.cors;

import com.gaterouter.common.accounts.AllowedOrigins;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.api.SseStream.StreamResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CORS for browser apps calling {@code /v1}, per tenant.
 *
 * <p>A <b>preflight</b> ({@code OPTIONS}) carries no key, so it cannot know the tenant: it is
 * answered for any origin with the methods and headers the API takes. That grants nothing — the
 * browser still sends the real request with its key, and only if the key's tenant allows the page's
 * origin ({@link AllowedOrigins}) does the <b>answer</b> carry {@code Access-Control-Allow-Origin},
 * without which the browser hides it from the page. Errors get the same headers (a browser app can
 * read its 401 or 429), streams too, and {@code Access-Control-Expose-Headers} names every header of
 * the answer a page could not otherwise read ({@code x-request-id}, {@code x-gaterouter-*},
 * {@code x-ratelimit-*}, {@code retry-after}, …).
 *
 * <p>Requests are never credentialed (no cookies: the key is an {@code Authorization} header the page
 * sets), so {@code Access-Control-Allow-Credentials} is never sent and {@code *} is a valid answer.
 */
public final class Cors {

    public static final String ALLOW_METHODS = "GET, POST, OPTIONS";
    /** What an OpenAI client sends beyond the safelisted headers, when a preflight does not say. */
    public static final String DEFAULT_ALLOW_HEADERS = "authorization, content-type";
    /** Browsers cap it (Chrome at 2 h, Firefox at 24 h): the preflight depends on nothing that changes. */
    public static final long MAX_AGE_SECONDS = 7200;

    /** A comma-separated list of header names (RFC 9110 tokens), as {@code Access-Control-Request-Headers} holds. */
    private static final Pattern HEADER_LIST = Pattern.compile(
            "^[!#$%&'*+.^_`|~0-9A-Za-z-]+(\\s*,\\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$");
    private static final int MAX_HEADER_LIST_LENGTH = 2048;
    private static final int MAX_ORIGIN_LENGTH = 2048;
    /** Response headers every page may read anyway (the Fetch standard's CORS-safelisted response headers). */
    private static final Set<String> SAFELISTED = Set.of("cache-control", "content-language", "content-length", "content-type",
            "expires", "last-modified", "pragma");

    private Cors() {
    }

    /**
     * The answer to {@code OPTIONS /v1/…}: 204 with the methods, the headers the page asked to send
     * and how long to cache that, for any origin. Without an {@code Origin} it is a plain OPTIONS:
     * 204 with {@code Allow}.
     */
    public static ApiResponse.Buffered preflight(ApiRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", request.requestId());
        headers.put("allow", ALLOW_METHODS);
        Optional<String> origin = request.header("origin").filter(Cors::plausibleOrigin);
        if (origin.isPresent()) {
            headers.put("access-control-allow-origin", origin.get());
            headers.put("access-control-allow-methods", ALLOW_METHODS);
            headers.put("access-control-allow-headers", request.header("access-control-request-headers")
                    .map(String::strip)
                    .filter(list -> list.length() <= MAX_HEADER_LIST_LENGTH && HEADER_LIST.matcher(list).matches())
                    .map(list -> list.toLowerCase(Locale.ROOT))
                    .orElse(DEFAULT_ALLOW_HEADERS));
            headers.put("access-control-max-age", Long.toString(MAX_AGE_SECONDS));
            headers.put("vary", "Origin, Access-Control-Request-Headers");
        }
        return new ApiResponse.Buffered(204, headers, new byte[0]);
    }

    /**
     * {@code response} as a browser at {@code origin} may read it: with the CORS headers if
     * {@code allowed} admits the origin. A tenant that allows some origins also gets
     * {@code Vary: Origin} on every answer (a cache must not hand one origin's answer to another);
     * a tenant that allows none gets its answers unchanged.
     */
    public static ApiResponse apply(ApiResponse response, Optional<String> origin, AllowedOrigins allowed) {
        if (allowed.isEmpty()) {
            return response;
        }
        Optional<String> allowOrigin = origin.flatMap(allowed::allowOriginFor);
        return switch (response) {
            case ApiResponse.Buffered buffered -> withCors(buffered, allowOrigin);
            case ApiResponse.Streamed streamed -> new ApiResponse.Streamed(sink -> {
                StreamResult result = streamed.events().writeTo(new SseSink() {
                    @Override
                    public void open(Map<String, String> headers) throws IOException {
                        sink.open(withCors(headers, allowOrigin));
                    }

                    @Override
                    public void event(String name, String data) throws IOException {
                        sink.event(name, data);
                    }
                });
                return result instanceof StreamResult.NotStarted notStarted
                        ? new StreamResult.NotStarted(withCors(notStarted.response(), allowOrigin)) : result;
            });
        };
    }

    private static ApiResponse.Buffered withCors(ApiResponse.Buffered response, Optional<String> allowOrigin) {
        return new ApiResponse.Buffered(response.status(), withCors(response.headers(), allowOrigin), response.body());
    }

    private static Map<String, String> withCors(Map<String, String> headers, Optional<String> allowOrigin) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        String vary = all.keySet().stream().filter(name -> name.equalsIgnoreCase("vary")).findFirst().orElse("vary");
        all.merge(vary, "Origin", (existing, origin) -> existing + ", " + origin);
        allowOrigin.ifPresent(value -> {
            all.put("access-control-allow-origin", value);
            String exposed = headers.keySet().stream()
                    .map(name -> name.toLowerCase(Locale.ROOT))
                    .filter(name -> !SAFELISTED.contains(name) && !name.startsWith("access-control-") && !name.equals("vary"))
                    .distinct()
                    .sorted()
                    .collect(Collectors.joining(", "));
            if (!exposed.isEmpty()) {
                all.put("access-control-expose-headers", exposed);
            }
        });
        return all;
    }

    /** An {@code Origin} worth echoing: printable ASCII without separators a header could be split on. */
    private static boolean plausibleOrigin(String origin) {
        if (origin.isEmpty() || origin.length() > MAX_ORIGIN_LENGTH) {
            return false;
        }
        for (int i = 0; i < origin.length(); i++) {
            char c = origin.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ',') {
                return false;
            }
        }
        return true;
    }
}
