package com.gaterouter.simulator;

import java.util.Locale;
import java.util.Optional;

/** The vendors the simulator speaks for; each lives under its own path prefix. */
public enum SimVendor {
    OPENAI("/openai"),
    ANTHROPIC("/anthropic"),
    GEMINI("/gemini"),
    /** OpenAI wire format plus DeepSeek's cache and reasoning fields. */
    DEEPSEEK("/deepseek"),
    /** Amazon Bedrock Runtime Converse (JSON and AWS event-stream), SigV4 or Bedrock API key auth. */
    BEDROCK("/bedrock");

    private final String pathPrefix;

    SimVendor(String pathPrefix) {
        this.pathPrefix = pathPrefix;
    }

    /** The path prefix this vendor is served under, e.g. {@code /openai}. */
    public String pathPrefix() {
        return pathPrefix;
    }

    /** Lower-case id as used by the control endpoint and directives ({@code openai}, {@code anthropic}, ...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an id case-insensitively ({@code "openai"}, {@code "OPENAI"}). */
    public static Optional<SimVendor> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (SimVendor v : values()) {
            if (v.name().equalsIgnoreCase(id.trim())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The vendor whose prefix starts {@code path}, if any. */
    public static Optional<SimVendor> forPath(String path) {
        for (SimVendor v : values()) {
            if (path.equals(v.pathPrefix) || path.startsWith(v.pathPrefix + "/")) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
