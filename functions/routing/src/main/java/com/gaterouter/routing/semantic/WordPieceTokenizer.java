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

    public int unknownId() {
        return unknown;
    }

    /** Passes the id of every WordPiece token of {@code text}, in order, to {@code sink}; at most {@code limit} of them. */
    public int tokenize(CharSequence text, int limit, IntConsumer sink) {
        StringBuilder word = new StringBuilder(32);
        int emitted = 0;
        int length = text.length();
        int i = 0;
        while (i < length && emitted < limit) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                continue;
            }
            if (isWhitespace(cp)) {
                emitted += flush(word, limit - emitted, sink);
            } else if (isPunctuation(cp) || isChinese(cp)) {
                emitted += flush(word, limit - emitted, sink);
                word.appendCodePoint(cp);
                emitted += flush(word, limit - emitted, sink);
            } else {
                word.appendCodePoint(cp);
            }
        }
        if (emitted < limit) {
            emitted += flush(word, limit - emitted, sink);
        }
        return emitted;
    }

    /** Normalises the pending word (lowercase, accents stripped) and emits its pieces; empties it. */
    private int flush(StringBuilder word, int limit, IntConsumer sink) {
        if (word.isEmpty() || limit <= 0) {
            word.setLength(0);
            return 0;
        }
        String normal = normalise(word);
        word.setLength(0);
        if (normal.isEmpty()) {
            return 0;
        }
        // accents stripped can leave punctuation-free pieces only; a word of marks alone vanishes
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

    private static String normalise(CharSequence word) {
        String lower = word.toString().toLowerCase(java.util.Locale.ROOT);
        boolean ascii = true;
        for (int i = 0; i < lower.length() && ascii; i++) {
            ascii = lower.charAt(i) < 0x80;
        }
        if (ascii) {
            return lower;
        }
        String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                out.appendCodePoint(cp);
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
