package com.gaterouter.local;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.rollup.notifier.AlertMessage;
import com.gaterouter.rollup.notifier.AlertSender;
import com.gaterouter.rollup.notifier.PlainTextEmail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local gateway's mail server: every e-mail the notifier would send through SNS is filed as one
 * RFC 5322 {@code .eml} file in {@code outbox/mail/}, named after when it was sent and what it is
 * about ({@code 20261124T101500Z-acme_department_d1_2026-11_80.eml}), so the finance experience can
 * be read in a mail client without AWS. The message id is the alert's (or digest's) id: an alert
 * sent twice (a re-published event) is filed once.
 */
final class LocalMailbox implements AlertSender {

    static final String FROM = "GateRouter <alerts@gaterouter.local>";
    static final String DOMAIN = "gaterouter.local";
    private static final Logger LOG = LoggerFactory.getLogger(LocalMailbox.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final Clock clock;

    LocalMailbox(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    Path directory() {
        return directory;
    }

    @Override
    public void send(String id, String tenantId, BudgetScope scope, String detailType, AlertMessage message) {
        file(id, PlainTextEmail.of(message, FROM, clock.instant(), id + "@" + DOMAIN));
    }

    /** Files {@code email} unless an e-mail with its message id is already there; the file, or the one there. */
    synchronized Path file(String id, PlainTextEmail email) {
        String safe = id.replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            Files.createDirectories(directory);
            try (Stream<Path> existing = Files.list(directory)) {
                var there = existing.filter(p -> p.getFileName().toString().endsWith("-" + safe + ".eml")).findFirst();
                if (there.isPresent()) {
                    LOG.info("e-mail {} is already in the outbox as {}", id, there.get().getFileName());
                    return there.get();
                }
            }
            Path file = directory.resolve(STAMP.format(email.date()) + "-" + safe + ".eml");
            Files.writeString(file, email.toRfc5322(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            LOG.warn("MAIL \"{}\" to {}: {}", email.subject(), email.to(), file);
            return file;
        } catch (FileAlreadyExistsException e) {
            return directory.resolve(e.getFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot file e-mail " + id + " in " + directory, e);
        }
    }

    /** The files, oldest first (by name: the time sent, then the id). */
    List<Path> files() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return new ArrayList<>(files.filter(p -> p.toString().endsWith(".eml")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
