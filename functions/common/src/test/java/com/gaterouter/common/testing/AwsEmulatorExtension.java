package com.gaterouter.common.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.support.TypeBasedParameterResolver;

/**
 * Gives tests an AWS endpoint ({@link AwsEmulator} parameters), chosen once per JVM:
 * <ol>
 *   <li>LocalStack via Testcontainers when a Docker engine answers;</li>
 *   <li>else {@code moto_server} from PATH, started on a free port;</li>
 *   <li>else the test fails when {@code CI=true} (a silent skip would let CI pass having tested
 *       nothing) and is skipped otherwise, naming what is missing.</li>
 * </ol>
 * {@code -Dgaterouter.aws.emulator} or {@code GATEROUTER_AWS_EMULATOR} = {@code localstack|moto}
 * forces one. The emulator is started on first use, shared by every test class and stopped when
 * the test run ends, so tests must use unique resource names.
 *
 * <p>A skip is an execution condition, so reports list the class as skipped with the reason (an
 * aborted class would show as zero tests run). Under CI the check runs before the test instance
 * is constructed and before {@code @BeforeAll}, so the whole class fails with the reason instead
 * of a parameter resolution error.
 */
public final class AwsEmulatorExtension extends TypeBasedParameterResolver<AwsEmulator>
        implements ExecutionCondition, BeforeAllCallback, TestInstancePreConstructCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(AwsEmulatorExtension.class);
    private static final String PROVISION = "provision";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (provision(context) instanceof EmulatorChoice.Unavailable unavailable && !unavailable.ci()) {
            return ConditionEvaluationResult.disabled(unavailable.toException().getMessage());
        }
        return ConditionEvaluationResult.enabled("an AWS emulator is running, or CI=true makes its absence a failure");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator(context);
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        emulator(context);
    }

    @Override
    public AwsEmulator resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return emulator(extensionContext);
    }

    /**
     * The run's emulator. The outcome, unavailability included, is kept in the root store, so
     * the machine is probed once, and JUnit closes a started emulator at the end of the run.
     */
    static AwsEmulator emulator(ExtensionContext context) {
        Object provision = provision(context);
        return switch (provision) {
            case RunningEmulator running -> running.emulator();
            case EmulatorChoice.Unavailable unavailable -> throw unavailable.toException();
            default -> throw new IllegalStateException("Unexpected emulator provision " + provision);
        };
    }

    private static Object provision(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(PROVISION, key -> provision());
    }

    private static Object provision() {
        EmulatorChoice.Preference preference = EmulatorChoice.Preference.parse(System.getProperty(
                EmulatorChoice.PREFERENCE_PROPERTY, System.getenv(EmulatorChoice.PREFERENCE_VARIABLE)));
        EmulatorChoice choice = EmulatorChoice.decide(preference, new TestHost());
        Object provision = switch (choice) {
            case EmulatorChoice.UseLocalStack localStack -> LocalStackEmulator.start();
            case EmulatorChoice.UseMoto moto -> MotoServer.start(TestHost.findOnPath(MotoServer.COMMAND)
                    .orElseThrow(() -> new IllegalStateException(MotoServer.COMMAND + " vanished from PATH")));
            case EmulatorChoice.Unavailable unavailable -> unavailable;
        };
        // once per test JVM, so the build output says which emulator the AWS tests ran against
        System.out.println(announcement(preference, provision));
        return provision;
    }

    /** The one line the test output gets: which emulator runs, and why that one. */
    static String announcement(EmulatorChoice.Preference preference, Object provision) {
        String prefix = "[gaterouter] AWS emulator for this test run: ";
        String forced = "chosen by " + EmulatorChoice.PREFERENCE_PROPERTY + "/" + EmulatorChoice.PREFERENCE_VARIABLE;
        return switch (provision) {
            case LocalStackEmulator localStack -> prefix + localStack + " via Testcontainers ("
                    + (preference == EmulatorChoice.Preference.AUTO ? "a Docker engine answered" : forced) + ")";
            case MotoServer moto -> prefix + moto + " ("
                    + (preference == EmulatorChoice.Preference.AUTO ? EmulatorChoice.NO_DOCKER + ", so moto" : forced) + ")";
            case EmulatorChoice.Unavailable unavailable -> prefix + "none (" + unavailable.missing() + "); the tests that need one "
                    + (unavailable.ci() ? "fail, because CI=true" : "are skipped");
            default -> prefix + provision;
        };
    }
}
