package com.gaterouter.rollup.replay;

import com.gaterouter.common.spend.spool.UsageReplayer;
import com.gaterouter.rollup.testing.PrimingFixture;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The replay primes a batch of one settlement on its production wiring, offline: nothing is written. */
class UsageReplayPrimingTest {

    @Test
    void primesABatchOfOneSettlement() {
        try (PrimingFixture fixture = new PrimingFixture()) {
            var function = new UsageReplayFunction(new UsageReplayer(UsageReplayFunction.ledgerFromEnvironment(PrimingFixture.ENV,
                    fixture.http())), null);

            fixture.assertAllSucceededOffline(UsageReplayFunction.primingHooks(function, fixture.http(), Clock.systemUTC()).prime());
        }
    }
}
