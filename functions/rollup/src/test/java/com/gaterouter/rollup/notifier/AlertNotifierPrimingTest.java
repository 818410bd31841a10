package com.gaterouter.rollup.notifier;

import com.gaterouter.rollup.testing.PrimingFixture;
import org.junit.jupiter.api.Test;

/** The notifier primes a budget alert through to the topic on its production wiring, offline: no e-mail is sent. */
class AlertNotifierPrimingTest {

    @Test
    void primesABudgetAlertThroughToTheTopic() {
        try (PrimingFixture fixture = new PrimingFixture()) {
            var function = new AlertNotifierFunction(AlertNotifierFunction.fromEnvironment(PrimingFixture.ENV, fixture.http()), null);

            fixture.assertAllSucceededOffline(AlertNotifierFunction.primingHooks(function, fixture.http()).prime());
        }
    }
}
