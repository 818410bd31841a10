package com.gaterouter.common.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes to an EventBridge bus with PutEvents. PutEvents is not all-or-nothing: the call can
 * succeed while single entries fail (FailedEntryCount, per-entry ErrorCode). The SDK's own retries
 * only cover whole-request failures, so this class re-sends just the failed entries, with a short
 * exponential backoff, for a bounded number of attempts; entries whose error cannot heal (invalid
 * detail, access denied) are not re-sent. Whatever still failed is reported together, after every
 * batch has been tried, in one {@link EventPublishException}.
 */
public final class EventBridgePublisher implements EventPublisher {

    /** PutEvents limits: at most 10 entries and 256 KB of entries per request. */
    static final int MAX_ENTRIES_PER_REQUEST = 10;
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(50);

    /** Entry error codes EventBridge documents as non-retryable; any other code is retried. */
    private static final Set<String> PERMANENT_ERRORS = Set.of(
            "AccessDeniedException", "InvalidAccountIdException", "InvalidArgument", "MalformedDetail",
            "RedactionFailure", "NotAuthorizedForSourceException", "NotAuthorizedForDetailTypeException");

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgePublisher.class);

    /** Waits between attempts; a seam so unit tests do not sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final EventBridgeClient client;
    private final String eventBusName;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Sleeper sleeper;

    public EventBridgePublisher(EventBridgeClient client, String eventBusName) {
        this(client, eventBusName, DEFAULT_MAX_ATTEMPTS, DEFAULT_FIRST_BACKOFF, Thread::sleep);
    }

    EventBridgePublisher(EventBridgeClient client, String eventBusName, int maxAttempts, Duration firstBackoff,
            Sleeper sleeper) {
        this.client = Objects.requireNonNull(client, "client");
        this.eventBusName = Objects.requireNonNull(eventBusName, "eventBusName");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public void publish(List<GatewayEvent> events) {
        List<Indexed> indexed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            indexed.add(new Indexed(i, Objects.requireNonNull(events.get(i), "event")));
        }
        List<Failure> failures = new ArrayList<>();
        for (List<Indexed> batch : batches(indexed)) {
            failures.addAll(publishBatch(batch));
        }
        if (!failures.isEmpty()) {
            throw exception(failures, events.size());
        }
    }

    /**
     * Splits in order into requests within both PutEvents limits. An entry larger than a whole
     * request travels alone, so EventBridge rejects only that one.
     */
    static List<List<Indexed>> batches(List<Indexed> entries) {
        List<List<Indexed>> batches = new ArrayList<>();
        List<Indexed> current = new ArrayList<>();
        long currentBytes = 0;
        for (Indexed entry : entries) {
            long bytes = entry.sizeInBytes();
            if (!current.isEmpty()
                    && (current.size() == MAX_ENTRIES_PER_REQUEST || currentBytes + bytes > MAX_REQUEST_BYTES)) {
                batches.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(entry);
            currentBytes += bytes;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private List<Failure> publishBatch(List<Indexed> batch) {
        List<Failure> failed = new ArrayList<>();
        List<Indexed> pending = batch;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            PutEventsResponse response;
            try {
                List<PutEventsRequestEntry> entries = pending.stream().map(this::entry).toList();
                response = client.putEvents(request -> request.entries(entries));
            } catch (SdkException e) {
                // The SDK has already retried what it considers transient for the whole request.
                pending.forEach(p -> failed.add(new Failure(p, e.getClass().getSimpleName(), e.getMessage(), e)));
                return failed;
            }
            if (Integer.valueOf(0).equals(response.failedEntryCount())) {
                return failed;
            }
            List<PutEventsResultEntry> results = response.entries();
            if (results.size() != pending.size()) {
                // Results pair with entries by position; without that pairing nothing is known to have arrived.
                String message = results.size() + " results for " + pending.size() + " entries";
                pending.forEach(p -> failed.add(new Failure(p, "UnmatchedResponse", message, null)));
                return failed;
            }
            List<Indexed> retry = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                Indexed event = pending.get(i);
                PutEventsResultEntry result = results.get(i);
                if (result.errorCode() == null) {
                    continue;
                }
                if (PERMANENT_ERRORS.contains(result.errorCode()) || attempt == maxAttempts) {
                    failed.add(new Failure(event, result.errorCode(), result.errorMessage(), null));
                } else {
                    retry.add(event);
                }
            }
            if (!retry.isEmpty()) {
                LOG.warn("EventBridge bus {} rejected {} of {} entries with transient errors; retrying (attempt {} of {})",
                        eventBusName, retry.size(), pending.size(), attempt + 1, maxAttempts);
                if (!pause(attempt)) {
                    retry.forEach(p -> failed.add(new Failure(p, "Interrupted", "retry interrupted", null)));
                    return failed;
                }
            }
            pending = retry;
        }
        return failed;
    }

    /** Exponential backoff with jitter, so retries of concurrent publishers spread out. */
    private boolean pause(int attempt) {
        long ceiling = firstBackoff.toMillis() << (attempt - 1);
        long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        try {
            sleeper.sleep(Duration.ofMillis(millis));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private PutEventsRequestEntry entry(Indexed indexed) {
        return PutEventsRequestEntry.builder()
                .eventBusName(eventBusName)
                .source(GatewayEvent.SOURCE)
                .detailType(indexed.event().detailType())
                .detail(indexed.event().detailJson())
                .build();
    }

    private EventPublishException exception(List<Failure> failures, int total) {
        failures.sort(Comparator.comparingInt(failure -> failure.event().index()));
        String reasons = failures.stream()
                .map(f -> f.event().event().detailType() + " (" + f.errorCode()
                        + (f.errorMessage() == null ? "" : ": " + f.errorMessage()) + ")")
                .collect(Collectors.joining(", "));
        EventPublishException exception = new EventPublishException(
                "EventBridge bus " + eventBusName + " did not accept " + failures.size() + " of " + total
                        + " events: " + reasons,
                failures.stream().map(f -> f.event().event().detailType()).toList());
        failures.stream().map(Failure::cause).filter(Objects::nonNull).findFirst().ifPresent(exception::initCause);
        return exception;
    }

    /** An event with its position in the caller's list, so failures are reported in that order. */
    record Indexed(int index, GatewayEvent event) {

        /** EventBridge's entry size: UTF-8 bytes of source, detail-type and detail (no Time, no Resources sent). */
        long sizeInBytes() {
            return utf8Length(GatewayEvent.SOURCE) + utf8Length(event.detailType()) + utf8Length(event.detailJson());
        }

        private static long utf8Length(String text) {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private record Failure(Indexed event, String errorCode, String errorMessage, Throwable cause) {
    }
}
