package com.gaterouter.local;

import com.gaterouter.common.accounts.ApiKeySecrets;
import java.util.Objects;
import java.util.Optional;

/**
 * A key as the console shows it. A key the gateway made is printed in full: nobody else knows it.
 * A key from the environment is masked ({@code gr-...wxyz (from GATEROUTER_ADMIN_KEY)}) and the
 * {@code export} line refers to its variable instead of repeating it, so the secret does not end
 * up in terminal scrollback, screen shares or captured logs.
 *
 * @param variable the environment variable the key came from; empty when the gateway made it
 */
record BannerKey(String secret, Optional<String> variable) {

    BannerKey {
        Objects.requireNonNull(secret, "secret");
        variable = Objects.requireNonNullElse(variable, Optional.empty());
    }

    /** The key given in {@code variable}, or a fresh one. */
    static BannerKey givenOrNew(Optional<String> given, String variable) {
        return given.map(key -> new BannerKey(key, Optional.of(variable))).orElseGet(() -> new BannerKey(ApiKeySecrets.newSecret(), Optional.empty()));
    }

    /**
     * For the banner's lines: a given key as {@code gr-...wxyz} (ASCII dots: the console may not be
     * UTF-8), enough to tell keys apart; keys from the environment are at least 35 characters long.
     */
    String shown() {
        return variable.map(v -> secret.substring(0, ApiKeySecrets.PREFIX.length()) + "..." + secret.substring(secret.length() - 4)
                + " (from " + v + ")").orElse(secret);
    }

    /** For a shell command line: the key as one word, or a reference to the variable that holds it. */
    String shellWord() {
        return variable.map(v -> "\"$" + v + "\"").orElseGet(() -> LocalGateway.shellWord(secret));
    }
}
