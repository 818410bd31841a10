package com.gaterouter.admin.analytics;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reads in progress, shared: a caller that asks for what another caller is reading at that moment
 * waits for that read instead of starting its own, and gets its result (or its failure). Nothing
 * is kept once a read ends, so every answer is at least as fresh as a read begun after the
 * question — only a little earlier than its own would have been. The console's overview asks
 * four questions about today's raw usage at once; they cost one read.
 */
final class SharedReads<K, V> {

    private final ConcurrentHashMap<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();

    V get(K key, Supplier<V> read) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> theirs = running.putIfAbsent(key, mine);
        if (theirs != null) {
            try {
                return theirs.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            V value = read.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }
}
