package com.gaterouter.common.spend.spool;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.usage.UsageRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageReplayerTest {

    @TempDir
    Path dir;

    @Test
    void settlesEverySpooledEntryAndCountsDuplicatesAsDone() {
        InMemorySpendLedger ledger = new InMemorySpendLedger();
        ledger.settle(SpoolFixtures.settlement("r0", 5).reservation(), SpoolFixtures.settlement("r0", 5).usage());
        FileUsageSpool spool = new FileUsageSpool(dir);
        for (int i = 0; i < 4; i++) {
            spool.append(SpoolFixtures.settlement("r" + i, 5));
        }
        spool.append(SpoolFixtures.settlement("r1", 5)); // spooled twice

        UsageReplayer.Counts counts = new UsageReplayer(ledger).replayAll(spool);

        assertThat(counts).isEqualTo(new UsageReplayer.Counts(3, 2, 0, 0));
        assertThat(ledger.usage()).containsOnlyKeys("r0", "r1", "r2", "r3");
        Counter month = SpoolFixtures.settlement("r0", 5).reservation().counters().getFirst();
        assertThat(ledger.read(List.of(month)).get(month).settledUsdMicros()).isEqualTo(20);
        assertThat(spool.pending()).isZero();
    }

    @Test
    void whatTheLedgerRefusesStaysSpooledForTheNextRound() {
        InMemorySpendLedger real = new InMemorySpendLedger();
        AtomicInteger calls = new AtomicInteger();
        SpendLedger flaky = new SpendLedger() {
            @Override
            public Outcome settle(Reservation reservation, UsageRecord usage) {
                if (calls.incrementAndGet() % 2 == 0) {
                    throw new IllegalStateException("throttled");
                }
                return real.settle(reservation, usage);
            }

            @Override
            public Map<Counter, CounterValues> read(List<Counter> counters) {
                return real.read(counters);
            }
        };
        FileUsageSpool spool = new FileUsageSpool(dir);
        for (int i = 0; i < 4; i++) {
            spool.append(SpoolFixtures.settlement("r" + i, 5));
        }
        UsageReplayer replayer = new UsageReplayer(flaky);

        UsageReplayer.Counts first = replayer.replayAll(spool);
        assertThat(first).isEqualTo(new UsageReplayer.Counts(2, 0, 2, 0));
        assertThat(spool.pending()).isEqualTo(2);

        UsageReplayer.Counts second = replayer.replayAll(spool);
        assertThat(second.settled()).isEqualTo(1);
        assertThat(second.failed()).isEqualTo(1);
        replayer.replayAll(spool);
        assertThat(real.usage()).hasSize(4);
        assertThat(spool.pending()).isZero();
    }
}
