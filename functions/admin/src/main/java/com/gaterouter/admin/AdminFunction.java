package com.gaterouter.admin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.api.ApiHandler;
import com.gaterouter.common.lambda.ApiGatewayMapping;
import com.gaterouter.common.tables.GatewayTable;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** API Gateway handler for {@code /admin/v1/*}: maps the event, calls {@link AdminApp}, maps back. */
public final class AdminFunction implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final Metrics METRICS = MetricsFactory.getMetricsInstance();

    private final ApiHandler app;

    public AdminFunction() {
        this(buildFromEnvironment());
    }

    public AdminFunction(ApiHandler app) {
        this.app = app;
    }

    private static ApiHandler buildFromEnvironment() {
        String table = System.getenv(GatewayTable.ACCOUNTS.environmentVariable());
        if (table == null || table.isBlank()) {
            throw new IllegalStateException(GatewayTable.ACCOUNTS.environmentVariable() + " is not set (template.yaml sets it)");
        }
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        return new AdminApp(new DynamoDbAccountStore(dynamo, table))::handle;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, CorrelationIdPaths.API_GATEWAY_REST, event, () -> {
            APIGatewayProxyResponseEvent response = ApiGatewayMapping.toEvent(app.handle(ApiGatewayMapping.toRequest(event, context)));
            int status = response.getStatusCode();
            METRICS.flushMetrics(m -> {
                m.setDefaultDimensions(DimensionSet.of("Route", "admin", "StatusClass", (status / 100) + "xx"));
                m.addMetric("AdminRequests", 1, MetricUnit.COUNT);
            });
            return response;
        });
    }
}
