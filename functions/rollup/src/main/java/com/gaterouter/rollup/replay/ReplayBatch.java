package com.gaterouter.rollup.replay;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.spool.Settlement;
import com.gaterouter.common.spend.spool.UsageReplayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS batch of spooled settlements, settled through the ledger exactly once per request id, so
 * a redelivered message or one whose first write did land counts as done. Messages that fail are
 * named in the partial batch response and retried by SQS; after the queue's {@code maxReceiveCount}
 * they move to the dead-letter queue. Unreadable messages fail every time and so end there too.
 * (Hand-written: Powertools' batch module is not available to this build.)
 */
final class ReplayBatch {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayBatch.class);

    /** How one batch went: settlements settled now, settled before, failed (retried by SQS), unreadable. */
    record Counts(int settled, int alreadySettled, int failed, int unreadable) {
    }

    /** The answer to SQS plus what happened, for metrics and tests. */
    record Outcome(SQSBatchResponse response, Counts counts) {
    }

    private final UsageReplayer replayer;

    ReplayBatch(UsageReplayer replayer) {
        this.replayer = Objects.requireNonNull(replayer, "replayer");
    }

    /** Settles every message of the batch; the failed ones are named in the response for SQS to retry. */
    Outcome replay(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        int settled = 0;
        int already = 0;
        int failed = 0;
        int unreadable = 0;
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : messages) {
            Settlement settlement;
            try {
                settlement = Settlement.fromJson(message.getBody());
            } catch (IllegalArgumentException e) {
                LOG.error("usage spool message {} is not a settlement ({}); it will end in the dead-letter queue",
                        message.getMessageId(), e.getMessage());
                unreadable++;
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                continue;
            }
            try {
                if (replayer.replay(settlement) == SpendLedger.Outcome.SETTLED) {
                    settled++;
                } else {
                    already++;
                }
            } catch (RuntimeException e) {
                LOG.warn("settling spooled request {} failed (message {}, receive {}); SQS retries it: {}",
                        settlement.requestId(), message.getMessageId(), receiveCount(message), e.toString());
                failed++;
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        Counts counts = new Counts(settled, already, failed, unreadable);
        LOG.info("usage replay batch of {}: {}", messages.size(), counts);
        return new Outcome(new SQSBatchResponse(failures), counts);
    }

    private static String receiveCount(SQSEvent.SQSMessage message) {
        return message.getAttributes() == null ? "?" : message.getAttributes().getOrDefault("ApproximateReceiveCount", "?");
    }
}
