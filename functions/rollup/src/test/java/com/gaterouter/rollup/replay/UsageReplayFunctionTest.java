package com.gaterouter.rollup.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.gaterouter.common.spend.spool.InMemorySpendLedger;
import com.gaterouter.common.spend.spool.SpoolFixtures;
import com.gaterouter.common.spend.spool.UsageReplayer;
import com.gaterouter.common.testing.LambdaTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handler answers SQS with its batch's partial failures: the unreadable message only. */
class UsageReplayFunctionTest {

    @Test
    void theHandlerNamesTheFailedMessagesForSqsToRetry() {
        var function = new UsageReplayFunction(new UsageReplayer(new InMemorySpendLedger()), null);
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message("good", SpoolFixtures.settlement("req-1", 1_000).toJson()), message("bad", "not json")));

        SQSBatchResponse response = function.handleRequest(event, LambdaTestContext.of("usage-replay"));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("bad");
    }

    private static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        return message;
    }
}
