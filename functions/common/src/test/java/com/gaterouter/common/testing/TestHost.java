package com.gaterouter.common.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * What the machine running the tests offers: CI or not, commands on PATH, a Docker engine.
 * The rule for anything missing is the same everywhere: skip locally, fail under {@code CI=true}.
 */
public final class TestHost implements EmulatorChoice.Host {

    /** Testcontainers tries every way it knows to reach Docker; a dead DOCKER_HOST must not stall the run. */
    private static final Duration DOCKER_PROBE_TIMEOUT = Duration.ofSeconds(15);

    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    /** {@code CI=true} in the environment, as GitHub Actions, GitLab and most CI systems set it. */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The executable {@code command} as the shell would find it on PATH. */
    public static Optional<Path> findOnPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        List<String> names = WINDOWS ? List.of(command + ".exe", command + ".cmd", command + ".bat", command)
                : List.of(command);
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            for (String name : names) {
                try {
                    Path candidate = Path.of(directory, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                } catch (InvalidPathException e) {
                    // a malformed PATH entry: the shell would skip it too
                }
            }
        }
        return Optional.empty();
    }

    /** The command's path; else the test is skipped, or failed under CI. */
    public static Path requireOnPath(String command, String installHint) {
        return findOnPath(command).orElseThrow(() -> missingPrerequisite(
                command + " is not on PATH (" + installHint + ")", isCi()));
    }

    /** A skip ({@link TestAbortedException}) locally; a failure under CI, where a skip would hide that nothing ran. */
    public static RuntimeException missingPrerequisite(String what, boolean ci) {
        if (ci) {
            return new IllegalStateException("CI=true, so a missing test prerequisite is a failure: " + what);
        }
        return new TestAbortedException("Skipped for a missing test prerequisite (a failure when CI=true): " + what);
    }

    @Override
    public boolean dockerAvailable() {
        return DockerProbe.answers(DOCKER_PROBE_TIMEOUT);
    }

    @Override
    public boolean motoServerOnPath() {
        return findOnPath(MotoServer.COMMAND).isPresent();
    }

    @Override
    public boolean ci() {
        return isCi();
    }
}
