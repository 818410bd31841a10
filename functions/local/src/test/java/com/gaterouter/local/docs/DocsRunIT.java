package com.gaterouter.local.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.gaterouter.local.LocalGateway;
import com.gaterouter.local.LocalOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Docs that run: every {@code ```bash} block of README.md and of every other Markdown file in the
 * repository (docs/ above all) is extracted at test time and run, doc by doc, against a fresh local
 * gateway started in this JVM, the way a reader pastes them into a second shell after
 * {@code bin/run-local}: one bash session per doc, the banner's {@code export} line first, then the
 * blocks in order under {@code set -euo pipefail}. A block that cannot run here carries a
 * {@code <!-- doc-test: skip — reason -->} marker. The conventions are in docs/testing.md, "Docs that run".
 */
class DocsRunIT {

    private static final Path ROOT = Path.of(System.getProperty("gaterouter.root", "../..")).toAbsolutePath().normalize();
    /**
     * Directories that hold no docs: build output, and sources, where Markdown is test data (the
     * runner's own fixture walk-through); hidden directories are skipped too.
     */
    private static final Set<String> NOT_DOCS = Set.of("target", "src", "node_modules");
    /**
     * The walk-through docs: each must run at least one block, so marking everything skipped cannot
     * make this test pass.
     */
    private static final List<String> WALKTHROUGHS = List.of("README.md", "docs/admin-api.md", "docs/analytics.md", "docs/api.md",
            "docs/console.md", "docs/events.md", "docs/finops.md", "docs/local-gateway.md", "docs/routing.md");
    /** The simulator answers at once: the docs show behaviour, not model latency. The docs' own settings win. */
    private static final Map<String, String> GATEWAY_DEFAULTS = Map.of(
            "GATEROUTER_SIM_TTFT_MS", "0", "GATEROUTER_SIM_TOKENS_PER_SECOND", "0");
    private static final Duration PER_DOC = Duration.ofMinutes(2);

    private final Map<String, Map<String, String>> helpersByDoc = new LinkedHashMap<>();

    @BeforeAll
    static void toolsTheDocsNeed() throws Exception {
        for (String tool : List.of("bash", "curl", "jq")) {
            Process which = new ProcessBuilder("bash", "-c", "command -v " + tool).start();
            assertThat(which.waitFor()).as("%s is needed by the docs' walk-throughs (see docs/testing.md, \"Docs that run\")", tool)
                    .isZero();
        }
        // --fail-with-body, which every walk-through uses, came with curl 7.76
        Process version = new ProcessBuilder("bash", "-c",
                "curl --fail-with-body --version >/dev/null 2>&1").start();
        assertThat(version.waitFor()).as("curl 7.76 or newer (for --fail-with-body) is needed by the docs' walk-throughs").isZero();
    }

    @TestFactory
    Stream<DynamicTest> everyShellWalkThroughRunsAsWritten() {
        List<Path> docs = markdownFiles();
        assertThat(docs).as("Markdown files under %s", ROOT).isNotEmpty();
        Stream<DynamicTest> perDoc = docs.stream().map(file -> dynamicTest(ROOT.relativize(file).toString(), file.toUri(),
                () -> runs(Walkthrough.read(ROOT, file))));
        DynamicTest helpers = dynamicTest("a helper defined in several docs is defined the same way in each", () ->
                assertThat(ShellSession.inconsistentHelpers(helpersByDoc)).as("helpers by doc: %s", helpersByDoc.keySet()).isEmpty());
        return Stream.concat(perDoc, Stream.of(helpers));
    }

    private void runs(Walkthrough doc) throws Exception {
        assertThat(doc.problems()).as("how %s's shell blocks are marked", doc.name()).isEmpty();
        if (WALKTHROUGHS.contains(doc.name())) {
            assertThat(doc.runnable()).as("%s is a walk-through: some of its blocks must run", doc.name()).isNotEmpty();
        }
        if (doc.runnable().isEmpty()) {
            return;
        }
        Path scratch = Files.createTempDirectory("gaterouter-doc-test");
        try {
            Map<String, String> settings = new HashMap<>(GATEWAY_DEFAULTS);
            settings.putAll(doc.gatewaySettings());
            LocalOptions options = new LocalOptions(0, Optional.of(Files.createDirectory(scratch.resolve("data"))),
                    // keys the gateway makes, printed in full in the export line the reader pastes
                    Optional.empty(), Optional.empty(), false);
            ShellSession.Result result;
            try (LocalGateway gateway = LocalGateway.start(options, settings)) {
                result = ShellSession.run(doc, exportLine(gateway.banner()), readerEnvironment(scratch),
                        Files.createDirectory(scratch.resolve("work")), PER_DOC);
            }
            helpersByDoc.put(doc.name(), result.helpers());
            assertThat(result.failures()).as("%s, run against a fresh local gateway with %s", doc.name(), settings)
                    .isEmpty();
            assertThat(result.blocksRun()).isEqualTo(doc.runnable().size());
        } finally {
            deleteTree(scratch);
        }
    }

    /** The reader's setup, exactly as the banner tells them: its {@code export GR=… KEY=… ADMIN=… OUTBOX=…} line. */
    private static String exportLine(String banner) {
        List<String> exports = banner.lines().map(String::strip).filter(line -> line.startsWith("export GR=")).toList();
        assertThat(exports).as("the banner's export line for the docs' variables, in:%n%s", banner).hasSize(1);
        return exports.getFirst();
    }

    /**
     * A clean environment, as a new shell has: PATH, a home of its own (no ~/.curlrc), UTF-8, and a
     * time zone far from UTC so a walk-through that computes "today" without {@code date -u} shows up.
     */
    private static Map<String, String> readerEnvironment(Path scratch) throws IOException {
        Path home = Files.createDirectory(scratch.resolve("home"));
        return Map.of("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin"),
                "HOME", home.toString(), "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8", "TERM", "dumb",
                "TZ", "Pacific/Kiritimati", "TMPDIR", Files.createDirectory(scratch.resolve("tmp")).toString());
    }

    /** README.md first, then every other Markdown file of the repository, in path order. */
    private static List<Path> markdownFiles() {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName().toString();
                    return !dir.equals(ROOT) && (NOT_DOCS.contains(name) || name.startsWith("."))
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && file.getFileName().toString().endsWith(".md")) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Markdown files under " + ROOT, e);
        }
        found.sort(Comparator.comparing((Path p) -> !ROOT.relativize(p).toString().equals("README.md"))
                .thenComparing(p -> ROOT.relativize(p).toString()));
        return found;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> all = new ArrayList<>(paths.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
