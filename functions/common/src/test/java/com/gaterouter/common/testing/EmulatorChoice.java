package com.gaterouter.common.testing;

import java.util.Locale;

/**
 * Which AWS emulator the tests get, decided from what the machine offers. Pure, so the decision
 * table is unit tested; {@link TestHost} answers the questions for real.
 */
sealed interface EmulatorChoice {

    /** System property, then environment variable, that force one emulator ({@code localstack|moto|auto}). */
    String PREFERENCE_PROPERTY = "gaterouter.aws.emulator";
    String PREFERENCE_VARIABLE = "GATEROUTER_AWS_EMULATOR";

    record UseLocalStack() implements EmulatorChoice {
    }

    record UseMoto() implements EmulatorChoice {
    }

    /** Nothing usable: a failure under CI (a silent skip would hide that nothing was tested), else a skip. */
    record Unavailable(String missing, boolean ci) implements EmulatorChoice {

        RuntimeException toException() {
            return TestHost.missingPrerequisite("no AWS emulator: " + missing, ci);
        }
    }

    /** What the machine offers; asked lazily, in this order, only as far as the decision needs. */
    interface Host {
        boolean dockerAvailable();

        boolean motoServerOnPath();

        boolean ci();
    }

    enum Preference {
        AUTO, LOCALSTACK, MOTO;

        static Preference parse(String value) {
            if (value == null || value.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFERENCE_PROPERTY + "/" + PREFERENCE_VARIABLE + " is '" + value
                        + "'; expected localstack, moto or auto", e);
            }
        }
    }

    String NO_DOCKER = "no Docker engine answered (LocalStack runs in Testcontainers)";
    String NO_MOTO = "moto_server is not on PATH (pip install 'moto[server]')";

    /** LocalStack when Docker answers (closest to AWS), else moto, else unavailable. */
    static EmulatorChoice decide(Preference preference, Host host) {
        return switch (preference) {
            case LOCALSTACK -> host.dockerAvailable()
                    ? new UseLocalStack()
                    : new Unavailable("LocalStack was requested but " + NO_DOCKER, host.ci());
            case MOTO -> host.motoServerOnPath()
                    ? new UseMoto()
                    : new Unavailable("moto was requested but " + NO_MOTO, host.ci());
            case AUTO -> {
                if (host.dockerAvailable()) {
                    yield new UseLocalStack();
                }
                if (host.motoServerOnPath()) {
                    yield new UseMoto();
                }
                yield new Unavailable(NO_DOCKER + " and " + NO_MOTO, host.ci());
            }
        };
    }
}
