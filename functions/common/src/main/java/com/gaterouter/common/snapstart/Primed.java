package com.gaterouter.common.snapstart;

import java.util.Optional;
import software.amazon.lambda.powertools.metrics.Metrics;

/**
 * A function's object graph, where its metrics go, and the SnapStart hooks it was primed with —
 * held here because the runtime keeps registered hooks only weakly. A function's AWS wiring builds
 * one; tests build one without hooks.
 */
public record Primed<T>(T graph, Metrics metrics, Optional<SnapStartHooks> snapStart) {

    /** A graph built elsewhere (tests): no hooks; {@code metrics} may be null for none. */
    public static <T> Primed<T> withoutHooks(T graph, Metrics metrics) {
        return new Primed<>(graph, metrics, Optional.empty());
    }

    /** This, its hooks registered with the runtime. */
    public Primed<T> registered() {
        snapStart.ifPresent(SnapStartHooks::register);
        return this;
    }
}
