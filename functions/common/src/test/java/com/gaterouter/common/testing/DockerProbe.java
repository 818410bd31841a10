package com.gaterouter.common.testing;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;

/**
 * Asks Testcontainers whether a Docker engine answers, bounded in time. Kept apart so that a
 * module without Testcontainers on its test classpath still loads the extension: then the
 * answer is simply "no" and moto is used.
 */
final class DockerProbe {

    private DockerProbe() {
    }

    static boolean answers(Duration timeout) {
        FutureTask<Boolean> probe = new FutureTask<>(DockerProbe::ask);
        Thread.ofPlatform().daemon().name("docker-probe").start(probe);
        try {
            return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            probe.cancel(true);
            return false;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean ask() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (LinkageError | RuntimeException e) {
            // Testcontainers absent from the classpath, or it failed while looking: either way, no Docker.
            return false;
        }
    }
}
