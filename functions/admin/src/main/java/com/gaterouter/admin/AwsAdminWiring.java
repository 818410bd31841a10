package com.gaterouter.admin;

import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.lambda.ApiGatewayMapping;
import com.gaterouter.console.ConsoleAssets;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.gaterouter.admin.http.PageTokens;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.lambda.ApiGatewayMapping;
import com.gaterouter.common.secrets.SecretsManagerSecretsSource;
import com.gaterouter.common.secrets.SecretsSource;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.PrimingSamples;
import com.gaterouter.common.snapstart.SnapStartHooks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The admin API in AWS, from the environment template.yaml sets: the SDK clients (one shared HTTP
 * client that SnapStart priming answers in-process), {@link AdminWiring}'s graph, the page-token
 * key from Secrets Manager, the SnapStart hooks and the per-request EMF metric.
 */
final class AwsAdminWiring {

    /** The Secrets Manager secret whose {@code key} field signs the admin lists' {@code nextToken}s. */
    static final String PAGE_TOKEN_SECRET_ENV = "PAGE_TOKEN_SECRET_ID";

    private static final Metrics METRICS = MetricsFactory.getMetricsInstance();
    private static final Logger LOG = LogManager.getLogger(AwsAdminWiring.class);

    private AwsAdminWiring() {
    }

    /** The admin API and its SnapStart hooks (registered by the caller). */
    record AwsAdmin(AdminApp app, SnapStartHooks snapStart) {
    }

    static AwsAdmin build(Settings settings) {
        PrimingHttpClient http = PrimingHttpClient.wrapping(UrlConnectionHttpClient.create());
        Clock clock = Clock.systemUTC();
        AdminApp app = AdminWiring.build(settings, DynamoDbClient.builder().httpClient(http).build(), clock,
                pageTokens(settings, http));
        return new AwsAdmin(app, primingHooks(app, http, clock));
    }

    /**
     * Before the SnapStart snapshot (docs/operations.md, "Cold starts"): an admin call with a random
     * key, once straight into the core and once as API Gateway delivers it through the handler's
     * mapping — the key lookup (DynamoDB GetItem, answered in-process "no such key"), routing and
     * the 401 answer's JSON. Nothing is read or written; after a restore the id and key generators
     * are reseeded.
     */
    static SnapStartHooks primingHooks(AdminApp app, PrimingHttpClient http, Clock clock) {
        return SnapStartHooks.forFunction("admin", http)
                .prime("admin call with an unknown key", () ->
                        requireUnauthorized(app.handle(PrimingSamples.createDepartment(PrimingSamples.unknownApiKey(), clock), Optional.empty())))
                .prime("API Gateway event through the handler", () -> {
                    var sample = PrimingSamples.createDepartment(PrimingSamples.unknownApiKey(), clock);
                    var event = new APIGatewayProxyRequestEvent()
                            .withHttpMethod(sample.method()).withPath(sample.path()).withResource("/admin/v1/{proxy+}")
                            .withHeaders(sample.headers()).withBody(new String(sample.body(), StandardCharsets.UTF_8))
                            .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId(sample.requestId())
                                    .withRequestTimeEpoch(sample.receivedAt().toEpochMilli()));
                    int status = ApiGatewayMapping.toEvent(app.handle(ApiGatewayMapping.toRequest(event, null),
                            iamCaller(event))).getStatusCode();
                    if (status != 401) {
                        throw new IllegalStateException("expected 401 for an unknown admin key, the admin API answered " + status);
                    }
                })
                .build();
    }

    private static void requireUnauthorized(ApiResponse response) {
        if (!(response instanceof ApiResponse.Buffered buffered) || buffered.status() != 401) {
            throw new IllegalStateException("expected 401 for an unknown admin key, the admin API answered " + response);
        }
    }

    /**
     * The {@code nextToken} key every execution environment shares: the {@code key} field of the
     * secret template.yaml generates ({@value #PAGE_TOKEN_SECRET_ENV}). Read on the first list, not
     * at init (the snapshot holds no key, and calls that list nothing never fetch it), then cached
     * for an hour, so a rotated key takes effect within the hour.
     */
    static PageTokens pageTokens(Settings settings, PrimingHttpClient http) {
        String secretId = settings.required(PAGE_TOKEN_SECRET_ENV);
        SecretsSource secrets = new SecretsManagerSecretsSource(SecretsManagerClient.builder().httpClient(http).build(),
                Duration.ofHours(1));
        return PageTokens.withKeyFrom(() -> {
            String key = secrets.secretFields(secretId)
                    .map(fields -> fields.get("key"))
                    .orElseThrow(() -> new IllegalStateException("secret " + secretId + " is missing or has no 'key' field"));
            return key.getBytes(StandardCharsets.UTF_8);
        });
    }

    /** The IAM principal API Gateway authenticated ({@code requestContext.identity.userArn}), if the route uses IAM authorization. */
    static Optional<String> iamCaller(APIGatewayProxyRequestEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getIdentity() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(context.getIdentity().getUserArn()).filter(arn -> !arn.isBlank());
    }

    /**
     * One API Gateway event answered: the console's pages ({@code /console/*}) by {@code console},
     * everything else by the admin API, counted.
     */
    static APIGatewayProxyResponseEvent answer(AdminApp app, ConsoleAssets console, APIGatewayProxyRequestEvent event,
                                               com.amazonaws.services.lambda.runtime.Context context) {
        ApiRequest request = ApiGatewayMapping.toRequest(event, context);
        return counted(ApiGatewayMapping.toEvent(ConsoleAssets.owns(request.path())
                ? console.handle(request) : app.handle(request, iamCaller(event))));
    }

    /**
     * {@code response}, after its EMF document (one per request); a metrics failure never turns a
     * change that happened into an error.
     */
    static APIGatewayProxyResponseEvent counted(APIGatewayProxyResponseEvent response) {
        int status = response.getStatusCode();
        try {
            METRICS.flushMetrics(m -> {
                m.setDefaultDimensions(DimensionSet.of("Route", "admin", "StatusClass", (status / 100) + "xx"));
                m.addMetric("AdminRequests", 1, MetricUnit.COUNT);
            });
        } catch (RuntimeException e) {
            LOG.warn("could not emit the request metric: {}", e.toString());
        }
        return response;
    }
}
