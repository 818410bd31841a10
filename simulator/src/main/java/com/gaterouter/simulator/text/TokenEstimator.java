package com.gaterouter.simulator.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's one tokenizer. Deterministic and cheap, roughly like BPE on English:
 * <ul>
 *   <li>whitespace is free (it sticks to the next token);</li>
 *   <li>a run of letters/digits is a word; a word of n characters is {@code ceil(n / 4)} tokens
 *       ("the" = 1, "France" = 2, "Simulated" = 3), split into 4-character pieces;</li>
 *   <li>every other visible character (punctuation, symbols, emoji) is 1 token;</li>
 *   <li>every CJK ideograph, kana or hangul syllable is 1 token.</li>
 * </ul>
 * {@link #pieces(String)} returns the tokens themselves, so any prefix of the pieces, joined,
 * counts exactly as many tokens as it has pieces. That is what lets the simulator cut replies at
 * exactly N tokens and stream chunks whose token counts add up to the usage it reports.
 */
public final class TokenEstimator {

    private static final int WORD_PIECE = 4;

    private TokenEstimator() {
    }

    /** Number of tokens in {@code text}. */
    public static int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int tokens = 0;
        int word = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isWordChar(cp)) {
                word++;
                continue;
            }
            tokens += wordTokens(word);
            word = 0;
            if (!Character.isWhitespace(cp) && !Character.isISOControl(cp)) {
                tokens++;
            }
        }
        return tokens + wordTokens(word);
    }

    /**
     * The tokens of {@code text}, each carrying the whitespace before it; the last one also
     * carries trailing whitespace. {@code String.join("", pieces(t))} equals {@code t} unless
     * {@code t} is whitespace only (then the list is empty).
     */
    public static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        StringBuilder pending = new StringBuilder(); // whitespace waiting for the next token
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
                pending.appendCodePoint(cp);
                i += Character.charCount(cp);
            } else if (isWordChar(cp)) {
                int end = i;
                while (end < text.length() && isWordChar(text.codePointAt(end))) {
                    end += Character.charCount(text.codePointAt(end));
                }
                int p = i;
                while (p < end) {
                    int pieceEnd = p;
                    for (int n = 0; n < WORD_PIECE && pieceEnd < end; n++) {
                        pieceEnd += Character.charCount(text.codePointAt(pieceEnd));
                    }
                    out.add(pending + text.substring(p, pieceEnd));
                    pending.setLength(0);
                    p = pieceEnd;
                }
                i = end;
            } else {
                int next = i + Character.charCount(cp);
                out.add(pending + text.substring(i, next));
                pending.setLength(0);
                i = next;
            }
        }
        if (!pending.isEmpty() && !out.isEmpty()) {
            out.set(out.size() - 1, out.getLast() + pending);
        }
        return out;
    }

    /** The first {@code tokens} tokens of {@code text} (all of it when shorter). */
    public static String truncate(String text, int tokens) {
        List<String> pieces = pieces(text);
        if (pieces.size() <= tokens) {
            return text;
        }
        return String.join("", pieces.subList(0, Math.max(0, tokens)));
    }

    /** Splits {@code text} into chunks of {@code tokensPerChunk} tokens, for streaming. */
    public static List<Chunk> chunks(String text, int tokensPerChunk) {
        List<Chunk> out = new ArrayList<>();
        List<String> pieces = pieces(text);
        if (pieces.isEmpty()) {
            if (!text.isEmpty()) {
                out.add(new Chunk(text, 0));
            }
            return out;
        }
        for (int i = 0; i < pieces.size(); i += tokensPerChunk) {
            int end = Math.min(pieces.size(), i + tokensPerChunk);
            out.add(new Chunk(String.join("", pieces.subList(i, end)), end - i));
        }
        return out;
    }

    /** A streamed fragment and how many tokens it holds. */
    public record Chunk(String text, int tokens) {
    }

    private static int wordTokens(int chars) {
        return (chars + WORD_PIECE - 1) / WORD_PIECE;
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) && !isLogographic(cp);
    }

    private static boolean isLogographic(int cp) {
        if (Character.isIdeographic(cp)) {
            return true;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA
                || script == Character.UnicodeScript.HANGUL;
    }
}
