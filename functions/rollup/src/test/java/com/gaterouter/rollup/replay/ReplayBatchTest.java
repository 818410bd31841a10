package com.gaterouter.rollup.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.spend.spool.Settlement;
import com.gaterouter.common.spend.spool.SpoolFixtures;
import com.gaterouter.common.spend.spool.UsageReplayer;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DynamoDbLocalExtension.class)
class ReplayBatchTest {

    @Test
    void settlesEachMessageOnceAndReportsOnlyWhatFailed(LocalTables tables) {
        String tenant = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        SpendLedger ledger = new DynamoDbSpendLedger(tables.client(), tables.name(GatewayTable.SPEND),
                tables.name(GatewayTable.USAGE), Duration.ofDays(30));
        Settlement first = settlement(tenant, "r1", 1_000);
        Settlement second = settlement(tenant, "r2", 2_500);
        ReplayBatch batch = new ReplayBatch(new UsageReplayer(ledger));

        ReplayBatch.Outcome outcome = batch.replay(event(
                message("m1", first.toJson()), message("m2", second.toJson()),
                message("m3", first.toJson()), // the same settlement delivered twice
                message("m4", "{\"not\":\"a settlement\"}")));

        assertThat(outcome.counts()).isEqualTo(new ReplayBatch.Counts(2, 1, 0, 1));
        assertThat(outcome.response().getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m4");
        var usage = new DynamoDbUsageStore(tables.client(), tables.name(GatewayTable.USAGE), Duration.ofDays(30))
                .findByTenantAndDay(tenant, LocalDate.ofInstant(SpoolFixtures.AT, ZoneOffset.UTC));
        assertThat(usage).extracting(UsageRecord::requestId).containsExactlyInAnyOrder("r1", "r2");
        // settling is the usage record's one write (issue 15): the counters are the counter sink's, from these records
        Counter month = first.reservation().counters().getFirst();
        assertThat(ledger.read(List.of(month)).get(month).settledUsdMicros()).isZero();
    }

    @Test
    void aLedgerFailureIsReportedForSqsToRetry() {
        SpendLedger down = new SpendLedger() {
            @Override
            public Outcome settle(Reservation reservation, UsageRecord usage) {
                throw new IllegalStateException("ProvisionedThroughputExceeded");
            }

            @Override
            public Map<Counter, CounterValues> read(List<Counter> counters) {
                throw new IllegalStateException("down");
            }
        };
        ReplayBatch batch = new ReplayBatch(new UsageReplayer(down));

        ReplayBatch.Outcome outcome = batch.replay(event(
                message("m1", SpoolFixtures.settlement("r1", 1).toJson())));

        assertThat(outcome.counts()).isEqualTo(new ReplayBatch.Counts(0, 0, 1, 0));
        assertThat(outcome.response().getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m1");
    }

    @Test
    void anEmptyBatchIsNoFailure() {
        ReplayBatch batch = new ReplayBatch(new UsageReplayer(new com.gaterouter.common.spend.spool.InMemorySpendLedger()));

        assertThat(batch.replay(new SQSEvent()).response().getBatchItemFailures()).isEmpty();
    }

    /** The fixture's settlement moved to a tenant of this test, so runs never meet in the shared tables. */
    private static Settlement settlement(String tenant, String requestId, long cost) {
        Settlement s = SpoolFixtures.settlement(requestId, cost);
        String json = s.toJson().replace("\"tenantId\":\"acme\"", "\"tenantId\":\"" + tenant + "\"");
        return Settlement.fromJson(json);
    }

    private static SQSEvent event(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }

    private static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        return message;
    }
}
