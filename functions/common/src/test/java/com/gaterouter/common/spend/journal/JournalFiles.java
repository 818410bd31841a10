package com.gaterouter.common.spend.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads a journal directory straight from disk, without opening (and so recovering) it. */
final class JournalFiles {

    private JournalFiles() {}

    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("journal-")).sorted().toList();
        }
    }

    /** Every complete record on disk, stopping at the first broken one of each segment. */
    static List<JournalEntry> complete(Path dir) throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        for (Path segment : segments(dir)) {
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(segment));
            while (RecordCodec.decode(in) instanceof RecordCodec.Read.Complete c) {
                entries.add(c.entry());
            }
        }
        return entries;
    }

    static List<JournalEntry> recover(Path dir, UsageJournal.Options options) throws IOException {
        List<JournalEntry> seen = new ArrayList<>();
        try (UsageJournal ignored = UsageJournal.open(dir, options, seen::add)) {
            return seen;
        }
    }
}
