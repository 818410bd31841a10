package com.gaterouter.common.accounts;

import java.util.Objects;
import java.util.Optional;

/** A page of a list: at most {@code limit} items, after the position an earlier page's {@code nextToken} names. */
public record PageRequest(int limit, Optional<String> nextToken) {

    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 50;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        nextToken = Objects.requireNonNullElse(nextToken, Optional.empty());
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, Optional.empty());
    }
}
