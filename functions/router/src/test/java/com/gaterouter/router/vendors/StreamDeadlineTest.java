package com.gaterouter.router.vendors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamDeadlineTest {

    /**
     * Like java.net.http's response stream: one chunk, then it blocks until more arrives or it is
     * closed, when the blocked read fails (PipedInputStream would not wake up on close).
     */
    static final class StalledVendorStream extends InputStream {
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        private boolean sentFirst;

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            if (!sentFirst) {
                sentFirst = true;
                byte[] chunk = "data: {}\n\n".getBytes();
                System.arraycopy(chunk, 0, b, off, Math.min(len, chunk.length));
                return Math.min(len, chunk.length);
            }
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.io.IOException("closed");
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aStalledStreamIsClosedAtTheDeadlineAndReportsATimeout() throws Exception {
        InputStream guarded = StreamDeadline.guard(new StalledVendorStream(), Duration.ofMillis(200));
        assertThat(guarded.read(new byte[10], 0, 10)).isEqualTo(10);
        long start = System.nanoTime();
        assertThatThrownBy(() -> guarded.read(new byte[10], 0, 10)).isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(HttpFailures.fromException("v", new HttpTimeoutException("x")).kind()).isEqualTo(VendorFailure.Kind.TIMEOUT);
    }

    @Test
    void aStreamThatFinishesInTimeIsUntouched() throws Exception {
        try (InputStream guarded = StreamDeadline.guard(new ByteArrayInputStream("abc".getBytes()), Duration.ofSeconds(5))) {
            assertThat(guarded.readAllBytes()).containsExactly('a', 'b', 'c');
        }
    }
}
