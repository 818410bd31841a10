package com.gaterouter.routing.classifier;

/**
 * The reason codes a {@link Classification} can carry: the feature groups and rules that moved the
 * score most, in the direction of the result. docs/routing.md lists what each means.
 */
public enum Reason {
    SHORT_PROMPT, PROMPT_LENGTH, LONG_PROMPT,
    CODE, MATH, MULTI_PART, REASONING, CONSTRAINTS, CREATIVE_WRITING,
    SIMPLE_TASK, CHIT_CHAT, SHORT_QUESTION, MULTIPLE_CHOICE,
    /** Wording the learned n-gram weights associate with harder requests. */
    LEARNED_HIGH,
    /** Wording the learned n-gram weights associate with easier requests. */
    LEARNED_LOW,
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
}
