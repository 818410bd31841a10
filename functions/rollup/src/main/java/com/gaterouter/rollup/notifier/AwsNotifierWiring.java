package com.gaterouter.rollup.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.snapstart.Primed;
import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.SnapStartHooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The alert notifier in AWS, from the environment template.yaml sets: the SDK clients (one shared
 * HTTP client that SnapStart priming answers in-process), {@link NotifierWiring}'s graph sending to
 * the finance SNS topic, the SnapStart hooks and the per-event EMF metric.
 */
final class AwsNotifierWiring {

    /** Reads the events (a plain mapper, as the runtime's own would). */
    static final ObjectMapper JSON = new ObjectMapper();
    /** A budget alert as the rule delivers it (a copy of events/budget-threshold-crossed.json naming nothing real). */
    static final String PRIMING_EVENT = "/snapstart/budget-threshold-crossed.json";

    private AwsNotifierWiring() {
    }

    /** The event through {@link AlertNotifier#handle}, then its metric. */
    static Optional<AlertMessage> handle(Primed<AlertNotifier> notifier, JsonNode event) {
        Optional<AlertMessage> sent = notifier.graph().handle(event);
        emit(notifier.metrics(), sent.isPresent());
        return sent;
    }

    static Primed<AlertNotifier> build(Settings settings) {
        PrimingHttpClient http = PrimingHttpClient.wrapping(UrlConnectionHttpClient.create());
        AlertNotifier notifier = notifier(settings, http);
        return new Primed<>(notifier, MetricsFactory.getMetricsInstance(), Optional.of(primingHooks(notifier, http)));
    }

    static AlertNotifier notifier(Settings settings, SdkHttpClient http) {
        var sender = new SnsAlertSender(SnsClient.builder().httpClient(http).build(), settings.required("ALERT_TOPIC_ARN"));
        return NotifierWiring.build(settings, DynamoDbClient.builder().httpClient(http).build(), sender);
    }

    /**
     * Before the SnapStart snapshot (docs/operations.md, "Cold starts"): one budget alert through
     * {@link AlertNotifier#handle}, in the priming window — the event's JSON, the roll-up and name
     * reads (DynamoDB, answered in-process with nothing), the message, the SNS Publish (answered
     * in-process: no e-mail is sent).
     */
    static SnapStartHooks primingHooks(AlertNotifier notifier, PrimingHttpClient http) {
        return SnapStartHooks.forFunction("alert-notifier", http)
                .prime("budget alert to the finance topic", () -> {
                    try (InputStream in = AwsNotifierWiring.class.getResourceAsStream(PRIMING_EVENT)) {
                        if (in == null) {
                            throw new IllegalStateException(PRIMING_EVENT + " is not on the class path");
                        }
                        if (notifier.handle(JSON.readTree(in)).isEmpty()) {
                            throw new IllegalStateException("the priming alert was not taken for an alert");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .build();
    }

    /** One EMF document per event (none when {@code metrics} is null, as in tests). */
    static void emit(Metrics metrics, boolean sent) {
        if (metrics != null) {
            metrics.flushMetrics(m -> {
                m.setDefaultDimensions(DimensionSet.of("Function", "alert-notifier"));
                m.addMetric(sent ? "AlertEmailsSent" : "AlertEventsIgnored", 1, MetricUnit.COUNT);
            });
        }
    }
}
