package com.gaterouter.admin.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link VendorBillingApi} over the vendors' admin APIs (java.net.http), every page of each report
 * ({@code has_more} / {@code next_page}, passed back as {@code page}):
 * <ul>
 *   <li>OpenAI ({@code Authorization: Bearer}): {@code GET {base}/organization/costs} by day, grouped by
 *       line item and project, and {@code GET {base}/organization/usage/completions} by day, grouped by
 *       model and project ({@code start_time}/{@code end_time} in epoch seconds, the end exclusive);</li>
 *   <li>Anthropic ({@code x-api-key}, {@code anthropic-version}): {@code GET {base}/v1/organizations/cost_report}
 *       grouped by description and workspace, and {@code GET {base}/v1/organizations/usage_report/messages}
 *       by day, grouped by model and workspace ({@code starting_at}/{@code ending_at} in RFC 3339).</li>
 * </ul>
 * The grouping by project (workspace) is what lets one organisation's export serve every tenant: each
 * line names the account a tenant's terms call its {@code billingAccount}. The admin keys are sent and
 * never logged nor put in an exception.
 */
public final class HttpVendorBillingApi implements VendorBillingApi {

    public static final String OPENAI = "openai";
    public static final String ANTHROPIC = "anthropic";
    static final String ANTHROPIC_VERSION = "2023-06-01";
    /** A bound on the pages of one report: a month of daily buckets is one or two pages. */
    static final int MAX_PAGES = 100;

    /** Where one vendor's admin API is and its admin key (redacted in {@link #toString()}). */
    public record Endpoint(URI baseUrl, String adminKey) {
        public Endpoint {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (adminKey == null || adminKey.isBlank()) {
                throw new IllegalArgumentException("an admin key is required");
            }
        }

        @Override
        public String toString() {
            return "Endpoint[baseUrl=" + baseUrl + ", adminKey=<redacted>]";
        }
    }

    private record Report(String field, String path, List<String> query) {
    }

    private final HttpClient http;
    private final Map<String, Endpoint> endpoints;
    private final Duration requestTimeout;

    public HttpVendorBillingApi(HttpClient http, Map<String, Endpoint> endpoints, Duration requestTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoints = Map.copyOf(endpoints);
        this.endpoints.keySet().forEach(vendor -> {
            if (!vendor.equals(OPENAI) && !vendor.equals(ANTHROPIC)) {
                throw new IllegalArgumentException("no admin API export for vendor " + vendor + " (openai, anthropic)");
            }
        });
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** With its own client: 10 s to connect, 60 s per page. */
    public static HttpVendorBillingApi create(Map<String, Endpoint> endpoints) {
        return new HttpVendorBillingApi(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build(), endpoints, Duration.ofSeconds(60));
    }

    @Override
    public Set<String> vendors() {
        return endpoints.keySet();
    }

    @Override
    public byte[] export(String vendor, LocalDate from, LocalDate toExclusive) {
        Endpoint endpoint = endpoints.get(vendor);
        if (endpoint == null) {
            throw new IllegalArgumentException("no admin key configured for vendor " + vendor);
        }
        if (!from.isBefore(toExclusive)) {
            throw new IllegalArgumentException("empty period " + from + " to " + toExclusive);
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        for (Report report : reports(vendor, from, toExclusive)) {
            body.set(report.field(), pages(vendor, endpoint, report));
        }
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the " + vendor + " export", e);
        }
    }

    private static List<Report> reports(String vendor, LocalDate from, LocalDate toExclusive) {
        if (vendor.equals(OPENAI)) {
            String start = Long.toString(from.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
            String end = Long.toString(toExclusive.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
            return List.of(
                    new Report("costs", "/organization/costs", List.of("start_time", start, "end_time", end,
                            "bucket_width", "1d", "group_by", "line_item", "group_by", "project_id", "limit", "180")),
                    new Report("usage", "/organization/usage/completions", List.of("start_time", start, "end_time", end,
                            "bucket_width", "1d", "group_by", "model", "group_by", "project_id", "limit", "31")));
        }
        String start = DateTimeFormatter.ISO_INSTANT.format(from.atStartOfDay(ZoneOffset.UTC).toInstant());
        String end = DateTimeFormatter.ISO_INSTANT.format(toExclusive.atStartOfDay(ZoneOffset.UTC).toInstant());
        return List.of(
                new Report("cost_report", "/v1/organizations/cost_report", List.of("starting_at", start, "ending_at", end,
                        "group_by[]", "description", "group_by[]", "workspace_id", "limit", "31")),
                new Report("usage_report", "/v1/organizations/usage_report/messages", List.of("starting_at", start,
                        "ending_at", end, "bucket_width", "1d", "group_by[]", "model", "group_by[]", "workspace_id", "limit", "31")));
    }

    private ArrayNode pages(String vendor, Endpoint endpoint, Report report) {
        ArrayNode pages = Json.MAPPER.createArrayNode();
        String page = null;
        do {
            if (pages.size() == MAX_PAGES) {
                throw new VendorBillingException(vendor, 0, report.path() + " still has more after " + MAX_PAGES + " pages", null);
            }
            JsonNode answer = get(vendor, endpoint, report, page);
            if (!answer.path("data").isArray()) {
                throw new VendorBillingException(vendor, 200, report.path() + " answered without a data array", null);
            }
            pages.add(answer);
            page = null;
            if (answer.path("has_more").asBoolean(false)) {
                page = answer.path("next_page").asText("");
                if (page.isEmpty()) {
                    throw new VendorBillingException(vendor, 200, report.path() + " has more without a next_page", null);
                }
            }
        } while (page != null);
        return pages;
    }

    private JsonNode get(String vendor, Endpoint endpoint, Report report, String page) {
        StringBuilder query = new StringBuilder();
        List<String> params = report.query();
        for (int i = 0; i < params.size(); i += 2) {
            query.append(i == 0 ? "?" : "&").append(encode(params.get(i))).append('=').append(encode(params.get(i + 1)));
        }
        if (page != null) {
            query.append("&page=").append(encode(page));
        }
        String base = endpoint.baseUrl().toString().replaceAll("/+$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + report.path() + query))
                .timeout(requestTimeout).header("Accept", "application/json").GET();
        if (vendor.equals(OPENAI)) {
            request.header("Authorization", "Bearer " + endpoint.adminKey());
        } else {
            request.header("x-api-key", endpoint.adminKey()).header("anthropic-version", ANTHROPIC_VERSION);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new VendorBillingException(vendor, 0, report.path() + " did not answer: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VendorBillingException(vendor, 0, report.path() + " interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new VendorBillingException(vendor, response.statusCode(), report.path() + " failed", null);
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new VendorBillingException(vendor, 200, report.path() + " answered with a body that is not JSON", null);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
