package com.gaterouter.common.accounts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The browser origins a tenant lets call the app API with its keys (CORS): exact origins such as
 * {@code https://app.example.com} ({@code scheme://host[:port]}, as browsers send them in the
 * {@code Origin} header), or {@link #ANY} alone. Empty (the default): no browser app may read the
 * gateway's answers — exactly the behaviour before tenants could allow any.
 *
 * <p>Entries are kept canonical — lower case, without a default port or a trailing slash — so they
 * compare byte for byte with the {@code Origin} a browser sends.
 *
 * @param origins canonical entries, sorted, no duplicates
 */
public record AllowedOrigins(List<String> origins) {

    /** Every origin: answers carry {@code Access-Control-Allow-Origin: *}. */
    public static final String ANY = "*";
    public static final int MAX_ENTRIES = 100;
    /** Far above any real origin ({@code https://} + a 253-character host name + a port). */
    public static final int MAX_ENTRY_LENGTH = 300;

    public static final AllowedOrigins NONE = new AllowedOrigins(List.of());

    public AllowedOrigins {
        origins = List.copyOf(new TreeSet<>(java.util.Objects.requireNonNullElse(origins, List.of())));
        if (origins.contains(ANY) && origins.size() > 1) {
            throw new IllegalArgumentException("'*' allows every origin: list it alone.");
        }
    }

    /**
     * Validates and canonicalises what an admin wrote.
     *
     * @throws IllegalArgumentException naming the offending entry, in words an admin can act on
     */
    public static AllowedOrigins of(Collection<String> entries) {
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " origins.");
        }
        TreeSet<String> canonical = new TreeSet<>();
        for (String entry : entries) {
            canonical.add(canonical(entry));
        }
        if (canonical.contains(ANY) && canonical.size() > 1) {
            throw new IllegalArgumentException("'*' allows every origin: list it alone.");
        }
        return new AllowedOrigins(List.copyOf(canonical));
    }

    /**
     * One entry in canonical form: {@code *}, or {@code http(s)://host[:port]} in lower case without
     * a default port; a single trailing {@code /} is forgiven, any other path, a query, a fragment,
     * user info or a wildcard host is refused.
     */
    public static String canonical(String entry) {
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException("an origin must not be empty.");
        }
        if (entry.equals(ANY)) {
            return ANY;
        }
        String shown = entry.length() > 60 ? entry.substring(0, 60) + "…" : entry;
        String hint = " Write exact origins such as https://app.example.com (scheme, host and port only), or \"*\".";
        if (entry.length() > MAX_ENTRY_LENGTH) {
            throw new IllegalArgumentException("'" + shown + "' is longer than " + MAX_ENTRY_LENGTH + " characters.");
        }
        String candidate = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
        URI uri;
        try {
            uri = new URI(candidate);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + shown + "' is not an origin." + hint);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("'" + shown + "' is not an http or https origin." + hint);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + shown + "' is not an origin: it may have no path, query, user or wildcard."
                    + hint);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    public boolean isEmpty() {
        return origins.isEmpty();
    }

    /**
     * The {@code Access-Control-Allow-Origin} value for a request from {@code origin}: {@code *}
     * when every origin is allowed, the origin itself when it is listed, else empty.
     */
    public Optional<String> allowOriginFor(String origin) {
        if (origins.isEmpty() || origin == null) {
            return Optional.empty();
        }
        if (origins.get(0).equals(ANY)) {
            return Optional.of(ANY);
        }
        // browsers send origins canonical already: an exact comparison is the rule, not a convenience
        return origins.contains(origin) ? Optional.of(origin) : Optional.empty();
    }
}
