package com.gaterouter.common.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.alerts.dynamodb.DynamoDbDigestLedger;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.testing.FutureYear;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Entries carry a TTL and DynamoDB Local sweeps on the machine's clock, so they are written in {@link FutureYear}. */
@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbDigestLedgerTest {

    private static final Instant NOW = FutureYear.instant("YYYY-11-30T06:00:00Z");
    private static final Instant KEEP = NOW.plus(Duration.ofDays(90));

    private DynamoDbDigestLedger ledger;
    private String tenant;

    @BeforeEach
    void ledger(LocalTables tables) {
        ledger = new DynamoDbDigestLedger(tables.client(), tables.name(GatewayTable.ROLLUPS));
        tenant = "t-" + UUID.randomUUID();
    }

    @Test
    void aWeeksDigestIsClaimedOnceOfManyConcurrentClaimsAndAgainOnlyAfterARelease() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                claims.add(() -> ledger.claim(tenant, "dept_1", "2026-W48", KEEP, NOW));
            }
            int won = 0;
            for (Future<Boolean> claim : pool.invokeAll(claims)) {
                won += claim.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger.claim(tenant, "dept_2", "2026-W48", KEEP, NOW)).as("another department").isTrue();
        assertThat(ledger.claim(tenant, "dept_1", "2026-W49", KEEP, NOW)).as("another week").isTrue();

        ledger.release(tenant, "dept_1", "2026-W48");
        assertThat(ledger.claim(tenant, "dept_1", "2026-W48", KEEP, NOW.plusSeconds(60))).isTrue();
        assertThat(ledger.claim(tenant, "dept_1", "2026-W48", KEEP, NOW.plusSeconds(61))).isFalse();
    }
}
