package com.gaterouter.common.settings;

import com.gaterouter.common.rollup.RollupService;
import com.gaterouter.common.tables.GatewayTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one reader of a function's environment: every wiring (router, admin, roll-up, notifier,
 * replay) and the local gateway read their variables here, each variable parsed in one place.
 * Read once at init, never per request. A missing required variable fails with
 * {@link IllegalStateException} naming it (a deployment error: template.yaml sets it); a
 * malformed or out-of-range value fails with {@link IllegalArgumentException} naming the variable,
 * the value and what it should be. A blank value counts as unset.
 */
public final class Settings {

    /** How long usage records live (their DynamoDB TTL), in days. */
    public static final String USAGE_RETENTION_DAYS = "USAGE_RETENTION_DAYS";
    public static final Duration DEFAULT_USAGE_RETENTION = Duration.ofDays(400);
    /** How far back each roll-up pass re-reads usage for late records, in minutes. */
    public static final String ROLLUP_LATE_WINDOW_MINUTES = "ROLLUP_LATE_WINDOW_MINUTES";

    private final Map<String, String> env;

    private Settings(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** Settings read from {@code env} (tests and the local gateway pass their own map). */
    public static Settings of(Map<String, String> env) {
        return new Settings(env);
    }

    /** This process's environment: what template.yaml sets in Lambda. */
    public static Settings fromEnvironment() {
        return new Settings(processEnvironment());
    }

    /**
     * The process's environment as a map, for an entry point that hands it on whole (the local
     * gateway's command line and vendor keys): the one place production code reads it.
     */
    public static Map<String, String> processEnvironment() {
        return System.getenv();
    }

    /**
     * These settings with each table's variable set to its name: how the local gateway, whose
     * tables come from the template rather than the environment, hands them to the same wirings.
     */
    public Settings withTables(Map<GatewayTable, String> tables) {
        Map<String, String> merged = new HashMap<>(env);
        tables.forEach((table, name) -> merged.put(table.environmentVariable(), name));
        return new Settings(merged);
    }

    /** The value of {@code name}, trimmed; empty when it is unset or blank. */
    public Optional<String> optional(String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** The value of {@code name}; fails naming it when it is unset or blank. */
    public String required(String name) {
        return optional(name).orElseThrow(() ->
                new IllegalStateException("environment variable " + name + " is not set (template.yaml sets it)"));
    }

    /** The deployed name of {@code table}, from its environment variable (required). */
    public String table(GatewayTable table) {
        return required(table.environmentVariable());
    }

    /** {@value #USAGE_RETENTION_DAYS}: at least one day, 400 by default. */
    public Duration usageRetention() {
        return Duration.ofDays(number(USAGE_RETENTION_DAYS, DEFAULT_USAGE_RETENTION.toDays(), 1, 36_500));
    }

    /** {@value #ROLLUP_LATE_WINDOW_MINUTES}: 0 to 7 days, {@link RollupService#DEFAULT_LATE_WINDOW} by default. */
    public Duration rollupLateWindow() {
        return Duration.ofMinutes(number(ROLLUP_LATE_WINDOW_MINUTES, RollupService.DEFAULT_LATE_WINDOW.toMinutes(), 0,
                Duration.ofDays(7).toMinutes()));
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when unset. */
    public long number(String name, long fallback, long min, long max) {
        return optionalNumber(name, min, max).orElse(fallback);
    }

    /** A whole number from {@code min} to {@code max}; empty when unset. */
    public Optional<Long> optionalNumber(String name, long min, long max) {
        return optional(name).map(value -> whole(name, value, min, max, ""));
    }

    /** A number (decimals allowed) from {@code min} to {@code max}; {@code fallback} when unset. */
    public double decimal(String name, double fallback, double min, double max) {
        return optional(name).map(value -> {
            double number;
            try {
                number = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, not '" + value + "'");
            }
            if (!(number >= min && number <= max)) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
            }
            return number;
        }).orElse(fallback);
    }

    /** Whole seconds from {@code min} to {@code max}; {@code fallback} when unset. */
    public Duration seconds(String name, Duration fallback, long min, long max) {
        return optionalSeconds(name, min, max).orElse(fallback);
    }

    /** Whole seconds from {@code min} to {@code max}; empty when unset. */
    public Optional<Duration> optionalSeconds(String name, long min, long max) {
        return optional(name).map(value -> Duration.ofSeconds(whole(name, value, min, max, " seconds")));
    }

    private static long whole(String name, String value, long min, long max, String unit) {
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number" + (unit.isEmpty() ? "" : " of" + unit)
                    + ", not '" + value + "'");
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + unit + ", not " + number);
        }
        return number;
    }

    /** An on/off switch: on, true, 1 or off, false, 0 (any case); {@code fallback} when unset. */
    public boolean onOff(String name, boolean fallback) {
        return optional(name).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true", "1" -> true;
            case "off", "false", "0" -> false;
            default -> throw new IllegalArgumentException(name + " is on or off, not " + value);
        }).orElse(fallback);
    }
}
