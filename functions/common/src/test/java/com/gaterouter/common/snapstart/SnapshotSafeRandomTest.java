package com.gaterouter.common.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SnapshotSafeRandomTest {

    /** Two generators in the same state, as in two instances restored from one snapshot. */
    private static SecureRandom[] twins() throws Exception {
        SecureRandom a = SecureRandom.getInstance("SHA1PRNG");
        SecureRandom b = SecureRandom.getInstance("SHA1PRNG");
        a.setSeed(42);
        b.setSeed(42);
        return new SecureRandom[] {a, b};
    }

    @Test
    void generatorsInTheSameStateDrawDifferentValuesOnceReseeded() throws Exception {
        SecureRandom[] same = twins();
        byte[] x = new byte[16];
        byte[] y = new byte[16];
        same[0].nextBytes(x);
        same[1].nextBytes(y);
        assertThat(x).isEqualTo(y);

        SecureRandom[] restored = twins();
        SnapshotSafeRandom.register(restored[0]);
        SnapshotSafeRandom.register(restored[1]);
        int reseeded = SnapshotSafeRandom.reseedAll();
        restored[0].nextBytes(x);
        restored[1].nextBytes(y);

        assertThat(reseeded).isGreaterThanOrEqualTo(2);
        assertThat(x).isNotEqualTo(y);
    }

    @Test
    void everyGeneratorMadeHereIsReseeded() {
        int before = SnapshotSafeRandom.reseedAll();
        SnapshotSafeRandom.create();

        assertThat(SnapshotSafeRandom.reseedAll()).isEqualTo(before + 1);
    }
}
