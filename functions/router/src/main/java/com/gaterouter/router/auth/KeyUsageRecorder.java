package com.gaterouter.router.auth;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.ApiKeyRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a key's {@code lastUsedAt} ({@link AccountStore#touchKey}) at most once per key per
 * {@code interval} per instance, on {@code executor}, never on the request path: a slow or failing
 * write neither slows nor fails the request, it is logged at debug and dropped. The value is
 * therefore approximate by design (up to an interval late, and best effort: in Lambda a write
 * still in flight when the environment freezes finishes, or fails, when it thaws).
 */
public final class KeyUsageRecorder {

    /** How often one instance writes one key's lastUsedAt at most. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(KeyUsageRecorder.class);
    /** Bounds memory on an instance that sees very many keys; clearing only means some early re-touches. */
    private static final int MAX_ENTRIES = 50_000;

    private final AccountStore accounts;
    private final Executor executor;
    private final Duration interval;
    private final ConcurrentHashMap<String, Instant> lastTouched = new ConcurrentHashMap<>();

    public KeyUsageRecorder(AccountStore accounts, Executor executor, Duration interval) {
        this.accounts = accounts;
        this.executor = executor;
        this.interval = interval;
    }

    /** On virtual threads, once a minute per key. */
    public static KeyUsageRecorder onVirtualThreads(AccountStore accounts) {
        return new KeyUsageRecorder(accounts, task -> Thread.ofVirtual().name("key-last-used").start(task), DEFAULT_INTERVAL);
    }

    /** Records nothing (tests and tools that do not care about lastUsedAt). */
    public static KeyUsageRecorder disabled() {
        return new KeyUsageRecorder(null, task -> { }, DEFAULT_INTERVAL);
    }

    /** {@code key} authenticated a request at {@code now}; never throws. */
    public void used(ApiKeyRecord key, Instant now) {
        try {
            String id = key.tenantId() + '/' + key.keyId();
            if (lastTouched.size() >= MAX_ENTRIES) {
                lastTouched.clear();
            }
            boolean[] due = {false};
            lastTouched.compute(id, (k, last) -> {
                if (last == null || !now.isBefore(last.plus(interval))) {
                    due[0] = true;
                    return now;
                }
                return last;
            });
            if (due[0]) {
                executor.execute(() -> touch(key, now));
            }
        } catch (RuntimeException e) {
            LOG.debug("could not schedule lastUsedAt for key {}", key.keyId(), e);
        }
    }

    private void touch(ApiKeyRecord key, Instant now) {
        try {
            accounts.touchKey(key.tenantId(), key.keyId(), now);
        } catch (RuntimeException e) {
            LOG.debug("could not record lastUsedAt for key {}", key.keyId(), e);
        }
    }
}
