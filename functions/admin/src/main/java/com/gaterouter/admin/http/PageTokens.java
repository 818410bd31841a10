package com.gaterouter.admin.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the stores' page positions into the {@code nextToken}s the admin API hands out, so a token
 * only works for the list that issued it: HMAC-SHA256 over a version byte, the list's binding
 * (route, path parameters such as the tenant, the filters and the caller — {@link AdminCall#listBinding()})
 * and the store's own position. An edited, truncated or forged token, or one from another tenant,
 * list, filter set or caller, fails the MAC and the request is a 400 ({@code invalid_request},
 * {@code param: "nextToken"}).
 *
 * <p>The token is {@code base64url(version ‖ mac[32] ‖ position)}: the position is not secret
 * (it is the store's last sort key, which the caller has just seen in the page), only bound.
 * Where the key comes from is the wiring's choice: a Secrets Manager secret shared by every
 * execution environment in AWS ({@code AdminFunction}), a random key per process locally.
 */
public final class PageTokens {

    /** Longest {@code nextToken} accepted before any decoding: positions are sort keys of a few dozen bytes. */
    public static final int MAX_TOKEN_CHARS = 2048;
    /** Shortest key accepted: HMAC-SHA256 gains nothing beyond 32 bytes and loses strength below 16. */
    public static final int MIN_KEY_BYTES = 16;

    private static final byte VERSION = 1;
    private static final int MAC_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Supplier<byte[]> key;

    private PageTokens(Supplier<byte[]> key) {
        this.key = key;
    }

    /** With a fixed key of at least {@value #MIN_KEY_BYTES} bytes. */
    public static PageTokens withKey(byte[] key) {
        byte[] copy = checkedKey(key);
        return new PageTokens(() -> copy);
    }

    /**
     * With a key read when a token is sealed or opened (e.g. from a cached secret): nothing is
     * fetched until the first list, and a rotated key takes effect when the source's cache expires.
     */
    public static PageTokens withKeyFrom(Supplier<byte[]> key) {
        Objects.requireNonNull(key, "key");
        return new PageTokens(() -> checkedKey(key.get()));
    }

    /** With a random key for this process: tokens do not survive a restart (the local gateway, tests). */
    public static PageTokens random(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return withKey(key);
    }

    /** {@code position} bound to {@code binding}, as the opaque {@code nextToken} clients get. */
    public String seal(String position, String binding) {
        byte[] positionBytes = position.getBytes(StandardCharsets.UTF_8);
        byte[] mac = mac(binding, positionBytes);
        ByteBuffer token = ByteBuffer.allocate(1 + MAC_BYTES + positionBytes.length);
        token.put(VERSION).put(mac).put(positionBytes);
        return ENCODER.encodeToString(token.array());
    }

    /** The position {@code token} carries if this key sealed it for {@code binding}; empty otherwise. */
    public Optional<String> open(String token, String binding) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // canonical encoding only: no padding, no alternative spellings of the same bytes
        if (raw.length <= 1 + MAC_BYTES || raw[0] != VERSION || !ENCODER.encodeToString(raw).equals(token)) {
            return Optional.empty();
        }
        byte[] mac = Arrays.copyOfRange(raw, 1, 1 + MAC_BYTES);
        byte[] position = Arrays.copyOfRange(raw, 1 + MAC_BYTES, raw.length);
        if (!MessageDigest.isEqual(mac, mac(binding, position))) {
            return Optional.empty();
        }
        return Optional.of(new String(position, StandardCharsets.UTF_8));
    }

    private byte[] mac(String binding, byte[] position) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.get(), ALGORITHM));
            byte[] bindingBytes = binding.getBytes(StandardCharsets.UTF_8);
            // length-prefixed, so no binding/position split can be read another way
            mac.update(VERSION);
            mac.update(ByteBuffer.allocate(4).putInt(bindingBytes.length).array());
            mac.update(bindingBytes);
            mac.update(position);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] checkedKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("the page-token key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        return key.clone();
    }
}
