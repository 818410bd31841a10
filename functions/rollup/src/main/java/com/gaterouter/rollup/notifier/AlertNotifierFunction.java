package com.gaterouter.rollup.notifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.snapstart.Primed;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;

/** The finance e-mail: template.yaml's FinanceAlertsRule sends budget alerts here; a failure throws (retried, then dead-lettered). */
public final class AlertNotifierFunction implements RequestStreamHandler {

    private final Primed<AlertNotifier> notifier;

    public AlertNotifierFunction() {
        this(AwsNotifierWiring.build(Settings.fromEnvironment()).registered());
    }

    public AlertNotifierFunction(AlertNotifier notifier, Metrics metrics) {
        this(Primed.withoutHooks(notifier, metrics));
    }

    private AlertNotifierFunction(Primed<AlertNotifier> notifier) {
        this.notifier = notifier;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = AwsNotifierWiring.JSON.readTree(input);
        PowertoolsLogging.withLogging(context, CorrelationIdPaths.EVENT_BRIDGE, event, () -> AwsNotifierWiring.handle(notifier, event));
        output.write("{}".getBytes(StandardCharsets.UTF_8));
    }
}
