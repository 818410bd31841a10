package com.gaterouter.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.events.EventPublishException;
import com.gaterouter.common.events.EventPublisher;
import com.gaterouter.common.events.GatewayEvent;
import com.gaterouter.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local gateway's event bus: each event is appended to an outbox file (one EventBridge-shaped
 * JSON envelope a line, what a rule would deliver) and announced on the console, so a developer
 * sees budget alerts without AWS. Each event written is then handed to {@code delivery} (the
 * local stand-in for the bus rule that invokes the alert notifier, which files the e-mail in
 * {@code outbox/mail/}); a delivery that fails is logged and does not fail the publish: in AWS, too,
 * the notifier runs after the bus accepted the event.
 */
final class LocalOutbox implements EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(LocalOutbox.class);

    private final Path file;
    private final Clock clock;
    private final Consumer<ObjectNode> delivery;

    public LocalOutbox(Path file, Clock clock) {
        this(file, clock, envelope -> {
        });
    }

    public LocalOutbox(Path file, Clock clock, Consumer<ObjectNode> delivery) {
        this.file = file;
        this.clock = clock;
        this.delivery = delivery;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the outbox directory for " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void publish(List<GatewayEvent> events) {
        List<GatewayEvent> failed = new ArrayList<>();
        for (GatewayEvent event : events) {
            ObjectNode envelope = Json.MAPPER.createObjectNode();
            try {
                envelope.put("source", GatewayEvent.SOURCE);
                envelope.put("detail-type", event.detailType());
                envelope.put("time", clock.instant().toString());
                envelope.set("detail", Json.MAPPER.readTree(event.detailJson()));
                Files.writeString(file, envelope + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                LOG.warn("ALERT {}: {}", event.detailType(), event.detailJson());
            } catch (IOException e) {
                LOG.error("could not write event {} to the outbox {}: {}", event.detailType(), file, e.toString());
                failed.add(event);
                continue;
            }
            try {
                delivery.accept(envelope);
            } catch (RuntimeException e) {
                LOG.error("the e-mail for event {} could not be filed: {}", event.detailType(), e.toString());
            }
        }
        if (!failed.isEmpty()) {
            throw new EventPublishException("the outbox " + file + " could not take " + failed.size() + " event(s)",
                    failed.stream().map(GatewayEvent::detailType).toList());
        }
    }

    /** Every event written so far, oldest first (tests and the console read them back). */
    public synchronized List<ObjectNode> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<ObjectNode> envelopes = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    envelopes.add((ObjectNode) Json.MAPPER.readTree(line));
                }
            }
            return envelopes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the outbox " + file, e);
        }
    }
}
