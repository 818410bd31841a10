package com.gaterouter.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.gaterouter.common.api.ApiHandler;
import com.gaterouter.common.lambda.ApiGatewayMapping;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The API Gateway (REST, proxy integration) handler for {@code /v1/*}. Thin: the object graph is
 * built once per execution environment; each invocation maps the event, calls the core and maps
 * the answer back. Streams are returned whole (proxy integrations buffer); the streaming
 * deployment serves the same core through {@link com.gaterouter.common.http.GatewayHttpServer}.
 */
public final class RouterFunction implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final ApiHandler app;

    /** Lambda's constructor: wiring from the environment template.yaml sets. */
    public RouterFunction() {
        this(buildFromEnvironment());
    }

    public RouterFunction(ApiHandler app) {
        this.app = app;
    }

    private static ApiHandler buildFromEnvironment() {
        return AwsRouterWiring.build(System.getenv())::handle;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, CorrelationIdPaths.API_GATEWAY_REST, event,
                () -> ApiGatewayMapping.toEvent(app.handle(ApiGatewayMapping.toRequest(event, context))));
    }
}
