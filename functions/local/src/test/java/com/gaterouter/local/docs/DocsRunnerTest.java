package com.gaterouter.local.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extractor and runner behind {@link DocsRunIT}, on a small fixture walk-through
 * ({@code doc-test/fixture.md}) against a fake gateway: the fixture runs green, and each kind of
 * mistake a doc can make — a typo in a route, a wrong expected output, an unset variable, an
 * unexpected HTTP error, a hanging command, an unmarked or unexplained block — makes it fail, with
 * the Markdown file's line in the message.
 */
class DocsRunnerTest {

    private static final String TEST_KEY = "k-test";
    private static HttpServer server;
    private static String fixture;

    @TempDir
    Path work;

    @BeforeAll
    static void fakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (!exchange.getRequestURI().getPath().equals("/v1/models")) {
                reply(exchange, 404, "{\"error\":{\"message\":\"Unknown route\",\"type\":\"invalid_request_error\",\"code\":\"unknown_route\"}}");
            } else if (!("Bearer " + TEST_KEY).equals(auth)) {
                reply(exchange, 401, "{\"error\":{\"message\":\"Invalid API key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
            } else {
                reply(exchange, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"m-1\"},{\"id\":\"m-2\"}]}");
            }
        });
        server.start();
        try (InputStream in = DocsRunnerTest.class.getResourceAsStream("/doc-test/fixture.md")) {
            fixture = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private ShellSession.Result run(String markdown) {
        return run(markdown, "export GR=http://127.0.0.1:" + server.getAddress().getPort() + " KEY=" + TEST_KEY, Duration.ofSeconds(30));
    }

    private ShellSession.Result run(String markdown, String setup, Duration timeout) {
        Walkthrough doc = Walkthrough.parse("docs/fixture.md", markdown);
        assertThat(doc.problems()).isEmpty();
        return ShellSession.run(doc, setup, Map.of("PATH", System.getenv("PATH"), "HOME", work.toString(), "LANG", "C.UTF-8"),
                work, timeout);
    }

    /** {@code text} with {@code from} replaced once, failing if it is not there (a mutation that does nothing proves nothing). */
    private static String mutate(String text, String from, String to) {
        assertThat(text).contains(from);
        return text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    @Test
    void readsBashBlocksWithTheirMarkersExpectedLinesAndGatewaySettings() {
        Walkthrough doc = Walkthrough.parse("docs/fixture.md", fixture);

        assertThat(doc.problems()).isEmpty();
        assertThat(doc.blocks()).extracting(ShellBlock::line).containsExactly(7, 13, 20, 29, 41);
        assertThat(doc.blocks()).extracting(ShellBlock::runs).containsExactly(false, true, true, true, false);
        assertThat(doc.blocks().getFirst().skipReason()).contains("starts the gateway; the test starts its own");
        assertThat(doc.blocks().getLast().skipReason()).contains("needs an AWS account");
        assertThat(doc.gatewaySettings()).isEqualTo(Map.of("GATEROUTER_KEY_CACHE_TTL_SECONDS", "2"));
        // the fence inside the list item: its code without the item's indentation, its lines the file's
        ShellBlock listed = doc.blocks().get(2);
        assertThat(listed.code()).startsWith("echo \"$COUNT models\"");
        assertThat(listed.expected()).containsExactly(new ExpectedLine(21, "2 models"), new ExpectedLine(23, "m-1"),
                new ExpectedLine(24, "m-…"));
        assertThat(doc.blocks().get(3).expected()).containsExactly(new ExpectedLine(31, "404"));
    }

    @Test
    void theFixtureRunsInOneSessionAndPrintsWhatItSays() {
        ShellSession.Result result = run(fixture);

        assertThat(result.failures()).isEmpty();
        assertThat(result.blocksRun()).isEqualTo(3);
        assertThat(result.helpers()).containsOnlyKeys("models");
    }

    @Test
    void aTypoInARouteFailsTheBlockThatHasIt() {
        ShellSession.Result result = run(mutate(fixture, "\"$GR/v1/models\"", "\"$GR/v1/modles\""));

        assertThat(result.failures()).isNotEmpty();
        assertThat(result.failures().getFirst())
                .startsWith("docs/fixture.md:13: the block failed (exit status 22)")
                .contains("docs/fixture.md:15: exit status 22: COUNT=$(models | jq '.data | length')")
                .contains("404");
        assertThat(result.failures()).anySatisfy(f -> assertThat(f).isEqualTo("docs/fixture.md: 2 later block(s) did not run"));
    }

    @Test
    void aWrongExpectedOutputFails() {
        ShellSession.Result result = run(mutate(fixture, "# → 2 models", "# → 3 models"));

        assertThat(result.failures()).singleElement().asString()
                .startsWith("docs/fixture.md:21: expected the block to print a line `3 models`")
                .contains("output:\n    2 models\n    m-1\n    m-2");
    }

    @Test
    void expectedLinesMustAppearInTheirOrder() {
        ShellSession.Result result = run(mutate(mutate(fixture, "# → m-1", "# → m-2"), "# → m-…", "# → m-1"));

        assertThat(result.failures()).singleElement().asString()
                .startsWith("docs/fixture.md:24: expected the block to print a line `m-1` after line 3 of its output");
    }

    @Test
    void anErrorStatusTheDocDoesNotExpectFails() {
        ShellSession.Result result = run(mutate(fixture, "\"$GR/v1/missing\"", "\"$GR/v1/models\""));

        assertThat(result.failures()).singleElement().asString()
                .startsWith("docs/fixture.md:31: expected the block to print a line `404`").contains("output:\n    401");
    }

    @Test
    void anUnsetVariableFails() {
        ShellSession.Result result = run(mutate(fixture, "\"$GR/v1/missing\"", "\"$GATEROUTER_URL/v1/missing\""));

        assertThat(result.failures()).singleElement().asString()
                .startsWith("docs/fixture.md:29: the block failed (exit status 1)")
                .contains("docs/fixture.md:30: GATEROUTER_URL: unbound variable");
    }

    @Test
    void theWrongKeyIsAnHttpErrorThatStopsTheWalkThrough() {
        ShellSession.Result result = run(fixture, "export GR=http://127.0.0.1:" + server.getAddress().getPort() + " KEY=wrong",
                Duration.ofSeconds(30));

        assertThat(result.failures().getFirst()).startsWith("docs/fixture.md:13: the block failed (exit status 22)")
                .contains("The requested URL returned error: 401");
    }

    @Test
    void aBlockThatHangsIsKilledAtTheTimeout() {
        ShellSession.Result result = run(mutate(fixture, "echo \"$COUNT models\"", "sleep 60; echo \"$COUNT models\""),
                "export GR=http://127.0.0.1:" + server.getAddress().getPort() + " KEY=" + TEST_KEY, Duration.ofSeconds(2));

        assertThat(result.failures().getFirst()).startsWith("docs/fixture.md:20: the block did not finish within 2 s (killed)");
    }

    @Test
    void shellThatIsNeitherRunNorMarkedIsAProblem() {
        String markdown = """
                ```sh
                curl "$GR/v1/models"
                ```

                ```
                curl "$GR/v1/models"
                ```

                <!-- doc-test: skip -->
                ```bash
                aws sts get-caller-identity
                ```

                <!-- doc-test: skip — not before a bash block -->
                Some text.

                <!-- doc-test: ignore — a typo of skip -->
                ```bash
                true
                ```

                ```bash
                GATEROUTER_KEY_CACHE_TTL_SECONDS=2 bin/run-local
                ```

                ```text
                curl in output is fine
                ```
                """;

        assertThat(Walkthrough.parse("docs/x.md", markdown).problems()).satisfiesExactly(
                p -> assertThat(p).startsWith("docs/x.md:1: a ```sh block is neither run nor marked"),
                p -> assertThat(p).startsWith("docs/x.md:5: an untagged block looks like shell commands"),
                p -> assertThat(p).isEqualTo("docs/x.md:9: a skipped block needs a reason: <!-- doc-test: skip — reason -->"),
                p -> assertThat(p).isEqualTo("docs/x.md:14: a doc-test marker must stand directly before a ```bash block"),
                p -> assertThat(p).startsWith("docs/x.md:17: unknown doc-test directive 'ignore'"),
                p -> assertThat(p).startsWith("docs/x.md:22: this block starts the gateway; mark it"));
    }

    @Test
    void twoGatewayStartsWithDifferentSettingsContradictEachOther() {
        String markdown = """
                <!-- doc-test: skip — starts the gateway -->
                ```bash
                GATEROUTER_ROLLUP_EVERY_SECONDS=5 GATEROUTER_PORT=9090 bin/run-local
                ```

                <!-- doc-test: skip — starts the gateway -->
                ```bash
                GATEROUTER_ROLLUP_EVERY_SECONDS=10 java -jar functions/local/target/gaterouter-local.jar
                ```
                """;

        Walkthrough doc = Walkthrough.parse("docs/x.md", markdown);

        assertThat(doc.gatewaySettings()).isEqualTo(Map.of("GATEROUTER_ROLLUP_EVERY_SECONDS", "5"));
        assertThat(doc.problems()).singleElement().asString().startsWith(
                "docs/x.md:7: GATEROUTER_ROLLUP_EVERY_SECONDS=10 contradicts GATEROUTER_ROLLUP_EVERY_SECONDS=5");
    }

    @Test
    void anExpectedLineMatchesTheWholeLineWithEllipsesForAnyText() {
        ExpectedLine headers = new ExpectedLine(1, "X-gaterouter-route-reason: auto,…");
        assertThat(headers.matches("X-gaterouter-route-reason: auto,simple_task\r")).isTrue();
        assertThat(headers.matches("X-gaterouter-route-reason: auto,")).isTrue();
        assertThat(headers.matches("x-gaterouter-route-reason: auto,simple_task")).isFalse();
        assertThat(headers.matches("X-gaterouter-route-reason: shadow")).isFalse();

        ExpectedLine json = new ExpectedLine(1, "{\"code\":\"…\",\"status\":412}");
        assertThat(json.matches("  {\"code\":\"version_mismatch\",\"status\":412}  ")).isTrue();
        assertThat(json.matches("{\"code\":\"version_mismatch\",\"status\":412} and more")).isFalse();
        assertThat(new ExpectedLine(1, "404").matches("1404")).isFalse();
        assertThat(new ExpectedLine(1, " 404 ").matches("404\r")).as("blanks around either side do not count").isTrue();
        assertThat(new ExpectedLine(1, "a.*b").matches("aXb")).as("no regular expressions, only …").isFalse();
    }

    @Test
    void aHelperTwoDocsDefineDifferentlyIsReported() {
        String one = "adm () \n{ \n    curl -sS \"$GR$1\"\n}\n";
        String other = "adm () \n{ \n    curl -sS -X \"$1\" \"$GR$2\"\n}\n";

        assertThat(ShellSession.helpers(one + "other () \n{ \n    true\n}\n")).containsOnlyKeys("adm", "other");
        assertThat(ShellSession.inconsistentHelpers(Map.of("docs/a.md", Map.of("adm", one), "docs/b.md", Map.of("adm", one))))
                .isEmpty();
        assertThat(ShellSession.inconsistentHelpers(Map.of("docs/a.md", Map.of("adm", one), "docs/b.md", Map.of("adm", other))))
                .singleElement().asString().startsWith("helper adm() is defined differently in different docs:")
                .contains("in docs/a.md:", "in docs/b.md:");
    }

    @Test
    void aSessionFailingInItsSetupSaysSo() {
        ShellSession.Result result = run(fixture, "false", Duration.ofSeconds(30));

        assertThat(result.failures()).first().asString().startsWith("docs/fixture.md: the session failed before its first block");
        assertThat(List.of(result.failures().getLast())).containsExactly("docs/fixture.md: 3 later block(s) did not run");
        assertThat(result.blocksRun()).isZero();
    }
}
