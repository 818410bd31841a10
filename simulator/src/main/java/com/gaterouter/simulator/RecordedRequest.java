package com.gaterouter.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.simulator.http.Json;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request as the simulator received it. Header names are lower-case; the values of
 * credential headers ({@code authorization}, {@code x-api-key}, {@code x-goog-api-key}, ...)
 * and of a {@code key=} query parameter are redacted to their last 4 characters, so recorded
 * requests can be printed or asserted on without leaking secrets.
 *
 * @param vendor     the vendor whose path prefix the request used
 * @param method     HTTP method
 * @param path       path and query as sent (e.g. {@code /gemini/v1beta/models/x:streamGenerateContent?alt=sse})
 * @param headers    request headers, names lower-cased, credentials redacted
 * @param body       request body as UTF-8 text
 * @param receivedAt when the request arrived
 */
public record RecordedRequest(
        SimVendor vendor,
        String method,
        String path,
        Map<String, List<String>> headers,
        String body,
        Instant receivedAt) {

    public RecordedRequest {
        Objects.requireNonNull(vendor, "vendor");
        headers = Map.copyOf(headers);
    }

    /** First value of a header (case-insensitive name). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The body parsed as JSON; a {@code MissingNode} when it is not JSON. */
    public JsonNode bodyJson() {
        return Json.parseOrMissing(body);
    }
}
