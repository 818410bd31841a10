package com.gaterouter.common.snapstart;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link SecureRandom}s GateRouter keeps for identifiers and secrets (API key secrets, entity
 * ids, request ids). A SnapStart snapshot copies a generator's state into every execution
 * environment restored from it; {@link #reseedAll()}, run after each restore, mixes fresh entropy
 * from the restored instance into every one of them, so no two instances draw the same values.
 * ({@code setSeed} adds to a SecureRandom's seed, never replaces it.)
 */
public final class SnapshotSafeRandom {

    private static final List<SecureRandom> ALL = new CopyOnWriteArrayList<>();

    private SnapshotSafeRandom() {
    }

    /** A new generator that is reseeded after every SnapStart restore. */
    public static SecureRandom create() {
        return register(new SecureRandom());
    }

    static SecureRandom register(SecureRandom random) {
        ALL.add(random);
        return random;
    }

    /** Adds fresh entropy (read after the restore, from a new generator) to every generator made here. */
    public static int reseedAll() {
        SecureRandom fresh = new SecureRandom();
        for (SecureRandom random : ALL) {
            byte[] seed = new byte[32];
            fresh.nextBytes(seed);
            random.setSeed(seed);
        }
        return ALL.size();
    }
}
