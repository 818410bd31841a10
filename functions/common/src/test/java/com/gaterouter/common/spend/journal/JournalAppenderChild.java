package com.gaterouter.common.spend.journal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link UsageJournalKillTest}: appends from several threads, forever, and
 * prints {@code ACK <requestId> .} for every append that returned (so the record is durable).
 * The trailing dot lets the parent tell a complete line from one the kill cut in half.
 */
public final class JournalAppenderChild {

    private JournalAppenderChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        long segmentBytes = Long.parseLong(args[2]);
        String run = args[3]; // distinguishes the request ids of successive runs on one directory
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        UsageJournal journal = UsageJournal.open(dir, new UsageJournal.Options(segmentBytes, 1024), e -> {});
        out.println("READY .");
        out.flush();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
                for (long i = 0; ; i++) {
                    String id = run + "-c" + thread + "-" + i;
                    journal.append(id, ("{\"requestId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
                    synchronized (out) {
                        out.println("ACK " + id + " .");
                        out.flush();
                    }
                }
            });
        }
        Thread.currentThread().join(); // killed by the parent
    }
}
