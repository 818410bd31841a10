package com.gaterouter.common.alerts;

/**
 * Why an alert fires: a configured threshold reached, or the linear forecast exceeding the
 * budget before the period ends. Each has its EventBridge detail-type (docs/events.md).
 */
public sealed interface AlertTrigger permits AlertTrigger.Threshold, AlertTrigger.Forecast {

    String THRESHOLD_CROSSED = "Budget Threshold Crossed";
    String EXHAUSTED = "Budget Exhausted";
    String FORECAST_EXCEEDED = "Spend Forecast Exceeded";

    /** The last part of the alert id and of the ledger key: {@code 80} or {@code forecast}. */
    String key();

    String detailType();

    /** {@code percent} of the budget reached; 100 and above is the budget exhausted. */
    record Threshold(int percent) implements AlertTrigger {
        public Threshold {
            if (percent < 1) {
                throw new IllegalArgumentException("threshold must be a positive percentage");
            }
        }

        @Override
        public String key() {
            return Integer.toString(percent);
        }

        @Override
        public String detailType() {
            return percent >= 100 ? EXHAUSTED : THRESHOLD_CROSSED;
        }
    }

    /** At the current pace, spend passes the budget before the period ends. */
    record Forecast() implements AlertTrigger {
        public static final String KEY = "forecast";

        @Override
        public String key() {
            return KEY;
        }

        @Override
        public String detailType() {
            return FORECAST_EXCEEDED;
        }
    }

    static AlertTrigger fromKey(String key) {
        return Forecast.KEY.equals(key) ? new Forecast() : new Threshold(Integer.parseInt(key));
    }
}
