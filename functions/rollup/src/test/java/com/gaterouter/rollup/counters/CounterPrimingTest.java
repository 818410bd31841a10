package com.gaterouter.rollup.counters;

import com.gaterouter.common.settings.Settings;
import com.gaterouter.rollup.testing.PrimingFixture;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The counter function primes a stream batch of one usage record on its production wiring, offline: nothing is written. */
class CounterPrimingTest {

    @Test
    void primesAStreamBatchOfOneUsageRecord() {
        try (PrimingFixture fixture = new PrimingFixture()) {
            CounterStream stream = AwsCounterWiring.stream(Settings.of(PrimingFixture.ENV), fixture.http());

            fixture.assertAllSucceededOffline(AwsCounterWiring.primingHooks(stream, fixture.http(), Duration.ofDays(30),
                    Clock.systemUTC()).prime());
        }
    }
}
