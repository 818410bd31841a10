package com.gaterouter.router.vendors;

import com.gaterouter.router.vendors.anthropic.AnthropicClient;
import com.gaterouter.router.vendors.bedrock.BedrockClient;
import com.gaterouter.router.vendors.gemini.GeminiClient;
import com.gaterouter.router.vendors.openai.OpenAiClient;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** The client factory of the {@link VendorApi} registry: one adapter per API shape. */
public final class VendorClients {

    private VendorClients() {
    }

    /**
     * The production adapters; Bedrock's signs with credentials from the default chain (the
     * function's role in Lambda). Tests that need other construction pass their own factory to
     * {@link #byApi(Function)}.
     */
    public static Map<VendorApi, VendorClient> standard(VendorHttpClients http, VendorTimeouts timeouts) {
        return byApi(api -> switch (api) {
            case OPENAI_CHAT -> new OpenAiClient(http, timeouts);
            case ANTHROPIC_MESSAGES -> new AnthropicClient(http, timeouts);
            case GEMINI -> new GeminiClient(http, timeouts);
            case BEDROCK_CONVERSE -> BedrockClient.fromEnvironment(http, timeouts);
        });
    }

    /** One client per registered shape, each built by {@code factory}. */
    public static Map<VendorApi, VendorClient> byApi(Function<VendorApi, VendorClient> factory) {
        Map<VendorApi, VendorClient> clients = new EnumMap<>(VendorApi.class);
        for (VendorApi api : VendorApi.values()) {
            clients.put(api, java.util.Objects.requireNonNull(factory.apply(api), api.wireName()));
        }
        return Collections.unmodifiableMap(clients);
    }
}
