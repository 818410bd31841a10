package com.gaterouter.routing.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What the classifier reads of a request: the last user turn (capped to its head and tail), the
 * conversation's shape, tools and response format. Never the whole of a long prompt: building a
 * shape costs the same for a 1 MB prompt as for a short one, because only {@link String#length()}
 * is taken of everything outside the head and tail.
 *
 * @param head              the first {@value #HEAD_CHARS} characters of the last user turn (all of it when short)
 * @param tail              its last {@value #TAIL_CHARS} characters when the turn is longer than head + tail, else empty
 * @param previousTurn      the first {@value #PREVIOUS_CHARS} characters of the user turn before it, or empty:
 *                          what a short follow-up ("what about x < 5?") is about
 * @param lastUserTurnChars the full length of the last user turn
 * @param messages          number of messages
 * @param userTurns         number of user messages
 * @param contextChars      length of every message's text together (system, earlier turns, tool results)
 * @param tools             number of tools (or legacy functions) the request offers the model
 * @param outputFormat      the requested {@code response_format}
 */
public record RequestShape(String head, String tail, String previousTurn, int lastUserTurnChars, int messages, int userTurns,
                           long contextChars, int tools, OutputFormat outputFormat) {

    /** How much of the start of the last user turn is read: where the instruction usually is. */
    public static final int HEAD_CHARS = 1500;
    /** How much of its end is read: where an instruction after pasted material usually is. */
    public static final int TAIL_CHARS = 500;
    /** How much of the previous user turn is read, for the conversation's topic. */
    public static final int PREVIOUS_CHARS = 500;

    /** The {@code response_format.type} of a request. */
    public enum OutputFormat {
        TEXT, JSON_OBJECT, JSON_SCHEMA;

        static OutputFormat of(JsonNode responseFormat) {
            return switch (responseFormat == null ? "" : responseFormat.path("type").asText("")) {
                case "json_object" -> JSON_OBJECT;
                case "json_schema" -> JSON_SCHEMA;
                default -> TEXT;
            };
        }
    }

    public RequestShape {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(tail, "tail");
        Objects.requireNonNull(previousTurn, "previousTurn");
        Objects.requireNonNull(outputFormat, "outputFormat");
        if (head.length() > HEAD_CHARS || tail.length() > TAIL_CHARS || previousTurn.length() > PREVIOUS_CHARS) {
            throw new IllegalArgumentException("head, tail and previous turn must be capped at " + HEAD_CHARS + ", "
                    + TAIL_CHARS + " and " + PREVIOUS_CHARS);
        }
    }

    /** From a chat completion body in OpenAI form ({@code messages}, {@code tools}, {@code response_format}). */
    public static RequestShape of(ObjectNode body) {
        int tools = body.path("tools").size() + body.path("functions").size();
        return of(body.path("messages"), tools, OutputFormat.of(body.get("response_format")));
    }

    /** From a {@code messages} array alone (the calibration CLI's {@code {"messages": [...]}} lines). */
    public static RequestShape ofMessages(JsonNode messages) {
        return of(messages, 0, OutputFormat.TEXT);
    }

    /** A single user prompt (the calibration CLI's {@code {"prompt": ...}} lines, the training data). */
    public static RequestShape ofPrompt(String prompt) {
        CappedText text = new CappedText();
        text.addFromStart(prompt);
        text.addFromEnd(prompt);
        return text.toShape("", prompt.length(), 1, 1, prompt.length(), 0, OutputFormat.TEXT);
    }

    private static RequestShape of(JsonNode messages, int tools, OutputFormat outputFormat) {
        int count = messages.size();
        int userTurns = 0;
        int lastUser = -1;
        int previousUser = -1;
        long contextChars = 0;
        for (int i = 0; i < count; i++) {
            JsonNode message = messages.get(i);
            contextChars += textLength(message.get("content"));
            if ("user".equals(message.path("role").asText())) {
                userTurns++;
                previousUser = lastUser;
                lastUser = i;
            }
        }
        // No user turn (a system-only request): the last message is what the model answers.
        JsonNode turn = lastUser >= 0 ? messages.get(lastUser) : count > 0 ? messages.get(count - 1) : null;
        JsonNode content = turn == null ? null : turn.get("content");
        CappedText text = new CappedText();
        int turnChars = textLength(content);
        if (content != null && content.isTextual()) {
            text.addFromStart(content.textValue());
            text.addFromEnd(content.textValue());
        } else if (content != null && content.isArray()) {
            // parts: fill the head from the first text parts and the tail from the last ones, so a
            // huge multi-part message is never concatenated
            for (int i = 0; i < content.size() && text.headOpen(); i++) {
                text.addFromStart(partText(content.get(i)));
            }
            for (int i = content.size() - 1; i >= 0 && text.tailOpen(); i--) {
                text.addFromEnd(partText(content.get(i)));
            }
        }
        return text.toShape(previousHead(previousUser >= 0 ? messages.get(previousUser).get("content") : null),
                turnChars, count, userTurns, contextChars, tools, outputFormat);
    }

    private static String previousHead(JsonNode content) {
        if (content == null) {
            return "";
        }
        String first = content.isTextual() ? content.textValue() : "";
        for (int i = 0; first.isEmpty() && content.isArray() && i < content.size(); i++) {
            first = partText(content.get(i));
        }
        return first.length() <= PREVIOUS_CHARS ? first : first.substring(0, PREVIOUS_CHARS);
    }

    private static int textLength(JsonNode content) {
        if (content == null) {
            return 0;
        }
        if (content.isTextual()) {
            return content.textValue().length();
        }
        int length = 0;
        for (JsonNode part : content) {
            length += partText(part).length();
        }
        return length;
    }

    private static String partText(JsonNode part) {
        JsonNode text = part.get("text");
        return text != null && text.isTextual() ? text.textValue() : "";
    }

    /**
     * Collects at most {@link #HEAD_CHARS} from the start and {@link #TAIL_CHARS} from the end of a
     * text given as one or more pieces, copying only those characters.
     */
    private static final class CappedText {
        private final StringBuilder head = new StringBuilder();
        private final StringBuilder tail = new StringBuilder();

        boolean headOpen() {
            return head.length() < HEAD_CHARS;
        }

        boolean tailOpen() {
            return tail.length() < TAIL_CHARS;
        }

        void addFromStart(String piece) {
            if (piece.isEmpty() || !headOpen()) {
                return;
            }
            if (!head.isEmpty()) {
                head.append('\n');
            }
            head.append(piece, 0, Math.min(piece.length(), Math.max(0, HEAD_CHARS - head.length())));
            head.setLength(Math.min(head.length(), HEAD_CHARS));
        }

        /** Pieces arrive last first; each one's end is prepended to what was collected. */
        void addFromEnd(String piece) {
            if (piece.isEmpty() || !tailOpen()) {
                return;
            }
            if (!tail.isEmpty()) {
                tail.insert(0, '\n');
            }
            int take = Math.min(piece.length(), Math.max(0, TAIL_CHARS - tail.length()));
            tail.insert(0, piece, piece.length() - take, piece.length());
        }

        RequestShape toShape(String previousTurn, int turnChars, int messages, int userTurns, long contextChars, int tools,
                             OutputFormat outputFormat) {
            // the tail holds only what the head did not cover, so no character is read twice
            int tailChars = Math.max(0, Math.min(tail.length(), Math.min(TAIL_CHARS, turnChars - HEAD_CHARS)));
            String tailText = tail.substring(tail.length() - tailChars);
            return new RequestShape(head.toString(), tailText, previousTurn, turnChars, messages, userTurns, contextChars, tools,
                    outputFormat);
        }
    }
}
