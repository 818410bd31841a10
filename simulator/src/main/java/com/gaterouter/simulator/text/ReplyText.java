package com.gaterouter.simulator.text;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic reply text of an exact token length: a base sentence (for example
 * "Simulated reply to: what is the capital of France?") followed by filler words drawn from a
 * generator seeded by the prompt. Filler words are at most 4 letters, so each is one token.
 */
public final class ReplyText {

    private static final String[] FILLER = {
        "the", "data", "flow", "is", "and", "a", "to", "of", "each", "mock", "text", "sim", "word",
        "line", "node", "path", "more", "with", "for", "on", "as", "by", "it", "this", "that", "will",
        "be", "test", "fast", "can", "run", "only", "here", "now", "then", "some", "fine", "good",
        "one", "two", "keep", "calm", "next", "step", "new", "plan", "real", "work", "well", "so"
    };

    private ReplyText() {
    }

    /** Exactly {@code tokens} tokens (by {@link TokenEstimator}): {@code base}, cut or padded. */
    public static String build(String base, long seed, int tokens) {
        if (tokens <= 0) {
            return "";
        }
        List<String> pieces = new ArrayList<>(TokenEstimator.pieces(base.strip()));
        if (pieces.size() >= tokens) {
            return String.join("", pieces.subList(0, tokens));
        }
        SplittableRandom random = new SplittableRandom(seed);
        int sentence = 0;
        int sentenceLength = 6 + random.nextInt(6);
        while (pieces.size() < tokens) {
            if (sentence == sentenceLength && pieces.size() < tokens) {
                pieces.add(".");
                sentence = 0;
                sentenceLength = 6 + random.nextInt(6);
                continue;
            }
            // a leading space keeps filler words from gluing onto the previous word
            pieces.add(" " + FILLER[random.nextInt(FILLER.length)]);
            sentence++;
        }
        return String.join("", pieces);
    }

    /** The first {@code n} whitespace-separated words of {@code text}, single-spaced. */
    public static String firstWords(String text, int n) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        String[] words = trimmed.split("\\s+");
        return String.join(" ", java.util.Arrays.asList(words).subList(0, Math.min(n, words.length)));
    }
}
