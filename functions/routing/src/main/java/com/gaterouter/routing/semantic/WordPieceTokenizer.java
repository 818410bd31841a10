package com.gaterouter.routing.semantic;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * BERT's uncased WordPiece tokenizer, as the Hugging Face {@code tokenizers} library runs it for
 * all-MiniLM-L6-v2 ({@code BertNormalizer} with clean_text, handle_chinese_chars and lowercase,
 * accents stripped; {@code BertPreTokenizer}; {@code WordPiece} with {@code ##} and at most
 * {@value #MAX_WORD_CHARS} characters a word). Plain Java: the router needs the token ids only to
 * look up {@link StaticEmbeddings}, and a native tokenizer library would weigh 18 MB and load a
 * shared object in the Lambda init phase for a few hundred lines of logic. A tools test holds it
 * to the reference tokenizer on every prompt of the routing data.
 *
 * <p>Special tokens ({@code [CLS]}, {@code [SEP]}) are not emitted. Thread-safe: the vocabulary is
 * read-only.
 */
public final class WordPieceTokenizer {

    static final int MAX_WORD_CHARS = 100;
    private static final String CONTINUATION = "##";

    private final Map<String, Integer> vocabulary;
    private final int unknown;

    /** @param vocabulary the tokens in id order (id = index); must contain {@code [UNK]} */
    public WordPieceTokenizer(List<String> vocabulary) {
        Map<String, Integer> ids = new HashMap<>(vocabulary.size() * 2);
        for (int id = 0; id < vocabulary.size(); id++) {
            ids.putIfAbsent(vocabulary.get(id), id);
        }
        Integer unk = ids.get("[UNK]");
        if (unk == null) {
            throw new IllegalArgumentException("the vocabulary has no [UNK] token");
        }
        this.vocabulary = ids;
        this.unknown = unk;
    }

    /** Passes the id of every WordPiece token of {@code text}, in order, to {@code sink}; at most {@code limit} of them. */
    public int tokenize(CharSequence text, int limit, IntConsumer sink) {
        StringBuilder word = new StringBuilder(32);
        int[] emitted = {0};
        int length = text.length();
        int i = 0;
        while (i < length && emitted[0] < limit) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                continue;
            }
            if (cp < 0x80) {
                accept(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp, word, limit, emitted, sink);
            } else if (isChinese(cp) || isWhitespace(cp)) {
                accept(cp, word, limit, emitted, sink);
            } else {
                // normalise first (lowercase, accents stripped), then split: "x" + NOT EQUAL TO + "y" becomes "x=y", three tokens
                String normal = normalise(cp);
                for (int k = 0; k < normal.length(); ) {
                    int n = normal.codePointAt(k);
                    k += Character.charCount(n);
                    accept(n, word, limit, emitted, sink);
                }
            }
        }
        if (emitted[0] < limit) {
            emitted[0] += flush(word, limit - emitted[0], sink);
        }
        return emitted[0];
    }

    /** One normalised code point: ends the word (whitespace), is a word of its own (punctuation, CJK), or extends it. */
    private void accept(int cp, StringBuilder word, int limit, int[] emitted, IntConsumer sink) {
        if (isWhitespace(cp)) {
            emitted[0] += flush(word, limit - emitted[0], sink);
        } else if (isPunctuation(cp) || isChinese(cp)) {
            emitted[0] += flush(word, limit - emitted[0], sink);
            word.appendCodePoint(cp);
            emitted[0] += flush(word, limit - emitted[0], sink);
        } else {
            word.appendCodePoint(cp);
        }
    }

    /** Emits the pending (already normalised) word's pieces and empties it. */
    private int flush(StringBuilder word, int limit, IntConsumer sink) {
        if (word.isEmpty() || limit <= 0) {
            word.setLength(0);
            return 0;
        }
        String normal = word.toString();
        word.setLength(0);
        if (normal.codePointCount(0, normal.length()) > MAX_WORD_CHARS) {
            sink.accept(unknown);
            return 1;
        }
        int[] pieces = new int[Math.min(normal.length(), limit)];
        int count = 0;
        int start = 0;
        while (start < normal.length()) {
            int end = normal.length();
            Integer found = null;
            while (start < end) {
                String candidate = start == 0 ? normal.substring(0, end) : CONTINUATION + normal.substring(start, end);
                found = vocabulary.get(candidate);
                if (found != null) {
                    break;
                }
                end--;
                if (end > start && Character.isLowSurrogate(normal.charAt(end))) {
                    end--;
                }
            }
            if (found == null) {
                sink.accept(unknown);
                return 1;
            }
            if (count < pieces.length) {
                pieces[count++] = found;
            }
            start = end;
        }
        for (int p = 0; p < count; p++) {
            sink.accept(pieces[p]);
        }
        return count;
    }

    /** A non-ASCII code point lowercased and decomposed, combining marks removed (may be empty or several). */
    private static String normalise(int cp) {
        String lower = new String(Character.toChars(cp)).toLowerCase(java.util.Locale.ROOT);
        String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); ) {
            int c = decomposed.codePointAt(i);
            i += Character.charCount(c);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR
                || Character.isWhitespace(cp);
    }

    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
    }

    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
