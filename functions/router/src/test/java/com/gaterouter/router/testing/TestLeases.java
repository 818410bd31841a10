package com.gaterouter.router.testing;

import com.gaterouter.common.spend.AllowanceLedger;
import com.gaterouter.common.spend.allowance.LeaseBook;
import com.gaterouter.common.spend.allowance.LeaseKeeper;
import com.gaterouter.common.spend.allowance.SliceSizer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A lease book and keeper for tests: not started (tests run its rounds), predictable lease ids. */
public final class TestLeases {

    private TestLeases() {
    }

    /** Slices of a tenth of the room (one instance), leases of 60 s stopping 10 s before their expiry. */
    public static LeaseKeeper keeper(AllowanceLedger ledger, Clock clock) {
        AtomicInteger ids = new AtomicInteger();
        return new LeaseKeeper(new LeaseBook(ledger, clock, SliceSizer.standard(1, Long.MAX_VALUE), Duration.ofSeconds(60),
                Duration.ofSeconds(10), () -> "lease-" + ids.incrementAndGet()), clock);
    }
}
