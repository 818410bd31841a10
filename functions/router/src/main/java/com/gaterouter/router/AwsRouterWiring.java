package com.gaterouter.router;

import com.gaterouter.common.secrets.SecretsManagerSecretsSource;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.SnapStartHooks;
import com.gaterouter.common.spend.spool.SqsUsageSpool;
import com.gaterouter.common.spend.spool.UsageSpool;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.observability.EmfRequestMetrics;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * The router's graph in AWS, from the environment template.yaml sets: the same for the API Gateway
 * handler and the streaming (Lambda Web Adapter) deployment.
 */
final class AwsRouterWiring {

    static final String SPOOL_QUEUE_ENV = "USAGE_SPOOL_QUEUE_URL";

    private AwsRouterWiring() {
    }

    /** The router and, for SnapStart, its priming and restore hooks (registered by the caller). */
    record AwsRouter(RouterApp app, SnapStartHooks.Builder snapStart) {
    }

    static AwsRouter build(Settings env, String function) {
        RouterSettings settings = RouterSettings.fromEnvironment(env);
        // every SDK client shares one HTTP client; SnapStart priming answers their calls in-process
        PrimingHttpClient httpClient = PrimingHttpClient.wrapping(UrlConnectionHttpClient.create());
        Clock clock = Clock.systemUTC();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(httpClient).build();
        var secrets = new SecretsManagerSecretsSource(SecretsManagerClient.builder().httpClient(httpClient).build(),
                settings.secretsCacheTtl());
        UsageSpool spool = spool(settings, env, httpClient);
        RouterApp app = RouterWiring.build(settings, AllowanceSettings.fromEnvironment(env), dynamo, secrets,
                ModelCatalog.load(settings.catalogOverride()), new EmfRequestMetrics(MetricsFactory.getMetricsInstance()), clock, spool,
                Optional.empty());
        // leases go back on shutdown (SIGTERM: the streaming process, or Lambda with an extension); otherwise they expire
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "router-shutdown"));
        return new AwsRouter(app, RouterPriming.addSteps(SnapStartHooks.forFunction(function, httpClient), app, settings, dynamo,
                secrets, spool, clock));
    }

    /** Usage that cannot be settled waits in SQS, durable beyond this execution environment; a Lambda /tmp file would not be. */
    static UsageSpool spool(RouterSettings settings, Settings env, SdkHttpClient httpClient) {
        if (settings.spendTable().isEmpty()) {
            return null;
        }
        String queueUrl = env.optional(SPOOL_QUEUE_ENV).orElseThrow(() -> new IllegalStateException(SPOOL_QUEUE_ENV
                + " is not set (template.yaml sets it): without it, usage that cannot be written would be lost"));
        return new SqsUsageSpool(SqsClient.builder().httpClient(httpClient).build(), queueUrl);
    }

    /** The streaming process's port: Lambda Web Adapter's {@code AWS_LWA_PORT}, else {@code PORT}, else 8080. */
    static int port(Settings env) {
        return (int) env.number("AWS_LWA_PORT", env.number("PORT", 8080, 0, 65_535), 0, 65_535);
    }
}
