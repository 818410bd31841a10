package com.gaterouter.router.vendors;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans a vendor's error message before a client sees it. Vendors quote what they were sent —
 * OpenAI names the (masked) key it refused, proxies and self-hosted endpoints print their own
 * address — and the gateway relays the vendor's words for the caller's own errors, so every
 * failure message passes through here once, with the call's key and endpoint at hand:
 * the key itself, anything shaped like a vendor, AWS or GateRouter key, bearer tokens and
 * {@code key=} query parameters, and URLs of the vendor's endpoint or of internal hosts are
 * replaced; public documentation links stay. The result is at most {@value #MAX_LENGTH} characters.
 */
public final class MessageScrubber {

    static final int MAX_LENGTH = 400;
    private static final String HIDDEN = "***";
    private static final Pattern KEY_SHAPES = Pattern.compile(String.join("|",
            "\\bsk-[A-Za-z0-9_*\\-]{4,}", // OpenAI, DeepSeek, Anthropic (sk-ant-…), masked or not
            "\\bAIza[0-9A-Za-z_\\-]{8,}", // Google API keys
            "\\b(?:AKIA|ASIA)[0-9A-Z]{12,}", // AWS access key ids
            "\\bgr-[A-Za-z0-9_\\-]{8,}", // GateRouter keys
            "(?i)\\bbearer\\s+[A-Za-z0-9._~+/=\\-]{16,}"));
    private static final Pattern KEY_PARAMETER = Pattern.compile("(?i)([?&](?:key|api[_-]?key|access_token)=)[^&\\s\"'<>)]+");
    private static final List<String> INTERNAL_SUFFIXES = List.of(".localhost", ".internal", ".local", ".lan", ".corp",
            ".intranet", ".home.arpa", ".svc");
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|wss?)://[^\\s\"'<>)]+");

    private MessageScrubber() {
    }

    /**
     * @param message  a vendor failure's message (may be null: answered as empty)
     * @param apiKey   the key the call was made with (blank or short values are not searched for)
     * @param endpoint the vendor's base URL: links to its host are hidden
     */
    public static String scrub(String message, String apiKey, Optional<URI> endpoint) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        String text = message;
        if (apiKey != null && apiKey.strip().length() >= 6) {
            text = text.replace(apiKey.strip(), HIDDEN);
        }
        text = KEY_SHAPES.matcher(text).replaceAll(HIDDEN);
        text = KEY_PARAMETER.matcher(text).replaceAll("$1" + HIDDEN);
        String endpointHost = endpoint.map(URI::getHost).map(h -> h.toLowerCase(Locale.ROOT)).orElse(null);
        Matcher urls = URL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (urls.find()) {
            String host = hostOf(urls.group());
            boolean hide = host == null || host.equals(endpointHost) || internal(host);
            urls.appendReplacement(out, Matcher.quoteReplacement(hide ? "<vendor endpoint>" : urls.group()));
        }
        urls.appendTail(out);
        text = out.toString();
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
    }

    /** The same failure, its message scrubbed for {@code call}. */
    public static VendorFailure scrub(VendorFailure failure, VendorCall call) {
        return failure.withMessage(scrub(failure.message(), call.apiKey(), Optional.ofNullable(call.vendor().baseUrl())));
    }

    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException unparseable) {
            return null;
        }
    }

    /**
     * Addresses (public documentation is never linked by address) and names that only resolve
     * inside a network: localhost, single labels, {@code .internal}, {@code .local}, {@code .svc}, …
     */
    static boolean internal(String host) {
        String h = host.startsWith("[") ? host : host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") || h.matches("[0-9.]+")) {
            return true;
        }
        return h.equals("localhost") || !h.contains(".") || INTERNAL_SUFFIXES.stream().anyMatch(h::endsWith);
    }
}
