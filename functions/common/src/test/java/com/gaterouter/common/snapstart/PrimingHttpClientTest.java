package com.gaterouter.common.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.events.EventBridgePublisher;
import com.gaterouter.common.events.GatewayEvent;
import com.gaterouter.common.spend.spool.SqsUsageSpool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Inside the priming window the SDK's real pipeline runs and gets valid answers, and nothing reaches the network; outside, everything does. */
class PrimingHttpClientTest {

    /** The real client's stand-in: records what reaches it and refuses to answer. */
    static final class RecordingClient implements SdkHttpClient {
        final List<String> requests = new ArrayList<>();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            requests.add(request.httpRequest().method() + " " + request.httpRequest().getUri());
            throw new IllegalStateException("the network is not reachable in this test");
        }

        @Override
        public void close() {
        }
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));

    @Test
    void inThePrimingWindowDynamoDbCallsAreAnsweredInProcessAndNothingIsSent() {
        RecordingClient network = new RecordingClient();
        PrimingHttpClient http = PrimingHttpClient.wrapping(network);
        try (DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).build()) {
            var item = http.priming(() -> dynamo.getItem(b -> b.tableName("t").key(Map.of("pk", AttributeValue.fromS("x")))));
            var query = http.priming(() -> dynamo.query(b -> b.tableName("t").keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("x")))));

            assertThat(item.hasItem()).isFalse();
            assertThat(query.items()).isEmpty();
            assertThat(network.requests).isEmpty();
        }
    }

    @Test
    void outsideTheWindowEveryRequestGoesToTheRealClient() {
        RecordingClient network = new RecordingClient();
        PrimingHttpClient http = PrimingHttpClient.wrapping(network);
        try (DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD)).build()) {
            http.priming(() -> dynamo.getItem(b -> b.tableName("t").key(Map.of("pk", AttributeValue.fromS("x")))));
            try {
                dynamo.getItem(b -> b.tableName("t").key(Map.of("pk", AttributeValue.fromS("x"))));
            } catch (RuntimeException expected) {
                // the stand-in refuses
            }
            assertThat(network.requests).isNotEmpty().allMatch(r -> r.startsWith("POST https://dynamodb.us-east-1.amazonaws.com"));
        }
    }

    @Test
    void sqsRepliesCarryTheDigestsTheSdkChecks() {
        RecordingClient network = new RecordingClient();
        PrimingHttpClient http = PrimingHttpClient.wrapping(network);
        try (SqsClient sqs = SqsClient.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).build()) {
            SqsUsageSpool spool = new SqsUsageSpool(sqs, "https://sqs.us-east-1.amazonaws.com/000000000000/spool");

            http.priming(() -> {
                spool.append(PrimingSamples.settlement(Clock.systemUTC()));
                return null;
            });

            assertThat(network.requests).isEmpty();
        }
    }

    @Test
    void eventBridgePutEventsIsAcceptedAsPublished() {
        RecordingClient network = new RecordingClient();
        PrimingHttpClient http = PrimingHttpClient.wrapping(network);
        try (EventBridgeClient events = EventBridgeClient.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).build()) {
            EventBridgePublisher publisher = new EventBridgePublisher(events, "gaterouter-test");

            http.priming(() -> {
                publisher.publish(List.of(new GatewayEvent("SnapStart Priming", "{}")));
                return null;
            });

            assertThat(network.requests).isEmpty();
        }
    }
}
