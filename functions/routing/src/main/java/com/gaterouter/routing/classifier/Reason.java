package com.gaterouter.routing.classifier;

/**
 * The reason codes a {@link Classification} can carry: the feature groups and rules that moved the
 * score most, in the direction of the result. docs/routing.md lists what each means.
 */
enum Reason {
    /**
     * The length of the last user turn (every length feature together). On the wire it says which
     * way the length points: {@code short_prompt}, {@code prompt_length} or {@code long_prompt}
     * ({@link #code(RequestShape)}).
     */
    PROMPT_LENGTH,
    CODE, MATH, MULTI_PART, REASONING, CONSTRAINTS, CREATIVE_WRITING,
    SIMPLE_TASK, CHIT_CHAT, SHORT_QUESTION, MULTIPLE_CHOICE,
    /** Wording the learned n-gram weights associate with harder requests. */
    LEARNED_HIGH,
    /** Wording the learned n-gram weights associate with easier requests. */
    LEARNED_LOW,
    /** What the prompt is about (its static sentence embedding) resembles prompts a weak model got wrong. */
    SEMANTIC_HARD,
    /** What the prompt is about resembles prompts a weak model handled. */
    SEMANTIC_EASY,
    /** Rule: the request offers tools (also a floor: never light). */
    TOOLS,
    /** Rule: {@code response_format} asks for JSON. */
    STRUCTURED_OUTPUT,
    /** Rule: a conversation of several user turns. */
    CONVERSATION,
    /** Rule: a large context across all messages. */
    LONG_CONTEXT;

    private final String code = name().toLowerCase(java.util.Locale.ROOT);

    /** The code on the wire ({@code [a-z_]+}). */
    public String code() {
        return code;
    }

    /** Under this many characters the length reason reads {@code short_prompt}. */
    static final int SHORT_PROMPT_CHARS = 250;
    /** From this many characters the length reason reads {@code long_prompt}. */
    static final int LONG_PROMPT_CHARS = 1_000;

    /** The code for {@code request}: the length reason names the request's actual length, never the opposite. */
    public String code(RequestShape request) {
        if (this != PROMPT_LENGTH) {
            return code;
        }
        int chars = request.lastUserTurnChars();
        return chars < SHORT_PROMPT_CHARS ? "short_prompt" : chars >= LONG_PROMPT_CHARS ? "long_prompt" : code;
    }
}
