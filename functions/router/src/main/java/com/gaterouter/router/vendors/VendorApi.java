package com.gaterouter.router.vendors;

import java.util.Arrays;
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
    OPENAI_CHAT("openai-chat", Auth.BEARER_KEY),
    /** Anthropic Messages. */
    ANTHROPIC_MESSAGES("anthropic-messages", Auth.X_API_KEY),
    /** Google Gemini generateContent / streamGenerateContent. */
    GEMINI("gemini", Auth.X_GOOG_API_KEY),
    /** Amazon Bedrock Converse / ConverseStream, signed with the function's IAM role. */
    BEDROCK_CONVERSE("bedrock-converse", Auth.IAM_SIGV4);

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

    private final String wireName;
    private final Auth auth;

    VendorApi(String wireName, Auth auth) {
        this.wireName = wireName;
        this.auth = auth;
    }

    /** The name the catalog's {@code api} field uses. */
    public String wireName() {
        return wireName;
    }

    public Auth auth() {
        return auth;
    }

    public static Optional<VendorApi> fromWire(String name) {
        return Arrays.stream(values()).filter(api -> api.wireName.equals(name)).findFirst();
    }

    /** The shape named {@code name}, or an error that lists the known ones (the catalog is read at start-up). */
    public static VendorApi of(String name, String vendor) {
        return fromWire(name).orElseThrow(() -> new IllegalArgumentException("vendor " + vendor + " names api '" + name
                + "', which is not one of " + Arrays.stream(values()).map(VendorApi::wireName).collect(Collectors.joining(", "))));
    }
}
