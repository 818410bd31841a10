package com.gaterouter.common.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** The headers a test client sends, in order: its bearer key, a JSON content type with a body, then any more. */
public final class ClientHeaders {

    private ClientHeaders() {
    }

    /**
     * @param key      the API key sent as {@code Authorization: Bearer …}; null sends none
     * @param jsonBody whether a JSON body goes with them ({@code Content-Type: application/json})
     * @param more     further headers as name, value pairs; a later one replaces an earlier one of the same name
     */
    public static Map<String, String> of(String key, boolean jsonBody, String... more) {
        if (more.length % 2 != 0) {
            throw new IllegalArgumentException("headers come as name, value pairs: " + String.join(", ", more));
        }
        Map<String, String> all = new LinkedHashMap<>();
        if (key != null) {
            all.put("Authorization", "Bearer " + key);
        }
        if (jsonBody) {
            all.put("Content-Type", "application/json");
        }
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }
}
