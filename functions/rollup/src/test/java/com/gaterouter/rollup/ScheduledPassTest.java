package com.gaterouter.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.events.InMemoryEventPublisher;
import com.gaterouter.common.rollup.RollupRun;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.rollup.alerts.AlertService;
import com.gaterouter.rollup.alerts.WeeklyDigestService;
import com.gaterouter.common.alerts.InMemoryDigestLedger;
import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import java.util.Map;
import com.gaterouter.common.alerts.InMemoryAlertLedger;
import com.gaterouter.rollup.testing.FixedSpend;
import com.gaterouter.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DynamoDbLocalExtension.class)
class ScheduledPassTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:15:00Z");

    @Test
    void theRollupStopsEarlyEnoughForTheAlertsAndItsFailureDoesNotStopThem(LocalTables tables) {
        AccountStore accounts = new DynamoDbAccountStore(tables.client(), tables.name(GatewayTable.ACCOUNTS),
                tables.name(GatewayTable.API_KEYS));
        MutableClock clock = new MutableClock(NOW);
        AlertService alerts = new AlertService(accounts, new FixedSpend(), new InMemoryAlertLedger(), new InMemoryEventPublisher(), clock);
        List<Instant> rollupDeadlines = new ArrayList<>();

        ScheduledPass.Outcome ok = new ScheduledPass(deadline -> {
            rollupDeadlines.add(deadline);
            return new RollupRun(1, 1, 10, 70, true, Duration.ofSeconds(1));
        }, alerts, clock).run(NOW.plus(Duration.ofMinutes(14)));
        ScheduledPass.Outcome failed = new ScheduledPass(deadline -> {
            rollupDeadlines.add(deadline);
            throw new UnsupportedOperationException("being built");
        }, alerts, clock).run(NOW.plus(Duration.ofMinutes(2)));

        assertThat(rollupDeadlines).containsExactly(NOW.plus(Duration.ofMinutes(12)), NOW.plus(Duration.ofMinutes(1)));
        assertThat(ok.rollup()).isPresent();
        assertThat(ok.alerts().complete()).isTrue();
        assertThat(failed.rollup()).isEmpty();
        assertThat(failed.rollupError()).contains("java.lang.UnsupportedOperationException: being built");
        assertThat(failed.alerts().complete()).isTrue();
    }

    @Test
    void onlyTheWeeklyTickSendsTheDigestsAndItRunsThePassFirst(LocalTables tables) {
        AccountStore accounts = new DynamoDbAccountStore(tables.client(), tables.name(GatewayTable.ACCOUNTS),
                tables.name(GatewayTable.API_KEYS));
        MutableClock clock = new MutableClock(NOW);
        InMemoryEventPublisher bus = new InMemoryEventPublisher();
        AlertService alerts = new AlertService(accounts, new FixedSpend(), new InMemoryAlertLedger(), bus, clock);
        WeeklyDigestService digests = new WeeklyDigestService(accounts, new FixedSpend(),
                new DynamoDbRollupStore(tables.client(), tables.name(GatewayTable.ROLLUPS)), new InMemoryDigestLedger(), bus, clock);
        List<Instant> rollupDeadlines = new ArrayList<>();
        ScheduledPass pass = new ScheduledPass(deadline -> {
            rollupDeadlines.add(deadline);
            return new RollupRun(1, 1, 10, 70, true, Duration.ofSeconds(1));
        }, alerts, clock).withDigests(digests);

        ScheduledPass.Outcome quarter = pass.tick(Map.of("run", "every-15-minutes"), Duration.ofMinutes(15));
        ScheduledPass.Outcome weekly = pass.tick(Map.of("run", "weekly-digest"), Duration.ofMinutes(15));

        assertThat(quarter.digests()).isEmpty();
        assertThat(weekly.rollup()).as("the pass first, so Sunday is rolled up").isPresent();
        assertThat(weekly.digests()).hasValueSatisfying(d -> assertThat(d.complete()).isTrue());
        assertThat(weekly.summary()).contains("; digests DigestRun[");
        assertThat(rollupDeadlines).hasSize(2);
        assertThat(rollupDeadlines.get(1)).as("the weekly pass leaves a third of the time to the digests").isBefore(rollupDeadlines.get(0));
    }
}
