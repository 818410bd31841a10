package com.gaterouter.common.spend.spool;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The spool in AWS: one SQS message per settlement on the usage spool queue (template.yaml
 * {@code UsageSpoolQueue}, env {@code USAGE_SPOOL_QUEUE_URL}). The replay Lambda consumes it; what
 * it cannot settle after the queue's receive count goes to the queue's dead-letter queue.
 * {@link #drain} is the same replay by hand (operations, tests): receive, settle, delete.
 */
public final class SqsUsageSpool implements UsageSpool {

    /** Message attribute with the request id, for finding a settlement in the queue or its DLQ. */
    public static final String REQUEST_ID_ATTRIBUTE = "requestId";
    private static final Logger LOG = LoggerFactory.getLogger(SqsUsageSpool.class);

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsUsageSpool(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void append(Settlement settlement) {
        try {
            sqs.sendMessage(request -> request.queueUrl(queueUrl)
                    .messageBody(settlement.toJson())
                    .messageAttributes(Map.of(REQUEST_ID_ATTRIBUTE, MessageAttributeValue.builder()
                            .dataType("String").stringValue(settlement.requestId()).build())));
        } catch (SdkException e) {
            throw new SpoolException("cannot send settlement " + settlement.requestId() + " to the usage spool queue", e);
        }
    }

    /**
     * Receives until the queue answers empty; accepted messages are deleted, declined ones become
     * visible again after the queue's visibility timeout (and reach the DLQ after its receive count),
     * unreadable ones are left for the DLQ too.
     */
    @Override
    public DrainResult drain(Predicate<Settlement> handler) {
        DrainResult result = DrainResult.EMPTY;
        while (true) {
            List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                return result;
            }
            for (Message message : messages) {
                result = result.plus(handle(message, handler));
            }
        }
    }

    private DrainResult handle(Message message, Predicate<Settlement> handler) {
        Settlement settlement;
        try {
            settlement = Settlement.fromJson(message.body());
        } catch (IllegalArgumentException e) {
            LOG.error("usage spool message {} is not a settlement ({}); left for the dead-letter queue",
                    message.messageId(), e.getMessage());
            return new DrainResult(0, 0, 1);
        }
        boolean done;
        try {
            done = handler.test(settlement);
        } catch (RuntimeException e) {
            LOG.warn("replaying request {} failed, left in the queue: {}", settlement.requestId(), e.toString());
            done = false;
        }
        if (!done) {
            return new DrainResult(0, 1, 0);
        }
        sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        return new DrainResult(1, 0, 0);
    }
}
