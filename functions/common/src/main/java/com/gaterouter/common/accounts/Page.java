package com.gaterouter.common.accounts;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** One page of a list; {@code nextToken} is present while more items may follow. */
public record Page<T>(List<T> items, Optional<String> nextToken) {

    public Page {
        items = List.copyOf(items);
        nextToken = Objects.requireNonNullElse(nextToken, Optional.empty());
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), nextToken);
    }
}
