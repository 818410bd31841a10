package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What Lambda does to each function before a SnapStart snapshot, on the function's own Lambda
 * jar in a fresh JVM: construct the handler from the environment template.yaml gives it, then run
 * every registered {@code org.crac} hook — GateRouter's priming and any library's (Powertools
 * registers one) — as the runtime does ({@code initbench.crac.Core} stands in for it). A hook that
 * throws would fail the version's publication. The AWS endpoints point at a closed port, so a
 * priming step that tried the network would fail, and the priming log line would say so.
 */
class SnapStartCheckpointIT {

    private static final Path ROOT = Path.of(System.getProperty("gaterouter.root", "../.."));

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "router,com.gaterouter.router.RouterFunction",
            "admin,com.gaterouter.admin.AdminFunction",
            "rollup,com.gaterouter.rollup.SpendRollupFunction",
            "rollup,com.gaterouter.rollup.notifier.AlertNotifierFunction",
            "rollup,com.gaterouter.rollup.replay.UsageReplayFunction",
            "rollup,com.gaterouter.rollup.counters.CounterFunction"})
    void everyRegisteredHookRunsCleanlyOffline(String module, String handler, @TempDir Path work) throws Exception {
        Path jar = ROOT.resolve("functions/" + module + "/target/gaterouter-" + module + ".jar").toAbsolutePath();
        Path probeClasses = ROOT.resolve("functions/local/target/test-classes").toAbsolutePath();
        Path result = work.resolve("result.json");
        Path log = work.resolve("probe.log");
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(List.of(javaCommand, "-cp", jar + java.io.File.pathSeparator + probeClasses,
                "com.gaterouter.local.initbench.InitProbe", handler, "none", work.resolve("none").toString(), "hooks",
                Long.toString(System.currentTimeMillis()), result.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(Map.ofEntries(
                Map.entry("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
                Map.entry("AWS_REGION", "us-east-1"), Map.entry("AWS_ACCESS_KEY_ID", "checkpoint"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "checkpoint"), Map.entry("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
                Map.entry("POWERTOOLS_METRICS_NAMESPACE", "GateRouter"), Map.entry("POWERTOOLS_SERVICE_NAME", module),
                Map.entry("API_KEYS_TABLE", "keys"), Map.entry("ACCOUNTS_TABLE", "accounts"), Map.entry("USAGE_TABLE", "usage"),
                Map.entry("SPEND_TABLE", "spend"), Map.entry("ROLLUPS_TABLE", "rollups"), Map.entry("EVENT_BUS_NAME", "bus"),
                Map.entry("VENDOR_KEYS_SECRET_ID", "gaterouter/test/vendor-keys"),
                Map.entry("PAGE_TOKEN_SECRET_ID", "gaterouter/test/page-token-key"),
                Map.entry("USAGE_SPOOL_QUEUE_URL", "http://127.0.0.1:9/000000000000/spool"),
                Map.entry("ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:finance")));
        Process process = builder.start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(finished && process.exitValue() == 0).as("the handler constructs and every hook succeeds; output:%n%s", output).isTrue();
        assertThat(Files.readString(result, StandardCharsets.UTF_8)).as("GateRouter's hooks registered")
                .containsPattern("\"hooks\":[1-9]");
        assertThat(output).as("the priming log line").contains("SnapStart priming of").doesNotContain("(failed)")
                .contains("SnapStart restore of");
    }
}
