package com.gaterouter.rollup.notifier;

import com.gaterouter.rollup.alerts.BudgetAlert;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one alert event into the finance e-mail: looks up where the money went, composes the
 * message and sends it. A breakdown that cannot be read does not hold the e-mail back (it says so
 * in the message); a send that fails throws, so the invocation fails and is retried.
 */
public final class AlertNotifier {

    public static final int TOP = 5;
    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);

    private final SpendBreakdownSource breakdowns;
    private final AlertMessageComposer composer;
    private final AlertSender sender;

    public AlertNotifier(SpendBreakdownSource breakdowns, AlertMessageComposer composer, AlertSender sender) {
        this.breakdowns = Objects.requireNonNull(breakdowns, "breakdowns");
        this.composer = Objects.requireNonNull(composer, "composer");
        this.sender = Objects.requireNonNull(sender, "sender");
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
