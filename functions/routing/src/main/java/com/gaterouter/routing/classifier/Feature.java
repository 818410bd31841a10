package com.gaterouter.routing.classifier;

import java.util.List;

/**
 * The dense, hand-designed features of the last user turn, each a value in 0..1 that the learned
 * model weighs next to the hashed word n-grams. Each names the reason code it reports under when
 * it moves the score; several features can share a code (all the code signals report {@code code}).
 * The order is part of the weights format: the model file lists the names and loading checks them.
 */
public enum Feature {
    /** Under 60 characters: greetings, one-line questions. */
    LENGTH_TINY("short_prompt"),
    /** 60 to 250 characters. */
    LENGTH_SHORT("short_prompt"),
    /** 250 to 1,000 characters. */
    LENGTH_MEDIUM("prompt_length"),
    /** 1,000 to 4,000 characters. */
    LENGTH_LONG("long_prompt"),
    /** 4,000 characters or more (only head and tail are read; the length itself is known). */
    LENGTH_VERY_LONG("long_prompt"),
    /** How many lines the read part has (log scale). */
    LINES("long_prompt"),
    /** A Markdown code fence. */
    CODE_FENCE("code"),
    /** Programming words: def, class, return, import, #include, language names, "stack trace". */
    CODE_WORDS("code"),
    /** Density of braces, semicolons, brackets and parentheses. */
    CODE_SYMBOLS("code"),
    /** Share of indented lines, as in pasted source code. */
    CODE_INDENT("code"),
    /** Mathematical words: solve, equation, integral, probability, "how many". */
    MATH_WORDS("math"),
    /** Density of digits and arithmetic operators. */
    MATH_SYMBOLS("math"),
    /** LaTeX commands or dollar-delimited formulas. */
    MATH_LATEX("math"),
    /** How many separate numbers appear. */
    NUMBERS("math"),
    /** Numbered or bulleted lines: a request in several parts. */
    LIST_ITEMS("multi_part"),
    /** More than one question mark. */
    QUESTIONS("multi_part"),
    /** Sequencing words: "and then", additionally, finally. */
    CONNECTIVES("multi_part"),
    /** Reasoning verbs: prove, derive, analyse, design, optimise, debug, implement. */
    REASONING_WORDS("reasoning"),
    /** Reasoning phrases: "step by step", "explain why", "edge cases", "time complexity". */
    REASONING_PHRASES("reasoning"),
    /** Simple-task verbs where the instruction is (start or end): summarise, translate, classify, extract. */
    SIMPLE_TASK("simple_task"),
    /** Greetings and small talk. */
    CHIT_CHAT("chit_chat"),
    /** A short question: under 200 characters with a question mark or a wh-word. */
    SHORT_QUESTION("short_question"),
    /** Lettered answer options (A. B. C. D.). */
    MULTIPLE_CHOICE("multiple_choice"),
    /** Creative writing words: story, poem, essay, lyrics. */
    CREATIVE("creative_writing"),
    /** Constraint words: must, exactly, "at least", without. */
    CONSTRAINTS("constraints");

    private static final List<Feature> ALL = List.of(values());

    private final String reason;

    Feature(String reason) {
        this.reason = reason;
    }

    /** The reason code this feature reports under. */
    public String reason() {
        return reason;
    }

    public static List<Feature> all() {
        return ALL;
    }

    public static int count() {
        return ALL.size();
    }
}
