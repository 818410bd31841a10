package com.gaterouter.rollup.notifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.events.GatewayEvent;
import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.SnapStartHooks;
import com.gaterouter.rollup.alerts.AlertTrigger;
import com.gaterouter.rollup.alerts.BudgetAlert;
import com.gaterouter.rollup.alerts.BudgetAlertJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The finance e-mail: an EventBridge rule on the gateway's bus sends every budget alert here
 * (template.yaml, {@code FinanceAlertsRule}); this turns it into a message on the finance SNS topic.
 *
 * <p>EventBridge invokes asynchronously. A failure (SNS down, a throttled read) throws, so Lambda
 * retries the event twice and then sends it to the alert dead-letter queue, the same queue where
 * EventBridge puts events it could not deliver at all: an alert is never silently lost. An event
 * that is not an alert (wrong source or detail-type) is logged and acknowledged — retrying cannot
 * fix it; a malformed alert fails, so it ends in the dead-letter queue for a person to look at.
 */
public final class AlertNotifierFunction implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifierFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> DETAIL_TYPES =
            Set.of(AlertTrigger.THRESHOLD_CROSSED, AlertTrigger.EXHAUSTED, AlertTrigger.FORECAST_EXCEEDED);

    /** A budget alert as the rule delivers it (a copy of events/budget-threshold-crossed.json naming nothing real). */
    static final String PRIMING_EVENT = "/snapstart/budget-threshold-crossed.json";

    private final AlertNotifier notifier;
    private final Metrics metrics;
    /** Held here: the runtime keeps registered hooks weakly. */
    private final SnapStartHooks snapStart;

    /** Lambda's constructor: wiring from the environment template.yaml sets, once per execution environment, and its SnapStart hooks. */
    public AlertNotifierFunction() {
        PrimingHttpClient http = PrimingHttpClient.wrapping(UrlConnectionHttpClient.create());
        this.notifier = fromEnvironment(System.getenv(), http);
        this.metrics = MetricsFactory.getMetricsInstance();
        this.snapStart = primingHooks(this, http).register();
    }

    public AlertNotifierFunction(AlertNotifier notifier, Metrics metrics) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.metrics = metrics;
        this.snapStart = null;
    }

    /** The hooks the Lambda constructor registered (empty when built around a given notifier). */
    Optional<SnapStartHooks> snapStart() {
        return Optional.ofNullable(snapStart);
    }

    /**
     * Before the SnapStart snapshot (docs/operations.md, "Cold starts"): one budget alert through
     * {@link #handle}, in the priming window — the event's JSON, the roll-up and name reads
     * (DynamoDB, answered in-process with nothing), the message, the SNS Publish (answered
     * in-process: no e-mail is sent).
     */
    static SnapStartHooks primingHooks(AlertNotifierFunction function, PrimingHttpClient http) {
        return SnapStartHooks.forFunction("alert-notifier", http)
                .prime("budget alert to the finance topic", () -> {
                    try (InputStream in = AlertNotifierFunction.class.getResourceAsStream(PRIMING_EVENT)) {
                        if (in == null) {
                            throw new IllegalStateException(PRIMING_EVENT + " is not on the class path");
                        }
                        if (function.handle(JSON.readTree(in)).isEmpty()) {
                            throw new IllegalStateException("the priming alert was not taken for an alert");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .build();
    }

    static AlertNotifier fromEnvironment(Map<String, String> env, software.amazon.awssdk.http.SdkHttpClient http) {
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).build();
        SnsClient sns = SnsClient.builder().httpClient(http).build();
        var accounts = new DynamoDbAccountStore(dynamo, required(env, "ACCOUNTS_TABLE"), required(env, "API_KEYS_TABLE"));
        return new AlertNotifier(new RollupSpendBreakdown(new DynamoDbRollupStore(dynamo, required(env, "ROLLUPS_TABLE")), accounts),
                new AlertMessageComposer(), new SnsAlertSender(sns, required(env, "ALERT_TOPIC_ARN")));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        PowertoolsLogging.withLogging(context, CorrelationIdPaths.EVENT_BRIDGE, event, () -> {
            Optional<AlertMessage> sent = handle(event);
            if (metrics != null) {
                metrics.flushMetrics(m -> {
                    m.setDefaultDimensions(DimensionSet.of("Function", "alert-notifier"));
                    m.addMetric(sent.isPresent() ? "AlertEmailsSent" : "AlertEventsIgnored", 1, MetricUnit.COUNT);
                });
            }
            return null;
        });
        try {
            output.write("{}".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Handles one EventBridge event (the envelope with {@code source}, {@code detail-type} and
     * {@code detail}); the message sent, or empty when the event is not an alert.
     *
     * @throws IllegalArgumentException when it claims to be an alert but its detail is not one
     */
    public Optional<AlertMessage> handle(JsonNode event) {
        String source = event.path("source").asText();
        String detailType = event.path("detail-type").asText();
        if (!GatewayEvent.SOURCE.equals(source) || !DETAIL_TYPES.contains(detailType)) {
            LOG.warn("ignoring event {} from {} of detail-type {}: not a budget alert", event.path("id").asText(), source,
                    detailType);
            return Optional.empty();
        }
        BudgetAlert alert = BudgetAlertJson.fromNode(detailType, event.path("detail"));
        return Optional.of(notifier.notify(alert));
    }
}
