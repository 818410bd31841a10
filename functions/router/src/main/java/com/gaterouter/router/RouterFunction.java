package com.gaterouter.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.gaterouter.common.api.ApiHandler;
import com.gaterouter.common.lambda.ApiGatewayMapping;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.snapstart.SnapStartHooks;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** API Gateway (REST, proxy) handler for {@code /v1/*} over {@link AwsRouterWiring}'s graph; streams are returned whole. */
public final class RouterFunction implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final ApiHandler app;
    private final SnapStartHooks snapStart; // held: the runtime keeps registered hooks weakly

    public RouterFunction() {
        AwsRouterWiring.AwsRouter router = AwsRouterWiring.build(Settings.fromEnvironment(), "router");
        this.app = router.app()::handle;
        this.snapStart = RouterPriming.addApiGatewayStep(router.snapStart(), app).build().register();
    }

    public RouterFunction(ApiHandler app) {
        this.app = app;
        this.snapStart = null;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, CorrelationIdPaths.API_GATEWAY_REST, event,
                () -> ApiGatewayMapping.toEvent(app.handle(ApiGatewayMapping.toRequest(event, context))));
    }
}
