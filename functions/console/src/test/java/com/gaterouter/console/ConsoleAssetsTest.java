package com.gaterouter.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleAssetsTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    private final ConsoleAssets assets = ConsoleAssets.bundled(true);

    private static ApiRequest get(String path, Map<String, String> headers) {
        return new ApiRequest("GET", path, Map.of(), headers, null, "req_test", AT);
    }

    private ApiResponse.Buffered answer(String path, Map<String, String> headers) {
        return (ApiResponse.Buffered) assets.handle(get(path, headers));
    }

    @Test
    void theIndexIsServedWithAPolicyThatAllowsOnlyThisOriginsScripts() {
        ApiResponse.Buffered index = answer("/console/", Map.of());
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.headers()).containsEntry("content-type", "text/html; charset=utf-8")
                .containsEntry("cache-control", "no-cache").containsEntry("x-content-type-options", "nosniff")
                .containsEntry("x-frame-options", "DENY").containsEntry("referrer-policy", "no-referrer");
        String policy = index.headers().get("content-security-policy");
        assertThat(policy).contains("default-src 'none'", "script-src 'self';", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-eval").doesNotContain("script-src 'self' 'unsafe-inline'");
        assertThat(index.bodyText()).contains("<script type=\"module\" src=\"js/app.js\"></script>")
                .doesNotContainPattern("<script>[^<]"); // no inline script: the policy would block it
    }

    @Test
    void theBareConsolePathRedirectsToTheDirectorySoRelativeLinksResolve() {
        ApiResponse.Buffered bare = answer("/console", Map.of());
        assertThat(bare.status()).isEqualTo(308);
        assertThat(bare.headers()).containsEntry("location", "/console/");
    }

    @Test
    void aKnownVersionAnswers304AndAGzipClientGetsGzip() throws IOException {
        ApiResponse.Buffered first = answer("/console/js/app.js", Map.of());
        assertThat(first.headers()).containsEntry("content-type", "text/javascript; charset=utf-8");
        String etag = first.headers().get("etag");
        ApiResponse.Buffered again = answer("/console/js/app.js", Map.of("if-none-match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        ApiResponse.Buffered gzipped = answer("/console/js/app.js", Map.of("accept-encoding", "br, gzip;q=0.8"));
        assertThat(gzipped.headers()).containsEntry("content-encoding", "gzip").containsEntry("vary", "accept-encoding");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(first.body());
        }
        assertThat(answer("/console/js/app.js", Map.of("accept-encoding", "gzip;q=0")).headers()).doesNotContainKey("content-encoding");
        assertThat(((ApiResponse.Buffered) ConsoleAssets.bundled(false).handle(get("/console/js/app.js", Map.of("accept-encoding", "gzip"))))
                .headers()).doesNotContainKey("content-encoding");
    }

    @Test
    void theChartingLibraryComesFromItsWebJarUnderAVersionedPathCachedForAYear() {
        ApiResponse.Buffered echarts = answer("/console/" + ConsoleAssets.ECHARTS_PATH, Map.of());
        assertThat(echarts.status()).isEqualTo(200);
        assertThat(echarts.body().length).isGreaterThan(500_000);
        assertThat(echarts.headers()).containsEntry("cache-control", "public, max-age=31536000, immutable");
        assertThat(answer("/console/", Map.of()).bodyText()).contains("src=\"" + ConsoleAssets.ECHARTS_PATH + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/nope.js", "/console/../admin/v1/tenants", "/console/js/../../com/gaterouter/console/ConsoleAssets.class",
            "/console/com/gaterouter/console/ConsoleAssets.class", "/console//etc/passwd", "/console/js/", "/consolex"})
    void anythingElseIsA404(String path) {
        ApiResponse.Buffered answer = answer(path, Map.of());
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.bodyText()).contains("\"type\":\"not_found_error\"");
    }

    @Test
    void onlyGetAndHeadAreAnswered() {
        ApiResponse.Buffered post = (ApiResponse.Buffered) assets.handle(new ApiRequest("POST", "/console/", Map.of(), Map.of(),
                "x".getBytes(StandardCharsets.UTF_8), "req_test", AT));
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers()).containsEntry("allow", "GET, HEAD");
        ApiResponse.Buffered head = (ApiResponse.Buffered) assets.handle(new ApiRequest("HEAD", "/console/", Map.of(), Map.of(), null,
                "req_test", AT));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void everyFileOfTheConsoleIsServedWithItsType() throws IOException {
        Path root = Path.of("src", "main", "resources", "console");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSizeGreaterThan(8);
        for (Path file : files) {
            String relative = root.relativize(file).toString().replace('\\', '/');
            ApiResponse.Buffered answer = answer("/console/" + relative, Map.of());
            assertThat(answer.status()).as(relative).isEqualTo(200);
            assertThat(answer.body()).as(relative).isEqualTo(Files.readAllBytes(file));
            assertThat(ConsoleAssets.contentType(relative)).as(relative).isPresent();
        }
    }

    @Test
    void theConsoleOwnsItsPathsOnly() {
        assertThat(ConsoleAssets.owns("/console")).isTrue();
        assertThat(ConsoleAssets.owns("/console/js/app.js")).isTrue();
        assertThat(ConsoleAssets.owns("/consoles")).isFalse();
        assertThat(ConsoleAssets.owns("/admin/v1/me")).isFalse();
    }
}
