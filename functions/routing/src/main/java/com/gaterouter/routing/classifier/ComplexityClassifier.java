package com.gaterouter.routing.classifier;

/** Scores how demanding a request is. Implementations are thread-safe, deterministic and never call out. */
@FunctionalInterface
public interface ComplexityClassifier {

    Classification classify(RequestShape request);

    /** The shipped classifier (rules + learned weights bundled as a resource), loaded and primed. */
    static ComplexityClassifier bundled() {
        throw new UnsupportedOperationException("the bundled classifier is being built");
    }
}
