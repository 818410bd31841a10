package com.gaterouter.common.secrets;

import java.util.Map;
import java.util.Optional;

/**
 * Where vendor credentials come from. A secret is a JSON object of string fields
 * (for the vendor-keys secret: one field per vendor, e.g. {@code {"openai":"sk-…"}}).
 * Implementations cache; callers ask on every request and must never log the values.
 */
public interface SecretsSource {

    /** The secret's fields, or empty when the secret does not exist. */
    Optional<Map<String, String>> secretFields(String secretId);

    /** Drops any cached copy so the next read goes to the store (e.g. after a vendor answered 401). */
    void invalidate(String secretId);
}
