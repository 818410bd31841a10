package com.gaterouter.rollup;

import com.gaterouter.rollup.testing.PrimingFixture;
import com.gaterouter.common.settings.Settings;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The scheduled pass primes on its production wiring, offline: no table read or written, no event published. */
class SpendRollupPrimingTest {

    @Test
    void primesAPassOverNoTenants() {
        try (PrimingFixture fixture = new PrimingFixture()) {
            Clock clock = Clock.systemUTC();
            ScheduledPass pass = AwsRollupWiring.scheduledPass(Settings.of(PrimingFixture.ENV), clock, fixture.http());

            fixture.assertAllSucceededOffline(AwsRollupWiring.primingHooks(pass, fixture.http(), clock).prime());
        }
    }
}
