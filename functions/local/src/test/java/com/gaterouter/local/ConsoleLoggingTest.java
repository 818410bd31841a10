package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ConsoleLoggingTest {

    private static LogRecord record(Level level, String logger, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        record.setInstant(Instant.parse("2026-01-02T09:08:07.654Z"));
        return record;
    }

    @Test
    void oneShortLineWithSlf4jLevelNamesAndTheLoggersSimpleName() {
        String line = new ConsoleLogging.OneLine(ZoneOffset.UTC).format(record(Level.WARNING, "com.gaterouter.local.LocalOutbox", "ALERT x"));

        assertThat(line).isEqualTo("09:08:07.654 WARN  LocalOutbox - ALERT x" + System.lineSeparator());
    }

    @Test
    void theCorrelationIdOfTheRequestIsOnTheLine() {
        MDC.put("correlation_id", "req-1");
        try {
            String line = new ConsoleLogging.OneLine(ZoneOffset.UTC).format(record(Level.SEVERE, "a.B", "failed"));

            assertThat(line).startsWith("09:08:07.654 ERROR req-1 B - failed");
        } finally {
            MDC.remove("correlation_id");
        }
    }

    @Test
    void aStackTraceFollowsItsLine() {
        LogRecord record = record(Level.SEVERE, "a.B", "failed");
        record.setThrown(new IllegalStateException("boom"));

        assertThat(new ConsoleLogging.OneLine(ZoneOffset.UTC).format(record)).contains("failed" + System.lineSeparator()
                + "java.lang.IllegalStateException: boom");
    }

    @Test
    void levelsAcceptSlf4jNamesAndRefuseOthersClearly() {
        assertThat(ConsoleLogging.level("debug")).isEqualTo(Level.FINE);
        assertThat(ConsoleLogging.level("WARN")).isEqualTo(Level.WARNING);
        assertThatThrownBy(() -> ConsoleLogging.level("LOUD")).hasMessageContaining("GATEROUTER_LOG_LEVEL must be one of");
    }
}
