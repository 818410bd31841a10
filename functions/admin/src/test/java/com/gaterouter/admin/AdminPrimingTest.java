package com.gaterouter.admin;

import com.gaterouter.common.testing.RefusingHttpClient;
import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.SnapStartHooks;
import com.gaterouter.admin.http.PageTokens;
import com.gaterouter.common.settings.Settings;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.List;
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
            Settings settings = Settings.of(Map.of("ACCOUNTS_TABLE", "accounts", "API_KEYS_TABLE", "keys", "USAGE_TABLE", "usage",
                    "ROLLUPS_TABLE", "rollups", "SPEND_TABLE", "spend"));
            AdminApp app = AdminWiring.build(settings, dynamo, clock, PageTokens.random(new SecureRandom()));

            List<SnapStartHooks.Outcome> outcomes = AwsAdminWiring.primingHooks(app, http, clock).prime();

            assertThat(outcomes).hasSize(2).allSatisfy(outcome -> assertThat(outcome.failure()).as(outcome.step()).isNull());
            assertThat(network.requests()).isEmpty();
        }
    }
}
