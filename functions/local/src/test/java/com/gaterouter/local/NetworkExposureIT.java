package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.testing.ListeningSockets;
import com.gaterouter.common.testing.ListeningSockets.Listener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the local gateway's process opens to the network, as the kernel sees it (issue 13, item 1):
 * the built jar runs as a user starts it, with every vendor simulated, and its listening sockets
 * are read from /proc. By default every one of them — the gateway, DynamoDB Local (which takes any
 * credentials) and the vendor simulator — is bound to loopback; {@code --host 0.0.0.0} moves the
 * gateway, and only the gateway, to every interface, with a warning on the console.
 */
class NetworkExposureIT {

    private static final Path JAR = Path.of(System.getProperty("gaterouter.root", "../..")).resolve("functions/local/target/gaterouter-local.jar");
    private static final Pattern BASE = Pattern.compile("ready on (http://localhost:(\\d+))");

    record Running(Process process, int port, String stdout, Path stderr) {
    }

    /** Starts the jar with {@code args} and waits for its banner; the caller stops it. */
    private static Running start(Path work, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(java, "-jar", JAR.toAbsolutePath().toString(), "--port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // no vendor keys: the simulator serves every vendor, so it runs and its socket is checked too
        builder.environment().keySet().removeIf(name -> name.endsWith("_API_KEY") || name.startsWith("AWS_") || name.startsWith("GATEROUTER_"));
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && process.isAlive()) {
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            Matcher m = BASE.matcher(stdout);
            if (m.find() && stdout.contains("Press Ctrl-C to stop.")) {
                return new Running(process, Integer.parseInt(m.group(2)), stdout, err);
            }
            Thread.sleep(50);
        }
        stop(process);
        throw new AssertionError("no banner; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
    }

    private static int health(String host, int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void byDefaultNothingTheProcessListensOnIsReachableFromAnotherMachine(@TempDir Path work) throws Exception {
        Running gateway = start(work);
        try {
            List<Listener> listeners = ListeningSockets.of(gateway.process().pid());

            assertThat(listeners).as("the gateway, DynamoDB Local and the vendor simulator at least").hasSizeGreaterThanOrEqualTo(3);
            assertThat(listeners).extracting(Listener::port).contains(gateway.port());
            assertThat(listeners).as("sockets bound beyond loopback, of %s", listeners).filteredOn(l -> !l.loopbackOnly()).isEmpty();
            assertThat(health("127.0.0.1", gateway.port())).isEqualTo(200);
            assertThat(gateway.stdout()).contains("listening on:      127.0.0.1:" + gateway.port() + " (this machine only)");
            assertThat(Files.readString(gateway.stderr(), StandardCharsets.UTF_8)).as("stderr").isEmpty();
        } finally {
            stop(gateway.process());
        }
    }

    @Test
    void hostZeroOpensTheGatewayAloneToTheNetworkAndSaysSo(@TempDir Path work) throws Exception {
        Running gateway = start(work, "--host", "0.0.0.0");
        try {
            List<Listener> listeners = ListeningSockets.of(gateway.process().pid());

            assertThat(listeners).as("sockets bound beyond loopback, of %s", listeners).filteredOn(l -> !l.loopbackOnly())
                    .singleElement()
                    .satisfies(l -> assertThat(l.port()).as("the wide socket is the gateway's").isEqualTo(gateway.port()))
                    .satisfies(l -> assertThat(l.address().isAnyLocalAddress()).isTrue());
            assertThat(listeners).as("DynamoDB Local and the simulator stay on loopback").filteredOn(Listener::loopbackOnly)
                    .hasSizeGreaterThanOrEqualTo(2);
            assertThat(health("127.0.0.1", gateway.port())).isEqualTo(200);
            assertThat(gateway.stdout()).contains("listening on:      0.0.0.0:" + gateway.port() + " (reachable from other machines");
            assertThat(Files.readString(gateway.stderr(), StandardCharsets.UTF_8)).as("stderr")
                    .startsWith("gaterouter: WARNING: GateRouter listens on 0.0.0.0:" + gateway.port() + " (every interface), beyond this machine");
        } finally {
            stop(gateway.process());
        }
    }
}
