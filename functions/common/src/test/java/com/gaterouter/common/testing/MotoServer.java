package com.gaterouter.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code moto_server} as a child process on a free loopback port. It is stopped when JUnit
 * closes the root context and, should the JVM end some other way, by a shutdown hook: a
 * forgotten Python server would hold its port and memory long after the build.
 */
final class MotoServer implements RunningEmulator {

    static final String COMMAND = "moto_server";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final Thread shutdownHook;
    private final AwsEmulator emulator;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.emulator = new AwsEmulator(AwsEmulator.MOTO, endpoint);
        this.log = log;
        this.shutdownHook = new Thread(this::stop, "moto-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts moto and waits until it answers HTTP. The free port is found by binding port 0 and
     * releasing it, so another process can take it in between: then moto exits and we try again.
     */
    static MotoServer start(Path executable) {
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort();
            Path log = logFile(port);
            Process process;
            try {
                process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start " + executable, e);
            }
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            try {
                awaitAnswer(process, endpoint, log);
                return new MotoServer(process, endpoint, log);
            } catch (IllegalStateException e) {
                destroy(process);
                failure = e;
            }
        }
        throw failure;
    }

    @Override
    public AwsEmulator emulator() {
        return emulator;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs stop() again, harmlessly
        }
    }

    @Override
    public String toString() {
        return "moto_server at " + emulator.endpoint() + " (log " + log + ")";
    }

    private void stop() {
        destroy(process);
    }

    private static void awaitAnswer(Process process, URI endpoint, Path log) {
        HttpRequest ping = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + " before answering on "
                        + endpoint + "; its output:\n" + tail(log));
            }
            try {
                HTTP.send(ping, HttpResponse.BodyHandlers.discarding());
                return; // any HTTP answer means it serves requests
            } catch (ConnectException e) {
                // not listening yet
            } catch (IOException e) {
                // accepted but not ready to answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for moto_server", e);
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("moto_server did not answer on " + endpoint + " within " + STARTUP_TIMEOUT
                + "; its output:\n" + tail(log));
    }

    /** Stops the server and anything it spawned (a pyenv shim or wrapper script may sit in between). */
    private static void destroy(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                descendants.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free local port", e);
        }
    }

    /** Under the build's target/ when run by Maven, so CI can keep it as an artifact. */
    private static Path logFile(int port) {
        Path target = Path.of("target");
        Path directory = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
        return directory.resolve("moto-server-" + port + ".log").toAbsolutePath();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for moto_server", e);
        }
    }
}
