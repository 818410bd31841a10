package com.gaterouter.common.accounts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a model policy sits above the key (a key's own list lives on the key). */
public enum PolicyScope {
    TENANT,
    DEPARTMENT,
    PROJECT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PolicyScope> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
    }
}
