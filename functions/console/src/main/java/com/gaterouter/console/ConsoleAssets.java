package com.gaterouter.console;

import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * Serves the console: the static pages under {@code /console/} (classpath {@code console/}) and the
 * charting library from its WebJar. The pages talk only to the admin API, with the admin key the
 * user signs in with (kept in the tab's session storage), so this class knows nothing about
 * tenants or keys and answers the same bytes to everyone.
 *
 * <p>Every answer carries a Content-Security-Policy that allows scripts, styles and connections to
 * this origin only (no inline script, no third-party host, no framing), so a value shown on a page
 * can never run as code and an admin key cannot be sent elsewhere. Inline style attributes are
 * allowed: the chart library styles its tooltips' markup inline; styles cannot run code. Files are revalidated with their
 * ETag on each load ({@code no-cache}); the charting library's path carries its version and is
 * cached for a year. With {@code compress}, answers go out gzip-encoded to clients that accept it
 * (the local gateway; behind API Gateway the API's own compression does it).
 */
public final class ConsoleAssets {

    /** Where the console lives, on the local gateway and behind API Gateway. */
    public static final String PREFIX = "/console";
    static final String ECHARTS_VERSION = "5.3.1";
    static final String ECHARTS_PATH = "vendor/echarts-" + ECHARTS_VERSION + ".min.js";
    private static final String ECHARTS_RESOURCE = "META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private record Asset(String contentType, byte[] body, byte[] gzipped, String etag, boolean immutable) {
    }

    private final ClassLoader loader;
    private final boolean compress;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    private ConsoleAssets(ClassLoader loader, boolean compress) {
        this.loader = loader;
        this.compress = compress;
    }

    /**
     * The console bundled in this jar.
     *
     * @param compress gzip answers for clients that accept it (the local gateway); false behind API
     *                 Gateway, whose REST proxy integration carries text bodies and compresses them itself
     */
    public static ConsoleAssets bundled(boolean compress) {
        return new ConsoleAssets(ConsoleAssets.class.getClassLoader(), compress);
    }

    /** Whether {@code path} is the console's: {@code /console} or anything under {@code /console/}. */
    public static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /** Answers a request for a path {@link #owns owned} by the console. */
    public ApiResponse handle(ApiRequest request) {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new ApiError(405, "invalid_request_error", "method_not_allowed", null,
                    method + " is not allowed on " + request.path() + "; the console's pages are read with GET.",
                    Map.of("allow", "GET, HEAD")).toResponse(request.requestId());
        }
        String path = request.path();
        if (!owns(path)) {
            return ApiError.notFound("not_found", null, "Unknown request URL: " + path + ".").toResponse(request.requestId());
        }
        if (path.equals(PREFIX)) {
            // relative links in the page resolve against /console/, not /
            return new ApiResponse.Buffered(308, withSecurity(Map.of("location", PREFIX + "/")), new byte[0]);
        }
        String relative = path.substring(PREFIX.length() + 1);
        if (relative.isEmpty()) {
            relative = "index.html";
        }
        Optional<Asset> found = relative.contains("..") || relative.contains("//") || relative.startsWith("/")
                ? Optional.empty() : cache.computeIfAbsent(relative, this::load);
        if (found.isEmpty()) {
            return ApiError.notFound("not_found", null, "The console has no page " + path + ".").toResponse(request.requestId());
        }
        Asset asset = found.get();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", asset.contentType());
        headers.put("etag", asset.etag());
        headers.put("cache-control", asset.immutable() ? "public, max-age=31536000, immutable" : "no-cache");
        if (compress) {
            headers.put("vary", "accept-encoding");
        }
        if (request.header("if-none-match").map(asset.etag()::equals).orElse(false)) {
            return new ApiResponse.Buffered(304, withSecurity(headers), new byte[0]);
        }
        byte[] body = asset.body();
        if (compress && request.header("accept-encoding").map(ConsoleAssets::acceptsGzip).orElse(false)) {
            headers.put("content-encoding", "gzip");
            body = asset.gzipped();
        }
        return new ApiResponse.Buffered(200, withSecurity(headers), method.equals("HEAD") ? new byte[0] : body);
    }

    private static boolean acceptsGzip(String acceptEncoding) {
        for (String part : acceptEncoding.split(",")) {
            String[] coding = part.trim().split(";");
            if (coding[0].trim().equalsIgnoreCase("gzip")
                    && !(coding.length > 1 && coding[1].replace(" ", "").equals("q=0"))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> withSecurity(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("content-security-policy", CONTENT_SECURITY_POLICY);
        all.put("x-content-type-options", "nosniff");
        all.put("x-frame-options", "DENY");
        all.put("referrer-policy", "no-referrer");
        return all;
    }

    private Optional<Asset> load(String relative) {
        boolean vendor = relative.equals(ECHARTS_PATH);
        Optional<String> type = contentType(relative);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        String resource = vendor ? ECHARTS_RESOURCE : "console/" + relative;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            return Optional.of(new Asset(type.get(), body, gzip(body), etag(body), vendor));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    static Optional<String> contentType(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1);
        return Optional.ofNullable(switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "json" -> "application/json";
            default -> null; // nothing else is served: no directory listings, no class files
        });
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
