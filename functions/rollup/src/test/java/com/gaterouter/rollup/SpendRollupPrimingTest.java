package com.gaterouter.rollup;

import com.gaterouter.rollup.testing.PrimingFixture;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The scheduled pass primes on its production wiring, offline: no table read or written, no event published. */
class SpendRollupPrimingTest {

    @Test
    void primesAPassOverNoTenants() {
        try (PrimingFixture fixture = new PrimingFixture()) {
            Clock clock = Clock.systemUTC();
            ScheduledPass pass = SpendRollupFunction.fromEnvironment(PrimingFixture.ENV, clock, fixture.http());

            fixture.assertAllSucceededOffline(SpendRollupFunction.primingHooks(pass, fixture.http(), clock).prime());
        }
    }
}
