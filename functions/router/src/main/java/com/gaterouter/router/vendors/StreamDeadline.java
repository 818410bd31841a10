package com.gaterouter.router.vendors;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A vendor stream's total time limit. The HTTP request timeout only covers the wait for response
 * headers, which stream vendors send at once; after that nothing would stop a stream that stalls
 * or never ends. The guard closes the stream when the limit passes, which ends the blocked read,
 * and turns that read's failure into an {@link HttpTimeoutException}, which every adapter already
 * maps to a TIMEOUT failure (mid-stream, so never retried, and metered for what was generated).
 */
public final class StreamDeadline extends FilterInputStream {

    private static final ScheduledThreadPoolExecutor TIMER = daemonTimer("vendor-stream-deadlines");

    private final ScheduledFuture<?> deadline;
    private volatile boolean expired;

    private StreamDeadline(InputStream in, Duration total) {
        super(in);
        this.deadline = TIMER.schedule(this::expire, Math.max(1, total.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** The stream, closed when {@code total} has passed. */
    public static InputStream guard(InputStream in, Duration total) {
        return new StreamDeadline(in, total);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw translated(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw translated(e);
        }
    }

    @Override
    public void close() throws IOException {
        deadline.cancel(false);
        super.close();
    }

    private IOException translated(IOException e) {
        return expired ? new HttpTimeoutException("vendor stream exceeded its total time limit") : e;
    }

    private void expire() {
        expired = true;
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    /** One daemon thread that runs stream deadlines (a cancelled one is dropped at once), named {@code threadName}. */
    public static ScheduledThreadPoolExecutor daemonTimer(String threadName) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
