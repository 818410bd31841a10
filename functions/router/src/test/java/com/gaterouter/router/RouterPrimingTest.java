package com.gaterouter.router;

import com.gaterouter.common.testing.RefusingHttpClient;
import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.secrets.SecretsManagerSecretsSource;
import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.SnapStartHooks;
import com.gaterouter.common.spend.spool.SqsUsageSpool;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.observability.RequestMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The router's SnapStart priming runs every step to completion on the production wiring, and
 * nothing it does reaches the network: no key lookup, ledger write, spool message or secret read
 * leaves the instance.
 */
class RouterPrimingTest {

    @Test
    void everyPrimingStepSucceedsWithoutReachingTheNetwork() {
        RefusingHttpClient network = new RefusingHttpClient();
        PrimingHttpClient http = PrimingHttpClient.wrapping(network);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));
        Map<String, String> env = Map.of("API_KEYS_TABLE", "keys", "ACCOUNTS_TABLE", "accounts", "USAGE_TABLE", "usage",
                "SPEND_TABLE", "spend", "VENDOR_KEYS_SECRET_ID", "gaterouter/test/vendor-keys",
                "USAGE_SPOOL_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/spool");
        RouterSettings settings = RouterSettings.fromEnvironment(com.gaterouter.common.settings.Settings.of(env));
        try (DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(credentials).build();
             SecretsManagerClient secretsClient = SecretsManagerClient.builder().httpClient(http).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).build();
             SqsClient sqs = SqsClient.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(credentials).build()) {
            var secrets = new SecretsManagerSecretsSource(secretsClient, settings.secretsCacheTtl());
            var spool = new SqsUsageSpool(sqs, env.get("USAGE_SPOOL_QUEUE_URL"));
            Clock clock = Clock.systemUTC();
            RouterApp app = RouterWiring.build(settings, dynamo, secrets, ModelCatalog.load(Optional.empty()), RequestMetrics.NONE, clock, spool);

            List<SnapStartHooks.Outcome> outcomes = RouterPriming.addApiGatewayStep(RouterPriming.addSteps(
                    SnapStartHooks.forFunction("router", http), app, settings, dynamo, secrets, spool, clock), app::handle).build().prime();

            assertThat(outcomes).extracting(SnapStartHooks.Outcome::step).contains("chat completion with an unknown key",
                    "messages and responses with an unknown key, their translators",
                    "spend ledger read and settle, allowance lease", "usage spool send", "secrets manager read", "forget the priming secret",
                    "API Gateway event through the handler");
            assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.failure()).as(outcome.step()).isNull());
            app.close(); // no lease was taken: closing reaches nothing either
            assertThat(network.requests()).isEmpty();
        }
    }

    @Test
    void theStreamingFunctionServesTheHookPathsTheTemplateGivesLambdaWebAdapter() throws Exception {
        var template = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(com.gaterouter.common.testing.RepositoryRoot.template().toFile());
        var variables = template.path("Resources").path("RouterStreamingFunction").path("Properties").path("Environment").path("Variables");

        assertThat(variables.path("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH").asText()).isEqualTo(StreamingSnapStart.BEFORE_CHECKPOINT);
        assertThat(variables.path("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH").asText()).isEqualTo(StreamingSnapStart.AFTER_RESTORE);
    }

    @Test
    void theHookRoutesTakePostOnlyAndAnswerWithTheSteps() {
        List<String> ran = new ArrayList<>();
        SnapStartHooks hooks = SnapStartHooks.forFunction("router-streaming", PrimingHttpClient.wrapping(new RefusingHttpClient()))
                .prime("step", () -> ran.add("prime"))
                .afterRestore("again", () -> ran.add("restore"))
                .build();
        var now = java.time.Instant.now();

        var before = StreamingSnapStart.hook(hooks,
                new com.gaterouter.common.api.ApiRequest("POST", StreamingSnapStart.BEFORE_CHECKPOINT, Map.of(), Map.of(), null, "r1", now));
        var after = StreamingSnapStart.hook(hooks,
                new com.gaterouter.common.api.ApiRequest("POST", StreamingSnapStart.AFTER_RESTORE, Map.of(), Map.of(), null, "r2", now));
        var get = StreamingSnapStart.hook(hooks,
                new com.gaterouter.common.api.ApiRequest("GET", StreamingSnapStart.BEFORE_CHECKPOINT, Map.of(), Map.of(), null, "r3", now));
        var other = StreamingSnapStart.hook(hooks,
                new com.gaterouter.common.api.ApiRequest("POST", "/snapstart/other", Map.of(), Map.of(), null, "r4", now));

        assertThat(ran).containsExactly("prime", "restore");
        assertThat(((com.gaterouter.common.api.ApiResponse.Buffered) before).status()).isEqualTo(200);
        assertThat(new String(((com.gaterouter.common.api.ApiResponse.Buffered) before).body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"step\":\"step\"", "\"succeeded\":true");
        assertThat(((com.gaterouter.common.api.ApiResponse.Buffered) after).status()).isEqualTo(200);
        assertThat(((com.gaterouter.common.api.ApiResponse.Buffered) get).status()).isEqualTo(405);
        assertThat(((com.gaterouter.common.api.ApiResponse.Buffered) other).status()).isEqualTo(404);
    }
}
