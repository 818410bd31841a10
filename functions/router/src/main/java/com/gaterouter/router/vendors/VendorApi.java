package com.gaterouter.router.vendors;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The registry of vendor API shapes: the one place that names them. A catalog vendor names its
 * shape by {@link #wireName()} ({@code "api": "openai-chat"}); {@link VendorClients} builds one
 * adapter per shape (an exhaustive switch, so a new constant needs its adapter), {@link VendorKeys}
 * asks {@link #auth()} whether a key is needed, and the local gateway maps each shape to its
 * simulator route (again an exhaustive switch).
 */
public enum VendorApi {
    /** OpenAI Chat Completions and every compatible endpoint (DeepSeek, …). */
    OPENAI_CHAT,
    /** Anthropic Messages. */
    ANTHROPIC_MESSAGES,
    /** Google Gemini generateContent / streamGenerateContent. */
    GEMINI,
    /** Amazon Bedrock Converse / ConverseStream, signed with the function's IAM role. */
    BEDROCK_CONVERSE;

    /** How a shape's requests prove who sends them. */
    public enum Auth {
        /** {@code Authorization: Bearer <key>}. */
        BEARER_KEY,
        /** {@code x-api-key: <key>}. */
        X_API_KEY,
        /** {@code x-goog-api-key: <key>} (never {@code ?key=}, which would land in access logs). */
        X_GOOG_API_KEY,
        /** AWS Signature V4 with the default credential chain: no key in the vendor-keys secret. */
        IAM_SIGV4;

        /** Whether the vendor-keys secret must hold a key for vendors of this shape. */
        public boolean needsKey() {
            return this != IAM_SIGV4;
        }
    }

    /** The name the catalog's {@code api} field uses: the constant's name in lower case, words joined by '-'. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public Auth auth() {
        return switch (this) {
            case OPENAI_CHAT -> Auth.BEARER_KEY;
            case ANTHROPIC_MESSAGES -> Auth.X_API_KEY;
            case GEMINI -> Auth.X_GOOG_API_KEY;
            case BEDROCK_CONVERSE -> Auth.IAM_SIGV4;
        };
    }

    public static Optional<VendorApi> fromWire(String name) {
        return Arrays.stream(values()).filter(api -> api.wireName().equals(name)).findFirst();
    }

    /** The shape named {@code name}, or an error that lists the known ones (the catalog is read at start-up). */
    public static VendorApi of(String name, String vendor) {
        return fromWire(name).orElseThrow(() -> new IllegalArgumentException("vendor " + vendor + " names api '" + name
                + "', which is not one of " + Arrays.stream(values()).map(VendorApi::wireName).collect(Collectors.joining(", "))));
    }
}
