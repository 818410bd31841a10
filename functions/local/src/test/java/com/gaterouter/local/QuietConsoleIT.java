package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar as a user starts it, {@code java -jar gaterouter-local.jar}, and stops it (SIGTERM,
 * what Ctrl-C's SIGINT also does): the console shows the banner and the start and stop lines,
 * nothing else — no warning from a library, no JVM message — and a run without a data dir leaves
 * no folder behind, while a run with one keeps its outbox and spool there.
 */
class QuietConsoleIT {

    private static final Path JAR = Path.of(System.getProperty("gaterouter.root", "../..")).resolve("functions/local/target/gaterouter-local.jar");
    private static final Pattern BASE = Pattern.compile("ready on (http://localhost:\\d+)");
    private static final Pattern OUTBOX = Pattern.compile("budget alerts: +(\\S+) \\(and this console\\)");

    record Run(String stdout, String stderr, int exit) {
    }

    private static Run startAndStop(Path workDir, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toAbsolutePath().toString(), "--port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.endsWith("_API_KEY") || name.startsWith("AWS_") || name.startsWith("GATEROUTER_"));
        Process process = builder.start();
        try {
            String base = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (base == null && System.nanoTime() < deadline && process.isAlive()) {
                Matcher m = BASE.matcher(Files.readString(out, StandardCharsets.UTF_8));
                if (m.find() && Files.readString(out, StandardCharsets.UTF_8).contains("Press Ctrl-C to stop.")) {
                    base = m.group(1);
                } else {
                    Thread.sleep(50);
                }
            }
            assertThat(base).as("the banner; stderr so far: %s", Files.readString(err, StandardCharsets.UTF_8)).isNotNull();
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            process.destroy(); // SIGTERM
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), process.exitValue());
    }

    private static Path outbox(Run run) {
        Matcher m = OUTBOX.matcher(run.stdout());
        assertThat(m.find()).as("the banner names the outbox: %s", run.stdout()).isTrue();
        return Path.of(m.group(1));
    }

    @Test
    void startAndStopPrintOnlyTheBannerAndTheirLinesAndLeaveNoFolderBehind(@TempDir Path work) throws Exception {
        Run run = startAndStop(work);

        assertThat(run.stderr()).as("stderr").isEmpty();
        List<String> unexpected = run.stdout().lines()
                .filter(line -> !line.isBlank())
                .filter(line -> !line.startsWith("GateRouter local gateway is ready on ") && !line.startsWith("  ")
                        && !line.equals("Try:") && !line.equals("Press Ctrl-C to stop.")
                        && !line.equals("The docs' walk-throughs use these variables; paste this line into another shell:") && !line.matches("\\(started in \\d+ ms\\)")
                        && !line.equals("GateRouter stopping...") && !line.equals("GateRouter stopped."))
                .toList();
        assertThat(unexpected).as("lines that are not the gateway's").isEmpty();
        assertThat(run.stdout()).contains("GateRouter stopping...", "GateRouter stopped.");
        Path outbox = outbox(run);
        assertThat(outbox.getFileName().toString()).isEqualTo("alerts.jsonl");
        Path runDirectory = outbox.getParent().getParent();
        assertThat(runDirectory.getFileName().toString()).startsWith("gaterouter-");
        assertThat(runDirectory).as("the run's temporary directory is removed at exit").doesNotExist();
    }

    @Test
    void withADataDirTheOutboxAndSpoolLiveThereAndStayAndARestartIsQuietToo(@TempDir Path work) throws Exception {
        Path data = work.resolve("data");

        Run first = startAndStop(work, "--data-dir", data.toString());
        // the second start finds the tables and the demo tenant already there
        Run second = startAndStop(work, "--data-dir", data.toString());

        assertThat(first.stderr()).as("stderr of the first start").isEmpty();
        assertThat(second.stderr()).as("stderr of the restart").isEmpty();
        assertThat(outbox(first)).isEqualTo(data.resolve("outbox/alerts.jsonl").toAbsolutePath().normalize());
        assertThat(data.resolve("outbox")).isDirectory();
        assertThat(data.resolve("usage-spool")).isDirectory();
    }

    @Test
    void theJarIsBuilt() throws IOException {
        assertThat(JAR).as("run after package: ./mvnw verify builds it").isRegularFile();
    }
}
