package com.gaterouter.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Where the local gateway keeps its files — the budget-alert outbox, the usage journal, spool and store: under
 * {@code --data-dir} when there is one (kept across runs, like the data), otherwise in one
 * temporary directory of this run that {@link #close()} removes, so runs never leave folders behind
 * nor read each other's.
 */
final class LocalFiles implements AutoCloseable {

    static final String OUTBOX_FILE = "outbox/alerts.jsonl";
    static final String MAIL_DIRECTORY = "outbox/mail";
    static final String SPOOL_DIRECTORY = "usage-spool";
    static final String JOURNAL_DIRECTORY = "usage-journal";
    static final String REJECTED_DIRECTORY = "usage-journal-rejected";
    static final String USAGE_STORE_FILE = com.gaterouter.common.usage.sqlite.SqliteUsageStore.FILE_NAME;

    private final Path root;
    private final boolean temporary;

    private LocalFiles(Path root, boolean temporary) {
        this.root = root;
        this.temporary = temporary;
    }

    static LocalFiles in(Optional<Path> dataDir) {
        if (dataDir.isPresent()) {
            return new LocalFiles(dataDir.get(), false);
        }
        try {
            return new LocalFiles(Files.createTempDirectory("gaterouter-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the outbox and the usage spool", e);
        }
    }

    Path root() {
        return root;
    }

    boolean temporary() {
        return temporary;
    }

    Path outboxFile() {
        return root.resolve(OUTBOX_FILE);
    }

    /** The e-mails the notifier sends, one {@code .eml} file each. */
    Path mailDirectory() {
        return root.resolve(MAIL_DIRECTORY);
    }

    Path spoolDirectory() {
        return root.resolve(SPOOL_DIRECTORY);
    }

    Path journalDirectory() {
        return root.resolve(JOURNAL_DIRECTORY);
    }

    /** The usage records (SQLite). */
    Path usageStoreFile() {
        return root.resolve(USAGE_STORE_FILE);
    }

    /** Where journal records that are not settlements are set aside. */
    Path rejectedDirectory() {
        return root.resolve(REJECTED_DIRECTORY);
    }

    /** Removes the temporary directory with everything in it; a data directory stays. */
    @Override
    public void close() throws IOException {
        if (temporary) {
            deleteRecursively(root);
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                deleteIfPresent(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                deleteIfPresent(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteIfPresent(Path path) throws IOException {
        try {
            Files.deleteIfExists(path);
        } catch (NoSuchFileException gone) {
            // removed meanwhile: what we wanted
        }
    }
}
