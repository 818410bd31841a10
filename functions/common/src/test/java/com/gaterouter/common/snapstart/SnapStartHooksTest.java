package com.gaterouter.common.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SnapStartHooksTest {

    @Test
    void primingStepsRunInTheWindowThenTheResetsOutsideIt() {
        var network = new PrimingHttpClientTest.RecordingClient();
        PrimingHttpClient http = PrimingHttpClient.wrapping(network);
        List<String> order = new ArrayList<>();
        try (DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
            SnapStartHooks hooks = SnapStartHooks.forFunction("test", http)
                    .prime("read", () -> {
                        dynamo.getItem(b -> b.tableName("t").key(Map.of("pk", AttributeValue.fromS("x"))));
                        order.add("read");
                    })
                    .reset("clear", () -> {
                        order.add("clear");
                        try {
                            dynamo.getItem(b -> b.tableName("t").key(Map.of("pk", AttributeValue.fromS("x"))));
                        } catch (RuntimeException outsideTheWindow) {
                            order.add("network");
                        }
                    })
                    .build();

            List<SnapStartHooks.Outcome> outcomes = hooks.prime();

            assertThat(outcomes).extracting(SnapStartHooks.Outcome::step).containsExactly("read", "clear");
            assertThat(outcomes).allMatch(SnapStartHooks.Outcome::succeeded);
            assertThat(order).containsExactly("read", "clear", "network");
            assertThat(network.requests).isNotEmpty();
        }
    }

    @Test
    void aFailingStepIsReportedAndTheOthersStillRun() {
        SnapStartHooks hooks = SnapStartHooks.forFunction("test", PrimingHttpClient.wrapping(new PrimingHttpClientTest.RecordingClient()))
                .prime("broken", () -> {
                    throw new IllegalStateException("boom");
                })
                .prime("fine", () -> {
                })
                .build();

        List<SnapStartHooks.Outcome> outcomes = hooks.prime();

        assertThat(outcomes.get(0).succeeded()).isFalse();
        assertThat(outcomes.get(0).failure()).contains("boom");
        assertThat(outcomes.get(1).succeeded()).isTrue();
    }

    @Test
    void aRestoreReseedsTheGeneratorsFirstThenRunsTheRestoreSteps() {
        List<String> ran = new ArrayList<>();
        SnapStartHooks hooks = SnapStartHooks.forFunction("test", PrimingHttpClient.wrapping(new PrimingHttpClientTest.RecordingClient()))
                .afterRestore("refresh", () -> ran.add("refresh"))
                .build();

        List<SnapStartHooks.Outcome> outcomes = hooks.restore();

        assertThat(outcomes).extracting(SnapStartHooks.Outcome::step).containsExactly("reseed secure random generators", "refresh");
        assertThat(outcomes).allMatch(SnapStartHooks.Outcome::succeeded);
        assertThat(ran).containsExactly("refresh");
    }
}
