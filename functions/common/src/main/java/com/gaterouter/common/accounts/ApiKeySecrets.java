package com.gaterouter.common.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes and hashes API key secrets. A secret is {@value #PREFIX} followed by 256 random bits in
 * URL-safe base64 (43 characters), so leaked keys are recognisable by secret scanners. Only the
 * SHA-256 of the whole secret is ever stored; a fast hash is right here because the secret has
 * 256 bits of entropy (no dictionary to attack), and it keeps authentication to one lookup.
 */
public final class ApiKeySecrets {

    public static final String PREFIX = "gr-";
    private static final int SECRET_BYTES = 32;
    // reseeded after a SnapStart restore: no two instances restored from one snapshot draw the same values
    private static final SecureRandom RANDOM = com.gaterouter.common.snapstart.SnapshotSafeRandom.create();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ApiKeySecrets() {
    }

    public static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + BASE64URL.encodeToString(bytes);
    }

    /** Lower-case hex SHA-256 of the secret's UTF-8 bytes: the ApiKeys partition key. */
    public static String hash(String secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** A public, non-secret id for a key, e.g. {@code key_7Hc2…}. */
    public static String newKeyId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "key_" + BASE64URL.encodeToString(bytes);
    }

    /** A short form safe for logs and UIs: the prefix and the last four characters. */
    public static String redact(String secret) {
        if (secret == null || secret.length() < 12) {
            return "***";
        }
        return secret.substring(0, PREFIX.length()) + "…" + secret.substring(secret.length() - 4);
    }
}
