package com.gaterouter.rollup.replay;

import com.gaterouter.common.settings.Settings;
import com.gaterouter.rollup.testing.PrimingFixture;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The replay primes a batch of one settlement on its production wiring, offline: nothing is written. */
class UsageReplayPrimingTest {

    @Test
    void primesABatchOfOneSettlement() {
        try (PrimingFixture fixture = new PrimingFixture()) {
            ReplayBatch batch = AwsReplayWiring.batch(Settings.of(PrimingFixture.ENV), fixture.http());

            fixture.assertAllSucceededOffline(AwsReplayWiring.primingHooks(batch, fixture.http(), Clock.systemUTC()).prime());
        }
    }
}
