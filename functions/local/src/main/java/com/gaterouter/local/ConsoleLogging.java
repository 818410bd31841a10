package com.gaterouter.local;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.MDC;

/**
 * The local gateway's console log: one short line per event on stderr,
 * {@code HH:mm:ss.SSS LEVEL [correlation id] Logger - message}, GateRouter's loggers at
 * {@code GATEROUTER_LOG_LEVEL} (or {@code -Dgaterouter.logLevel}; INFO by default) and everything
 * else (DynamoDB Local, Jetty, the AWS SDK) at WARN.
 *
 * <p>The local jar logs through the JDK's {@code java.util.logging} (SLF4J's {@code slf4j-jdk14},
 * and {@code log4j-to-slf4j} for DynamoDB Local's Log4j API calls): it is already initialised in
 * every JVM, where Log4j Core's start-up (plugins, lookups, configuration) cost more CPU than any
 * other single step of the gateway's start. The Lambda functions keep Log4j Core and Powertools'
 * JSON layout.
 */
public final class ConsoleLogging {

    static final String LEVEL_PROPERTY = "gaterouter.logLevel";
    static final String LEVEL_VARIABLE = "GATEROUTER_LOG_LEVEL";
    private static final String CORRELATION_ID = "correlation_id";

    /**
     * DynamoDB Local logs every request it refuses at WARN with a stack trace, although a refused
     * condition (an idempotent insert that finds its item, a settlement already made) is an
     * ordinary answer the gateway handles; its real failures stay visible at ERROR.
     */
    static final String DYNAMODB_LOCAL_HANDLER = "com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler";

    /** java.util.logging keeps loggers weakly: these hold the configured levels for the JVM's lifetime. */
    private static Logger root;
    private static Logger gaterouter;
    private static Logger dynamoDbLocalHandler;

    private ConsoleLogging() {
    }

    /** Configures the console once, before anything logs; later calls change the level only. */
    public static synchronized void configure(Map<String, String> env) {
        Level level = level(System.getProperty(LEVEL_PROPERTY, env.getOrDefault(LEVEL_VARIABLE, "INFO")));
        if (root == null) {
            root = Logger.getLogger("");
            for (Handler handler : root.getHandlers()) {
                root.removeHandler(handler);
            }
            ConsoleHandler console = new ConsoleHandler(); // stderr
            console.setLevel(Level.ALL);
            console.setFormatter(new OneLine());
            root.addHandler(console);
            root.setLevel(Level.WARNING);
            gaterouter = Logger.getLogger("com.gaterouter");
            dynamoDbLocalHandler = Logger.getLogger(DYNAMODB_LOCAL_HANDLER);
            dynamoDbLocalHandler.setLevel(Level.SEVERE);
        }
        gaterouter.setLevel(level);
    }

    /** SLF4J level names (and java.util.logging's) to java.util.logging levels. */
    static Level level(String name) {
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE", "FINEST" -> Level.FINEST;
            case "DEBUG", "FINE" -> Level.FINE;
            case "INFO" -> Level.INFO;
            case "WARN", "WARNING" -> Level.WARNING;
            case "ERROR", "SEVERE" -> Level.SEVERE;
            case "OFF" -> Level.OFF;
            default -> throw new IllegalArgumentException(LEVEL_VARIABLE + " must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, not '"
                    + name + "'");
        };
    }

    /** java.util.logging levels by the names SLF4J gives them, padded like the rest of the console. */
    static String levelName(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN ";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO ";
        }
        if (value >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }

    /** {@code HH:mm:ss.SSS LEVEL [correlation id] Logger - message}, then the stack trace if any. */
    static final class OneLine extends Formatter {

        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

        private final ZoneId zone;

        OneLine() {
            this(ZoneId.systemDefault());
        }

        OneLine(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(128)
                    .append(TIME.format(Instant.ofEpochMilli(record.getMillis()).atZone(zone)))
                    .append(' ').append(levelName(record.getLevel())).append(' ');
            String correlationId = MDC.get(CORRELATION_ID);
            if (correlationId != null) {
                line.append(correlationId).append(' ');
            }
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
            line.append(logger.substring(logger.lastIndexOf('.') + 1)).append(" - ").append(formatMessage(record))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
