package com.gaterouter.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gaterouter.common.testing.AwsEmulator;
import com.gaterouter.common.testing.WithAwsEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Publishes through a real bus and proves delivery the way production consumers see it: rule → SQS target. */
@WithAwsEmulator
class EventBridgePublisherIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);

    @Test
    void everyEventReachesARuleTargetWithItsDetailTypeAndDetail(AwsEmulator aws) throws JsonProcessingException {
        try (EventBridgeClient eventBridge = aws.client(EventBridgeClient.builder());
                SqsClient sqs = aws.client(SqsClient.builder())) {
            String bus = aws.uniqueName("gaterouter-it");
            eventBridge.createEventBus(request -> request.name(bus));
            String queueUrl = sqs.createQueue(request -> request.queueName(aws.uniqueName("gaterouter-it-events")))
                    .queueUrl();
            String queueArn = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            String rule = aws.uniqueName("gaterouter-it-to-sqs");
            String ruleArn = eventBridge.putRule(request -> request.name(rule).eventBusName(bus)
                    .eventPattern("{\"source\":[\"gaterouter\"]}")).ruleArn();
            sqs.setQueueAttributes(request -> request.queueUrl(queueUrl)
                    .attributes(Map.of(QueueAttributeName.POLICY, allowRuleToSend(queueArn, ruleArn))));
            eventBridge.putTargets(request -> request.rule(rule).eventBusName(bus)
                    .targets(Target.builder().id("queue").arn(queueArn).build()));

            // 12 events: more than one PutEvents request holds
            List<GatewayEvent> events = IntStream.range(0, 12)
                    .mapToObj(i -> new GatewayEvent(i % 3 == 0 ? "Budget Exhausted" : "Budget Threshold Crossed",
                            "{\"tenantId\":\"acme\",\"scope\":\"department\",\"sequence\":" + i + "}"))
                    .toList();
            new EventBridgePublisher(eventBridge, bus).publish(events);

            List<JsonNode> delivered = receive(sqs, queueUrl, events.size());
            delivered.sort(Comparator.comparingInt(event -> event.path("detail").path("sequence").asInt()));
            assertThat(delivered).hasSize(events.size());
            for (int i = 0; i < events.size(); i++) {
                JsonNode event = delivered.get(i);
                assertThat(event.path("source").asText()).isEqualTo("gaterouter");
                assertThat(event.path("detail-type").asText()).isEqualTo(events.get(i).detailType());
                assertThat(event.path("detail")).isEqualTo(JSON.readTree(events.get(i).detailJson()));
            }
        }
    }

    /** EventBridge may deliver to the queue only with a queue policy naming the rule. */
    private static String allowRuleToSend(String queueArn, String ruleArn) {
        return """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                  "Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"%s",
                  "Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}""".formatted(queueArn, ruleArn);
    }

    /** Receives until {@code expected} messages arrived or the timeout passed; returns what arrived. */
    private static List<JsonNode> receive(SqsClient sqs, String queueUrl, int expected) throws JsonProcessingException {
        List<JsonNode> events = new ArrayList<>();
        Instant deadline = Instant.now().plus(DELIVERY_TIMEOUT);
        while (events.size() < expected && Instant.now().isBefore(deadline)) {
            List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message message : messages) {
                events.add(JSON.readTree(message.body()));
                sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return events;
    }
}
