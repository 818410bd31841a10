package com.gaterouter.admin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.gaterouter.console.ConsoleAssets;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.snapstart.SnapStartHooks;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** API Gateway handler for {@code /admin/v1/*} and the console's pages ({@code /console/*}) over {@link AwsAdminWiring}'s graph; a SigV4 (IAM) caller is a platform admin. */
public final class AdminFunction implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final AdminApp app;
    private final ConsoleAssets console = ConsoleAssets.bundled(false); // API Gateway carries text bodies uncompressed
    private final SnapStartHooks snapStart; // held: the runtime keeps registered hooks weakly

    public AdminFunction() {
        this(AwsAdminWiring.build(Settings.fromEnvironment()));
    }

    private AdminFunction(AwsAdminWiring.AwsAdmin admin) {
        this.app = admin.app();
        this.snapStart = admin.snapStart().register();
    }

    public AdminFunction(AdminApp app) {
        this.app = app;
        this.snapStart = null;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, CorrelationIdPaths.API_GATEWAY_REST, event,
                () -> AwsAdminWiring.answer(app, console, event, context));
    }
}
