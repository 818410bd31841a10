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
    LENGTH_TINY(Reason.PROMPT_LENGTH),
    /** 60 to 250 characters. */
    LENGTH_SHORT(Reason.PROMPT_LENGTH),
    /** 250 to 1,000 characters. */
    LENGTH_MEDIUM(Reason.PROMPT_LENGTH),
    /** 1,000 to 4,000 characters. */
    LENGTH_LONG(Reason.PROMPT_LENGTH),
    /** 4,000 characters or more (only head and tail are read; the length itself is known). */
    LENGTH_VERY_LONG(Reason.PROMPT_LENGTH),
    /** The turn's length on a log scale (0 at 1 character, 1 at 20,000): the slope within and across buckets. */
    LENGTH_LOG(Reason.PROMPT_LENGTH),
    /** How many lines the read part has (log scale). */
    LINES(Reason.PROMPT_LENGTH),
    /** A Markdown code fence. */
    CODE_FENCE(Reason.CODE),
    /** Programming words: def, class, return, import, #include, language names, "stack trace". */
    CODE_WORDS(Reason.CODE),
    /** Density of braces, semicolons, brackets and parentheses. */
    CODE_SYMBOLS(Reason.CODE),
    /** Share of indented lines, as in pasted source code. */
    CODE_INDENT(Reason.CODE),
    /** Mathematical words: solve, equation, integral, probability, "how many". */
    MATH_WORDS(Reason.MATH),
    /** Density of digits and arithmetic operators. */
    MATH_SYMBOLS(Reason.MATH),
    /** LaTeX commands or dollar-delimited formulas. */
    MATH_LATEX(Reason.MATH),
    /** How many separate numbers appear. */
    NUMBERS(Reason.MATH),
    /** Numbered or bulleted lines: a request in several parts. */
    LIST_ITEMS(Reason.MULTI_PART),
    /** More than one question mark. */
    QUESTIONS(Reason.MULTI_PART),
    /** Sequencing words: "and then", additionally, finally. */
    CONNECTIVES(Reason.MULTI_PART),
    /** Reasoning verbs: prove, derive, analyse, design, optimise, debug, implement. */
    REASONING_WORDS(Reason.REASONING),
    /** Reasoning phrases: "step by step", "explain why", "edge cases", "time complexity". */
    REASONING_PHRASES(Reason.REASONING),
    /** Simple-task verbs where the instruction is (start or end): summarise, translate, classify, extract. */
    SIMPLE_TASK(Reason.SIMPLE_TASK),
    /** Greetings and small talk. */
    CHIT_CHAT(Reason.CHIT_CHAT),
    /** A short question: under 200 characters with a question mark or a wh-word. */
    SHORT_QUESTION(Reason.SHORT_QUESTION),
    /** Lettered answer options (A. B. C. D.). */
    MULTIPLE_CHOICE(Reason.MULTIPLE_CHOICE),
    /** Creative writing words: story, poem, essay, lyrics. */
    CREATIVE(Reason.CREATIVE_WRITING),
    /** Constraint words: must, exactly, "at least", without. */
    CONSTRAINTS(Reason.CONSTRAINTS),
    /** The previous user turn was about code: a short follow-up in a coding conversation is still coding. */
    CONTEXT_CODE(Reason.CONVERSATION),
    /** The previous user turn was about mathematics. */
    CONTEXT_MATH(Reason.CONVERSATION),
    /** The previous user turn asked for reasoning. */
    CONTEXT_REASONING(Reason.CONVERSATION),
    /**
     * A word problem (two or more numbers, a question, no options, no code): its length on a log
     * scale — longer problems hold more quantities and take more steps.
     */
    WORD_PROBLEM_LENGTH(Reason.MATH),
    /** A word problem: how many quantities it gives. */
    WORD_PROBLEM_QUANTITIES(Reason.MATH),
    /** Multiple choice: the question's length before the first option (log scale). */
    MC_STEM_LENGTH(Reason.MULTIPLE_CHOICE, true),
    /** Multiple choice: the options' mean length (log scale). */
    MC_OPTION_LENGTH(Reason.MULTIPLE_CHOICE, true),
    /** Multiple choice: the share of options that are numbers (a calculation to do). */
    MC_NUMERIC_OPTIONS(Reason.MATH),
    /** Multiple choice: mean word length — rare, technical vocabulary (recall) against plain words (reasoning). */
    MC_WORD_LENGTH(Reason.MULTIPLE_CHOICE, true),
    /** Multiple choice: how many sentences (log scale) — a scenario or several premises to combine. */
    MC_SENTENCES(Reason.MULTIPLE_CHOICE),
    /** Multiple choice: negation cues — not, except, least, false, incorrect. */
    MC_NEGATION(Reason.MULTIPLE_CHOICE);

    private static final List<Feature> ALL = List.of(values());

    private final Reason reason;
    private final boolean centred;

    Feature(Reason reason) {
        this(reason, false);
    }

    Feature(Reason reason, boolean centred) {
        this.reason = reason;
        this.centred = centred;
    }

    /** The reason code this feature reports under. */
    public Reason reason() {
        return reason;
    }

    public static List<Feature> all() {
        return ALL;
    }

    public static int count() {
        return ALL.size();
    }

    /**
     * The length of the dense vector the model weighs: every feature, then every feature again
     * for multiple-choice questions only (zero otherwise). What makes an exam question hard for a
     * weak model differs from what makes an open task hard, so the model gets separate weights.
     */
    public static int denseSize() {
        return 2 * ALL.size();
    }

    /**
     * A length feature: one of the one-hot buckets (one always fires) or the log length (always
     * positive). Their weights mean something only against the average length, so the classifier
     * explains them relative to the training mean.
     */
    public boolean isLengthFeature() {
        return ordinal() <= LENGTH_LOG.ordinal();
    }

    /**
     * Whether the classifier explains this feature relative to its training mean: the length
     * features, and measures that are non-zero for almost every request of their kind (word length,
     * a multiple-choice question's stem and option lengths), where only the deviation means something.
     */
    public boolean isCentred() {
        return isLengthFeature() || centred;
    }

    /** A measure of a multiple-choice question (its stem, its options): zero for any other request. */
    public boolean isMultipleChoiceOnly() {
        return name().startsWith("MC_");
    }

    /** The feature behind a slot of the dense vector. */
    public static Feature ofSlot(int slot) {
        return ALL.get(slot % ALL.size());
    }
}
