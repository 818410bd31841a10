package com.gaterouter.admin.support;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * New ids: a type prefix and 16 random URL-safe characters (96 bits), e.g. {@code dept_Q2x…}.
 * Keys take theirs from {@code ApiKeySecrets.newKeyId()}.
 */
public final class Ids {

    // reseeded after a SnapStart restore: no two instances restored from one snapshot draw the same values
    private static final SecureRandom RANDOM = com.gaterouter.common.snapstart.SnapshotSafeRandom.create();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final char[] LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    /** Orders audit entries of one process that share an instant (a fixed clock, or a cascade in one millisecond). */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Ids() {
    }

    public static String department() {
        return "dept_" + random();
    }

    public static String project() {
        return "proj_" + random();
    }

    public static String user() {
        return "user_" + random();
    }

    /** A generated tenant id, {@code t_} and 16 lower-case letters and digits. */
    public static String tenant() {
        StringBuilder id = new StringBuilder("t_");
        for (int i = 0; i < 16; i++) {
            id.append(LOWER_ALNUM[RANDOM.nextInt(LOWER_ALNUM.length)]);
        }
        return id.toString();
    }

    /**
     * An audit id that sorts after every earlier one of this process at the same instant (the store
     * sorts entries by time, then id): a zero-padded sequence number, then randomness.
     */
    public static String audit() {
        return "aud_" + String.format("%012d", SEQUENCE.incrementAndGet() % 1_000_000_000_000L) + random();
    }

    /**
     * A reconciliation id, {@code rec_}, the creation time in epoch milliseconds (13 digits) and
     * randomness: ids sort by creation time, so a tenant's reconciliations list newest first by id.
     */
    public static String reconciliation(java.time.Instant createdAt) {
        return "rec_" + String.format("%013d", createdAt.toEpochMilli()) + random();
    }

    private static String random() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }
}
