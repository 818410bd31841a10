package com.gaterouter.rollup.notifier;

import com.gaterouter.rollup.testing.PrimingFixture;
import com.gaterouter.common.settings.Settings;
import org.junit.jupiter.api.Test;

/** The notifier primes a budget alert through to the topic on its production wiring, offline: no e-mail is sent. */
class AlertNotifierPrimingTest {

    @Test
    void primesABudgetAlertThroughToTheTopic() {
        try (PrimingFixture fixture = new PrimingFixture()) {
            var notifier = AwsNotifierWiring.notifier(Settings.of(PrimingFixture.ENV), fixture.http());

            fixture.assertAllSucceededOffline(AwsNotifierWiring.primingHooks(notifier, fixture.http()).prime());
        }
    }
}
