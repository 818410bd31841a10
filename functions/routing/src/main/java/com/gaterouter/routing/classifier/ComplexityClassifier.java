package com.gaterouter.routing.classifier;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Scores how demanding a request is. Implementations are thread-safe, deterministic and never call out. */
@FunctionalInterface
public interface ComplexityClassifier {

    /** Where the shipped weights are on the classpath. */
    String BUNDLED_MODEL = "/routing/complexity-model.bin";

    Classification classify(RequestShape request);

    /** The shipped classifier (rules + learned weights bundled as a resource), loaded and primed. */
    static ComplexityClassifier bundled() {
        return Bundled.INSTANCE;
    }

    /** Loaded on first use, once; the JVM's class initialisation makes it safe to share. */
    final class Bundled {
        /**
         * Requests that exercise every code path (short, long, code, math, tools, parts) so the
         * first real call finds the classes loaded and the interpreter warmed.
         */
        private static final List<RequestShape> PRIMERS = List.of(
                RequestShape.ofPrompt("What is the capital of France?"),
                RequestShape.ofPrompt("Summarize the following text:\n" + "The quick brown fox jumps. ".repeat(120)),
                RequestShape.ofPrompt("Write a Python function `merge(a, b)` that merges two sorted lists:\n```python\ndef merge(a, b):\n    pass\n```"),
                RequestShape.ofPrompt("Prove that $\\sqrt{2}$ is irrational, step by step. Then find x if 3x + 5 = 20."),
                new RequestShape("Book a flight", "", "Hello", 13, 3, 2, 400, 2, RequestShape.OutputFormat.JSON_SCHEMA));
        private static final int PRIMING_ROUNDS = 200;
        // declared after the primers, which class initialisation must have built first
        private static final ComplexityClassifier INSTANCE = primed(load());

        private Bundled() {
        }

        private static HybridClassifier load() {
            try (InputStream in = ComplexityClassifier.class.getResourceAsStream(BUNDLED_MODEL)) {
                if (in == null) {
                    throw new IllegalStateException("the classifier weights " + BUNDLED_MODEL + " are not on the classpath");
                }
                return new HybridClassifier(ComplexityModel.read(new BufferedInputStream(in)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the classifier weights " + BUNDLED_MODEL, e);
            }
        }

        private static ComplexityClassifier primed(ComplexityClassifier classifier) {
            for (int round = 0; round < PRIMING_ROUNDS; round++) {
                for (RequestShape shape : PRIMERS) {
                    classifier.classify(shape);
                }
            }
            return classifier;
        }
    }
}
