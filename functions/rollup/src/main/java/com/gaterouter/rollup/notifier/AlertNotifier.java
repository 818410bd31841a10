package com.gaterouter.rollup.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.events.GatewayEvent;
import com.gaterouter.common.alerts.AlertTrigger;
import com.gaterouter.rollup.alerts.BudgetAlert;
import com.gaterouter.rollup.alerts.BudgetAlertJson;
import com.gaterouter.rollup.alerts.WeeklyDigest;
import com.gaterouter.rollup.alerts.WeeklyDigestJson;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.rollup.Granularity;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one alert event (or weekly digest) into the finance e-mail: looks up where the money went, composes the
 * message and sends it. A breakdown that cannot be read does not hold the e-mail back (it says so
 * in the message); a send that fails throws, so the invocation fails and is retried.
 */
public final class AlertNotifier {

    public static final int TOP = 5;
    /** The alerts' detail-types on the gateway's bus (the rule in template.yaml sends these here). */
    static final Set<String> DETAIL_TYPES = Set.of(AlertTrigger.THRESHOLD_CROSSED, AlertTrigger.EXHAUSTED,
            AlertTrigger.FORECAST_EXCEEDED, WeeklyDigest.DETAIL_TYPE);
    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);

    private final SpendBreakdownSource breakdowns;
    private final AlertMessageComposer composer;
    private final WeeklyDigestComposer digests = new WeeklyDigestComposer();
    private final AlertSender sender;

    public AlertNotifier(SpendBreakdownSource breakdowns, AlertMessageComposer composer, AlertSender sender) {
        this.breakdowns = Objects.requireNonNull(breakdowns, "breakdowns");
        this.composer = Objects.requireNonNull(composer, "composer");
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /** Whether events of {@code detailType} are budget alerts, what this notifier handles (the rule's filter). */
    public static boolean handles(String detailType) {
        return DETAIL_TYPES.contains(detailType);
    }

    /**
     * Handles one EventBridge event (the envelope with {@code source}, {@code detail-type} and
     * {@code detail}); the message sent, or empty when the event is not an alert (logged: retrying
     * cannot fix it).
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
        if (WeeklyDigest.DETAIL_TYPE.equals(detailType)) {
            return Optional.of(notify(WeeklyDigestJson.fromNode(event.path("detail"))));
        }
        return Optional.of(notify(BudgetAlertJson.fromNode(detailType, event.path("detail"))));
    }

    /** The weekly digest e-mail of a department: the week's top users and models from the roll-ups' days. */
    public AlertMessage notify(WeeklyDigest digest) {
        SpendBreakdown breakdown;
        try {
            breakdown = breakdowns.breakdown(digest.tenantId(), BudgetScope.DEPARTMENT, digest.departmentId(), Granularity.DAY,
                    digest.week().start().toString(), digest.week().end().toString(), TOP);
        } catch (RuntimeException e) {
            LOG.warn("top spenders for digest {} could not be read; sending without them: {}", digest.digestId(), e.toString());
            breakdown = SpendBreakdown.unavailable("the roll-ups could not be read");
        }
        AlertMessage message = digests.compose(digest, breakdown);
        sender.send(digest.digestId(), digest.tenantId(), BudgetScope.DEPARTMENT, WeeklyDigest.DETAIL_TYPE, message);
        LOG.info("sent {} {} to {} listed recipients", WeeklyDigest.DETAIL_TYPE, digest.digestId(), message.recipients().size());
        return message;
    }

    public AlertMessage notify(BudgetAlert alert) {
        SpendBreakdown breakdown;
        try {
            breakdown = breakdowns.breakdown(alert, TOP);
        } catch (RuntimeException e) {
            LOG.warn("top spenders for alert {} could not be read; sending without them: {}", alert.alertId(), e.toString());
            breakdown = SpendBreakdown.unavailable("the roll-ups could not be read");
        }
        AlertMessage message = composer.compose(alert, breakdown);
        sender.send(alert, message);
        LOG.info("sent {} {} to {} listed recipients", alert.detailType(), alert.alertId(), message.recipients().size());
        return message;
    }
}
