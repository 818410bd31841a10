package com.gaterouter.common.testing;

import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** LocalStack in a Testcontainers container; stopped when JUnit closes the root context (Ryuk backs that up). */
final class LocalStackEmulator implements RunningEmulator {

    /** Pinned: LocalStack's behaviour changes between releases. Override with -Dgaterouter.localstack.image. */
    static final String DEFAULT_IMAGE = "localstack/localstack:4.4";

    private final LocalStackContainer container;
    private final AwsEmulator emulator;

    private LocalStackEmulator(LocalStackContainer container) {
        this.container = container;
        this.emulator = new AwsEmulator(AwsEmulator.LOCALSTACK, container.getEndpoint());
    }

    static LocalStackEmulator start() {
        String image = System.getProperty("gaterouter.localstack.image", DEFAULT_IMAGE);
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image));
        try {
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw new IllegalStateException("LocalStack (" + image + ") did not start although Docker answers; "
                    + "to use moto instead set -D" + EmulatorChoice.PREFERENCE_PROPERTY + "=moto or "
                    + EmulatorChoice.PREFERENCE_VARIABLE + "=moto", e);
        }
        return new LocalStackEmulator(container);
    }

    @Override
    public AwsEmulator emulator() {
        return emulator;
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "LocalStack at " + emulator.endpoint();
    }
}
