package com.gaterouter.admin;

import com.gaterouter.common.testing.RefusingHttpClient;
import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.admin.analytics.AnalyticsBackend;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.accounts.dynamodb.DynamoDbApiKeyStore;
import com.gaterouter.common.rollup.RollupService;
import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.SnapStartHooks;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The admin function's SnapStart priming completes every step on the production graph without reaching the network. */
class AdminPrimingTest {

    @Test
    void everyPrimingStepSucceedsWithoutReachingTheNetwork() {
        RefusingHttpClient network = new RefusingHttpClient();
        PrimingHttpClient http = PrimingHttpClient.wrapping(network);
        Clock clock = Clock.systemUTC();
        try (DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"))).build()) {
            var accounts = new DynamoDbAccountStore(dynamo, "accounts", "keys", clock);
            var usage = new DynamoDbUsageStore(dynamo, "usage", Duration.ofDays(400));
            var rollupStore = new DynamoDbRollupStore(dynamo, "rollups");
            var rollups = new RollupService(accounts, usage, rollupStore, clock, RollupService.DEFAULT_LATE_WINDOW);
            AdminApp app = new AdminApp(accounts, new DynamoDbApiKeyStore(dynamo, "keys"), clock,
                    Optional.of(new AnalyticsBackend(usage, rollupStore, Optional.of(rollups::runTenant))));

            List<SnapStartHooks.Outcome> outcomes = AdminFunction.primingHooks(app, http, clock).prime();

            assertThat(outcomes).hasSize(2).allSatisfy(outcome -> assertThat(outcome.failure()).as(outcome.step()).isNull());
            assertThat(network.requests()).isEmpty();
        }
    }
}
