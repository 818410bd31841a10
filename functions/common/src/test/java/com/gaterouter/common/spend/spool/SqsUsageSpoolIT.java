package com.gaterouter.common.spend.spool;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.testing.AwsEmulator;
import com.gaterouter.common.testing.WithAwsEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The AWS spool against a real queue: what the router sends is what the replay function receives. */
@WithAwsEmulator
class SqsUsageSpoolIT {

    @Test
    void aSpooledSettlementArrivesWholeAndIsDrainedOnce(AwsEmulator aws) {
        try (SqsClient sqs = aws.client(SqsClient.builder())) {
            String queueUrl = sqs.createQueue(request -> request.queueName(aws.uniqueName("gaterouter-it-spool"))
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2"))).queueUrl();
            SqsUsageSpool spool = new SqsUsageSpool(sqs, queueUrl);
            Settlement settlement = SpoolFixtures.settlement("req-sqs-1", 4_321);

            spool.append(settlement);

            List<Message> received = sqs.receiveMessage(request -> request.queueUrl(queueUrl).waitTimeSeconds(5)
                    .maxNumberOfMessages(10).messageAttributeNames("All")).messages();
            assertThat(received).hasSize(1);
            assertThat(Settlement.fromJson(received.getFirst().body())).isEqualTo(settlement);
            assertThat(received.getFirst().messageAttributes().get(SqsUsageSpool.REQUEST_ID_ATTRIBUTE).stringValue())
                    .isEqualTo("req-sqs-1");
            // make it visible again, then drain through the port as the replay does
            sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl)
                    .receiptHandle(received.getFirst().receiptHandle()).visibilityTimeout(0));

            InMemorySpendLedger ledger = new InMemorySpendLedger();
            UsageReplayer.Counts counts = new UsageReplayer(ledger).replayAll(spool);

            assertThat(counts).isEqualTo(new UsageReplayer.Counts(1, 0, 0, 0));
            assertThat(ledger.usage()).containsOnlyKeys("req-sqs-1");
            List<Message> left = new ArrayList<>(sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                    .waitTimeSeconds(3).maxNumberOfMessages(10)).messages());
            assertThat(left).isEmpty();
        }
    }
}
