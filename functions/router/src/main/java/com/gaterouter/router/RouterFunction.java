package com.gaterouter.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.gaterouter.common.api.ApiHandler;
import com.gaterouter.common.lambda.ApiGatewayMapping;
import com.gaterouter.common.snapstart.PrimingSamples;
import com.gaterouter.common.snapstart.SnapStartHooks;
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
    /** Held here: the runtime keeps registered hooks weakly. */
    private final SnapStartHooks snapStart;

    /** Lambda's constructor: wiring from the environment template.yaml sets, and its SnapStart hooks. */
    public RouterFunction() {
        this(AwsRouterWiring.build(System.getenv(), "router"));
    }

    private RouterFunction(AwsRouterWiring.AwsRouter router) {
        this.app = router.app()::handle;
        // priming also runs one API Gateway event through this handler's mapping
        this.snapStart = router.snapStart()
                .prime("API Gateway event through the handler", () -> {
                    int status = ApiGatewayMapping.toEvent(app.handle(ApiGatewayMapping.toRequest(primingEvent(), null))).getStatusCode();
                    if (status != 401) {
                        throw new IllegalStateException("expected 401 for an unknown key, the router answered " + status);
                    }
                })
                .build()
                .register();
    }

    public RouterFunction(ApiHandler app) {
        this.app = app;
        this.snapStart = null;
    }

    /** The hooks the Lambda constructor registered (empty when built around a given core). */
    java.util.Optional<SnapStartHooks> snapStart() {
        return java.util.Optional.ofNullable(snapStart);
    }

    /** A chat completion as API Gateway's proxy integration delivers it, with a key no store holds. */
    static APIGatewayProxyRequestEvent primingEvent() {
        var sample = PrimingSamples.chatCompletion(PrimingSamples.unknownApiKey(), java.time.Clock.systemUTC());
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(sample.method())
                .withPath(sample.path())
                .withResource("/v1/{proxy+}")
                .withHeaders(sample.headers())
                .withBody(new String(sample.body(), java.nio.charset.StandardCharsets.UTF_8))
                .withIsBase64Encoded(false)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(sample.requestId())
                        .withRequestTimeEpoch(sample.receivedAt().toEpochMilli()));
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, CorrelationIdPaths.API_GATEWAY_REST, event,
                () -> ApiGatewayMapping.toEvent(app.handle(ApiGatewayMapping.toRequest(event, context))));
    }
}
