package com.gaterouter.common.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class talks to an AWS emulator: declare an {@link AwsEmulator} parameter (constructor,
 * lifecycle or test method) to get it. Name such classes {@code *IT} so failsafe runs them.
 * See {@link AwsEmulatorExtension} for how the emulator is chosen.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(AwsEmulatorExtension.class)
@Tag("aws-emulator")
public @interface WithAwsEmulator {
}
