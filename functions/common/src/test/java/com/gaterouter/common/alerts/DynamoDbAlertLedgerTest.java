package com.gaterouter.common.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.alerts.dynamodb.DynamoDbAlertLedger;
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

/**
 * The alert ledger in the Rollups table. Entries carry a TTL and DynamoDB Local sweeps on the
 * machine's clock, so they are claimed in {@link FutureYear}.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbAlertLedgerTest {

    private static final Instant NOW = FutureYear.instant("YYYY-11-24T10:15:00Z");
    private static final Instant KEEP = NOW.plus(Duration.ofDays(90));
    private static final Duration LEASE = Duration.ofMinutes(5);

    private DynamoDbAlertLedger ledger;
    private AlertKey key;

    @BeforeEach
    void ledger(LocalTables tables) {
        ledger = new DynamoDbAlertLedger(tables.client(), tables.name(GatewayTable.ROLLUPS));
        key = new AlertKey("acme_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), BudgetScope.DEPARTMENT, "dept_1", FutureYear.month(11).toString(), new AlertTrigger.Threshold(80));
    }

    @Test
    void ofTenConcurrentClaimersExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<AlertLedger.Claim>> claims = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String detail = "{\"claimer\":" + i + "}";
                claims.add(() -> ledger.claim(key, detail, KEEP, NOW, LEASE));
            }
            List<AlertLedger.Claim> results = new ArrayList<>();
            for (Future<AlertLedger.Claim> f : pool.invokeAll(claims)) {
                results.add(f.get());
            }
            assertThat(results).filteredOn(AlertLedger.Won.class::isInstance).hasSize(1);
            assertThat(results).filteredOn(AlertLedger.Held.class::isInstance).hasSize(9);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPublishedAlertIsNeverClaimedAgain() {
        AlertLedger.Won won = (AlertLedger.Won) ledger.claim(key, "{\"first\":true}", KEEP, NOW, LEASE);
        ledger.markPublished(key, won.token(), NOW);

        assertThat(ledger.claim(key, "{}", KEEP, NOW.plus(Duration.ofDays(1)), LEASE)).isInstanceOf(AlertLedger.AlreadyPublished.class);
        assertThat(ledger.entries(key.tenantId())).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.state()).isEqualTo(AlertLedger.State.PUBLISHED);
        });
    }

    @Test
    void anExpiredLeaseIsTakenOverWithTheFirstClaimsDetail() {
        AlertLedger.Won first = (AlertLedger.Won) ledger.claim(key, "{\"first\":true}", KEEP, NOW, LEASE);
        assertThat(first.attempt()).isEqualTo(1);

        assertThat(ledger.claim(key, "{\"second\":true}", KEEP, NOW.plus(LEASE).minusSeconds(1), LEASE))
                .isEqualTo(new AlertLedger.Held(NOW.plus(LEASE)));
        AlertLedger.Claim later = ledger.claim(key, "{\"second\":true}", KEEP, NOW.plus(LEASE).plusSeconds(1), LEASE);

        assertThat(later).isInstanceOfSatisfying(AlertLedger.Won.class, won -> {
            assertThat(won.detailJson()).isEqualTo("{\"first\":true}");
            assertThat(won.attempt()).isEqualTo(2);
            assertThat(won.token()).isNotEqualTo(first.token());
        });
    }

    @Test
    void aReleasedClaimIsFreeAtOnceButOnlyItsHolderCanReleaseIt() {
        AlertLedger.Won first = (AlertLedger.Won) ledger.claim(key, "{}", KEEP, NOW, LEASE);
        ledger.release(key, "someone-else", NOW, "not mine");
        assertThat(ledger.claim(key, "{}", KEEP, NOW.plusSeconds(1), LEASE)).isInstanceOf(AlertLedger.Held.class);

        ledger.release(key, first.token(), NOW.plusSeconds(2), "EventPublishException: bus down");

        assertThat(ledger.entries(key.tenantId())).singleElement().matches(e -> e.abandoned(NOW.plusSeconds(2)));
        assertThat(ledger.claim(key, "{}", KEEP, NOW.plusSeconds(2), LEASE)).isInstanceOf(AlertLedger.Won.class);
    }

    @Test
    void aSupersededAlertIsRecordedOnceAndNeverClaimed() {
        assertThat(ledger.supersede(key, "{\"would\":80}", KEEP, NOW)).isTrue();
        assertThat(ledger.supersede(key, "{\"again\":true}", KEEP, NOW.plusSeconds(1))).isFalse();

        assertThat(ledger.claim(key, "{}", KEEP, NOW.plus(Duration.ofDays(1)), LEASE)).isInstanceOf(AlertLedger.Held.class);
        assertThat(ledger.entries(key.tenantId())).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(AlertLedger.State.SUPERSEDED);
            assertThat(e.detailJson()).isEqualTo("{\"would\":80}");
            assertThat(e.abandoned(NOW.plus(Duration.ofDays(1)))).isFalse();
        });
    }

    @Test
    void onlyAnAbandonedClaimCanBeSupersededNeverALiveOrPublishedOne() {
        AlertLedger.Won won = (AlertLedger.Won) ledger.claim(key, "{\"first\":true}", KEEP, NOW, LEASE);
        assertThat(ledger.supersede(key, "{}", KEEP, NOW.plusSeconds(1))).isFalse();

        assertThat(ledger.supersede(key, "{}", KEEP, NOW.plus(LEASE).plusSeconds(1))).isTrue();
        ledger.markPublished(key, won.token(), NOW.plus(LEASE).plusSeconds(2)); // a late publisher: the entry exists, it is marked
        assertThat(ledger.entries(key.tenantId())).singleElement()
                .satisfies(e -> {
                    assertThat(e.detailJson()).isEqualTo("{\"first\":true}");
                    assertThat(e.state()).isEqualTo(AlertLedger.State.PUBLISHED); // it did go out after all
                });

        AlertKey other = new AlertKey(key.tenantId(), key.scope(), key.scopeId(), key.periodId(), new AlertTrigger.Forecast());
        AlertLedger.Won published = (AlertLedger.Won) ledger.claim(other, "{}", KEEP, NOW, LEASE);
        ledger.markPublished(other, published.token(), NOW);
        assertThat(ledger.supersede(other, "{}", KEEP, NOW.plus(Duration.ofDays(1)))).isFalse();
    }
}
