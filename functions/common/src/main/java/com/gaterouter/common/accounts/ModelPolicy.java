package com.gaterouter.common.accounts;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One level's model permissions: an allow list (empty = this level does not restrict) and a deny
 * list (always wins). Entries are catalog model ids ({@code openai/gpt-4o}), a vendor wildcard
 * ({@code anthropic/*}) or {@code *}. Levels combine by intersection ({@link ModelAccess}).
 */
public record ModelPolicy(Set<String> allow, Set<String> deny) {

    /** What an entry may look like: {@code *}, {@code vendor/*} or {@code vendor/model}. */
    public static final Pattern ENTRY = Pattern.compile("^(\\*|[a-z0-9][a-z0-9-]{0,31}/(\\*|[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}))$");

    public static final ModelPolicy UNRESTRICTED = new ModelPolicy(Set.of(), Set.of());

    public ModelPolicy {
        allow = Set.copyOf(Objects.requireNonNullElse(allow, Set.of()));
        deny = Set.copyOf(Objects.requireNonNullElse(deny, Set.of()));
        for (String entry : allow) {
            requireEntry(entry);
        }
        for (String entry : deny) {
            requireEntry(entry);
        }
    }

    public static ModelPolicy allowOnly(Set<String> models) {
        return new ModelPolicy(models, Set.of());
    }

    public boolean permits(String modelId) {
        if (deny.stream().anyMatch(entry -> matches(entry, modelId))) {
            return false;
        }
        return allow.isEmpty() || allow.stream().anyMatch(entry -> matches(entry, modelId));
    }

    public boolean isUnrestricted() {
        return allow.isEmpty() && deny.isEmpty();
    }

    static boolean matches(String entry, String modelId) {
        if (entry.equals("*")) {
            return true;
        }
        if (entry.endsWith("/*")) {
            return modelId.startsWith(entry.substring(0, entry.length() - 1));
        }
        return entry.equals(modelId);
    }

    private static void requireEntry(String entry) {
        if (entry == null || !ENTRY.matcher(entry).matches()) {
            throw new IllegalArgumentException("not a model, vendor wildcard or '*': " + entry);
        }
    }
}
