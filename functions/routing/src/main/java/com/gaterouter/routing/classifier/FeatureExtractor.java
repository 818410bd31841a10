package com.gaterouter.routing.classifier;

/**
 * One pass over the head and tail of the last user turn that yields the dense {@link Feature}
 * values and the hashed word unigrams and bigrams. Hand-rolled: no regex, no substrings, no
 * per-token allocation — characters are lowercased and hashed as they are read, and keyword
 * detection is a lookup of the same token hashes in a small open-addressing table.
 *
 * <p>Tokens are runs of letters (with {@code _}, so identifiers stay whole), runs of digits (all
 * hashed as one "number" token, so numbers generalise) and single other non-space characters
 * ({@code {}, {@code ;}, {@code ?}, {@code $}...). Bigrams join consecutive tokens within a part.
 * Stateless and thread-safe.
 */
public final class FeatureExtractor {

    /** Receives the bucket of every unigram and bigram occurrence. */
    @FunctionalInterface
    public interface NgramSink {
        void accept(int bucket);
    }

    /**
     * How much the word n-grams count for a multiple-choice question, relative to other requests:
     * an exam question's words are mostly its subject's vocabulary, which says little about an
     * unseen subject, so the question's shape (the dense features) decides more.
     */
    public static final float MULTIPLE_CHOICE_NGRAM_SCALE = 0f;

    /** The factor of the n-gram contribution for a request with these dense values. */
    public static float ngramScale(float[] dense) {
        return dense[Feature.MULTIPLE_CHOICE.ordinal()] > 0 ? MULTIPLE_CHOICE_NGRAM_SCALE : 1f;
    }

    /** Characters from the start and end of the turn in which instruction verbs count as the task. */
    private static final int INSTRUCTION_ZONE = 300;
    private static final int MAX_TOKEN_CHARS = 24;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long BIGRAM_SALT = 0x9E3779B97F4A7C15L;
    /** Every run of digits is the same token. */
    private static final long NUMBER_TOKEN = fnv("<num>");

    private final int hashBits;

    public FeatureExtractor(int hashBits) {
        if (hashBits < 8 || hashBits > 24) {
            throw new IllegalArgumentException("hashBits must be within 8..24, got " + hashBits);
        }
        this.hashBits = hashBits;
    }

    public int hashBits() {
        return hashBits;
    }

    /**
     * Fills {@code dense} (length {@link Feature#denseSize()}) with the request's feature values and
     * passes every n-gram bucket to {@code ngrams}.
     */
    public void extract(RequestShape shape, float[] dense, NgramSink ngrams) {
        Counts counts = new Counts();
        scan(shape.head(), 0, shape.tail().isEmpty(), counts, ngrams);
        if (!shape.tail().isEmpty()) {
            scan(shape.tail(), shape.lastUserTurnChars() - shape.tail().length(), true, counts, ngrams);
        }
        fill(shape, counts, dense);
        // the previous turn only says what the conversation is about: its words are not n-grams
        // of this request
        Counts context = new Counts();
        if (!shape.previousTurn().isEmpty()) {
            scan(shape.previousTurn(), 0, false, context, bucket -> { });
        }
        int[] hits = context.keywordHits;
        dense[Feature.CONTEXT_CODE.ordinal()] = saturate(hits[Keywords.CODE_BIT] + 2 * context.fences, 2);
        dense[Feature.CONTEXT_MATH.ordinal()] = saturate(hits[Keywords.MATH_BIT] + context.latex, 2);
        dense[Feature.CONTEXT_REASONING.ordinal()] =
                saturate(hits[Keywords.REASONING_BIT] + hits[Keywords.REASONING_PHRASE_BIT], 2);
        if (dense[Feature.MULTIPLE_CHOICE.ordinal()] > 0) {
            System.arraycopy(dense, 0, dense, Feature.count(), Feature.count());
        } else {
            java.util.Arrays.fill(dense, Feature.count(), Feature.denseSize(), 0f);
        }
    }

    /** Occurrence counts gathered over the head and tail; turned into feature values by {@link #fill}. */
    private static final class Counts {
        int chars;
        int letters;
        int digits;
        int operators;
        int codeSymbols;
        int latex;
        int dollars;
        int questionMarks;
        int numbers;
        int lines;
        int indentedLines;
        int listLines;
        int optionLines;
        int fences;
        final int[] keywordHits = new int[Keywords.CATEGORIES];
        int simpleInZone;
        int questionWordFirst;
        int tokens;
        int words;
        int sentenceEnds;
        /** Where the first option line starts in the turn, or -1. */
        int firstOptionAt = -1;
        int numericOptions;
    }

    /**
     * Scans one part. {@code offset} is where the part starts in the turn, {@code endsTurn} whether
     * it ends it — both decide which characters are in the instruction zone.
     */
    private void scan(String text, int offset, boolean endsTurn, Counts c, NgramSink ngrams) {
        int length = text.length();
        int zoneEnd = endsTurn ? length - INSTRUCTION_ZONE : Integer.MAX_VALUE;
        int shift = 64 - hashBits;
        long previous = 0;
        boolean hasPrevious = false;
        boolean lineStart = true;
        int lineIndent = 0;
        c.chars += length;
        c.lines++;
        int i = 0;
        while (i < length) {
            char ch = text.charAt(i);
            if (ch == '\n') {
                c.lines++;
                lineStart = true;
                lineIndent = 0;
                i++;
                continue;
            }
            if (ch == ' ' || ch == '\t' || ch == '\r') {
                if (lineStart) {
                    lineIndent += ch == '\t' ? 4 : 1;
                }
                i++;
                continue;
            }
            if (lineStart) {
                lineStart = false;
                lineShape(text, i, offset, lineIndent, c);
            }
            int start = i;
            long hash;
            if (Character.isLetter(ch) || ch == '_') {
                hash = FNV_OFFSET;
                int taken = 0;
                while (i < length) {
                    char t = text.charAt(i);
                    if (!(Character.isLetter(t) || t == '_')) {
                        break;
                    }
                    if (taken++ < MAX_TOKEN_CHARS) {
                        hash = (hash ^ Character.toLowerCase(t)) * FNV_PRIME;
                    }
                    i++;
                }
                c.letters += i - start;
                c.words++;
            } else if (ch >= '0' && ch <= '9') {
                while (i < length && ((text.charAt(i) >= '0' && text.charAt(i) <= '9')
                        || (text.charAt(i) == '.' && i + 1 < length && Character.isDigit(text.charAt(i + 1))))) {
                    i++;
                }
                c.digits += i - start;
                c.numbers++;
                hash = NUMBER_TOKEN;
            } else {
                symbol(text, i, c);
                hash = (FNV_OFFSET ^ ch) * FNV_PRIME;
                i++;
            }
            c.tokens++;
            ngrams.accept((int) (mix(hash) >>> shift));
            int category = Keywords.lookup(hash);
            if (hasPrevious) {
                long bigram = previous * BIGRAM_SALT + hash;
                ngrams.accept((int) (mix(bigram ^ BIGRAM_SALT) >>> shift));
                category |= Keywords.lookupPhrase(bigram);
            }
            if (category != 0) {
                countKeywords(category, offset + start < INSTRUCTION_ZONE || start >= zoneEnd, c);
                if (c.tokens == 1 && (category & Keywords.QUESTION_WORD) != 0) {
                    c.questionWordFirst = 1;
                }
            }
            previous = hash;
            hasPrevious = true;
        }
    }

    /** What the first non-space character of a line says about it: list item, option, fence. */
    private static void lineShape(String text, int i, int offset, int indent, Counts c) {
        int length = text.length();
        char ch = text.charAt(i);
        if (indent >= 2) {
            c.indentedLines++;
        }
        if (ch == '`' && i + 2 < length && text.charAt(i + 1) == '`' && text.charAt(i + 2) == '`') {
            c.fences++;
        } else if ((ch == '-' || ch == '*' || ch == '\u2022') && i + 1 < length && text.charAt(i + 1) == ' ') {
            c.listLines++;
        } else if (ch >= '0' && ch <= '9') {
            int j = i;
            while (j < length && j - i < 3 && Character.isDigit(text.charAt(j))) {
                j++;
            }
            if (j < length && (text.charAt(j) == '.' || text.charAt(j) == ')')) {
                c.listLines++;
            }
        } else if (ch >= 'A' && ch <= 'E' && i + 1 < length && (text.charAt(i + 1) == '.' || text.charAt(i + 1) == ')')) {
            option(text, i + 2, offset + i, c);
        } else if (ch == '(' && i + 2 < length && text.charAt(i + 1) >= 'A' && text.charAt(i + 1) <= 'E'
                && text.charAt(i + 2) == ')') {
            option(text, i + 3, offset + i, c);
        }
    }

    /** An answer option line whose text starts at {@code i} (after the letter); {@code at} is the line's place in the turn. */
    private static void option(String text, int i, int at, Counts c) {
        if (c.optionLines++ == 0) {
            c.firstOptionAt = at;
        }
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '$') && i + 1 < text.length()) {
            i++;
        }
        if (i < text.length() && Character.isDigit(text.charAt(i))) {
            c.numericOptions++;
        }
    }

    private static void symbol(String text, int i, Counts c) {
        char ch = text.charAt(i);
        switch (ch) {
            case '+', '*', '/', '=', '^', '<', '>', '%' -> c.operators++;
            case '{', '}', ';', '[', ']', '(', ')' -> c.codeSymbols++;
            case '$' -> c.dollars++;
            case '?' -> {
                c.questionMarks++;
                sentenceEnd(text, i, c);
            }
            case '.', '!' -> sentenceEnd(text, i, c);
            case '\\' -> {
                if (i + 1 < text.length() && Character.isLetter(text.charAt(i + 1))) {
                    c.latex++;
                }
            }
            case '-' -> {
                // a minus between digits or spaces is arithmetic; a hyphen inside a word is not
                if (i + 1 < text.length() && (Character.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == ' ')) {
                    c.operators++;
                }
            }
            default -> {
            }
        }
    }

    /** A full stop, question or exclamation mark after a word of two letters or more, before a space or the end. */
    private static void sentenceEnd(String text, int i, Counts c) {
        if (i >= 2 && Character.isLetter(text.charAt(i - 1)) && Character.isLetter(text.charAt(i - 2))
                && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)))) {
            c.sentenceEnds++;
        }
    }

    private static void countKeywords(int category, boolean inInstructionZone, Counts c) {
        for (int k = 0; k < Keywords.CATEGORIES; k++) {
            if ((category & (1 << k)) != 0) {
                c.keywordHits[k]++;
            }
        }
        if ((category & Keywords.SIMPLE) != 0 && inInstructionZone) {
            c.simpleInZone++;
        }
    }

    private static void fill(RequestShape shape, Counts c, float[] dense) {
        if (dense.length != Feature.denseSize()) {
            throw new IllegalArgumentException("dense must have " + Feature.denseSize() + " slots");
        }
        int turn = shape.lastUserTurnChars();
        float chars = Math.max(1, c.chars);
        int[] hits = c.keywordHits;
        dense[Feature.LENGTH_TINY.ordinal()] = turn < 60 ? 1 : 0;
        dense[Feature.LENGTH_SHORT.ordinal()] = turn >= 60 && turn < 250 ? 1 : 0;
        dense[Feature.LENGTH_MEDIUM.ordinal()] = turn >= 250 && turn < 1000 ? 1 : 0;
        dense[Feature.LENGTH_LONG.ordinal()] = turn >= 1000 && turn < 4000 ? 1 : 0;
        dense[Feature.LENGTH_VERY_LONG.ordinal()] = turn >= 4000 ? 1 : 0;
        dense[Feature.LENGTH_LOG.ordinal()] = (float) Math.min(1, Math.log1p(turn) / Math.log1p(20_000));
        dense[Feature.LINES.ordinal()] = (float) Math.min(1, Math.log1p(c.lines - 1) / Math.log(64));
        dense[Feature.CODE_FENCE.ordinal()] = c.fences > 0 ? 1 : 0;
        dense[Feature.CODE_WORDS.ordinal()] = saturate(hits[Keywords.CODE_BIT], 3);
        dense[Feature.CODE_SYMBOLS.ordinal()] = Math.min(1, c.codeSymbols / chars * 25);
        dense[Feature.CODE_INDENT.ordinal()] = c.lines >= 3 ? Math.min(1, c.indentedLines / (float) c.lines * 2) : 0;
        dense[Feature.MATH_WORDS.ordinal()] = saturate(hits[Keywords.MATH_BIT], 2);
        dense[Feature.MATH_SYMBOLS.ordinal()] = Math.min(1, (c.operators * 3 + c.digits) / chars * 8);
        dense[Feature.MATH_LATEX.ordinal()] = saturate(c.latex + c.dollars / 2, 2);
        dense[Feature.NUMBERS.ordinal()] = saturate(c.numbers, 4);
        dense[Feature.LIST_ITEMS.ordinal()] = saturate(c.listLines, 3);
        dense[Feature.QUESTIONS.ordinal()] = saturate(Math.max(0, c.questionMarks - 1), 2);
        dense[Feature.CONNECTIVES.ordinal()] = saturate(hits[Keywords.CONNECTIVE_BIT], 2);
        dense[Feature.REASONING_WORDS.ordinal()] = saturate(hits[Keywords.REASONING_BIT], 2);
        dense[Feature.REASONING_PHRASES.ordinal()] = saturate(hits[Keywords.REASONING_PHRASE_BIT], 1);
        dense[Feature.SIMPLE_TASK.ordinal()] = saturate(c.simpleInZone, 1);
        dense[Feature.CHIT_CHAT.ordinal()] = turn < 200 ? saturate(hits[Keywords.CHIT_CHAT_BIT], 1) : 0;
        dense[Feature.SHORT_QUESTION.ordinal()] = turn < 200 && (c.questionMarks > 0 || c.questionWordFirst > 0) ? 1 : 0;
        dense[Feature.MULTIPLE_CHOICE.ordinal()] = c.optionLines >= 3 ? 1 : 0;
        dense[Feature.CREATIVE.ordinal()] = saturate(hits[Keywords.CREATIVE_BIT], 1);
        dense[Feature.CONSTRAINTS.ordinal()] = saturate(hits[Keywords.CONSTRAINT_BIT], 2);
        boolean multipleChoice = c.optionLines >= 3 && c.firstOptionAt >= 0;
        boolean wordProblem = c.numbers >= 2 && c.optionLines < 3 && c.fences == 0
                && (c.questionMarks > 0 || hits[Keywords.MATH_BIT] > 0);
        dense[Feature.WORD_PROBLEM_LENGTH.ordinal()] = wordProblem ? dense[Feature.LENGTH_LOG.ordinal()] : 0;
        dense[Feature.WORD_PROBLEM_QUANTITIES.ordinal()] = wordProblem ? saturate(c.numbers, 6) : 0;
        dense[Feature.MC_STEM_LENGTH.ordinal()] = multipleChoice
                ? (float) Math.min(1, Math.log1p(c.firstOptionAt) / Math.log1p(4_000)) : 0;
        dense[Feature.MC_OPTION_LENGTH.ordinal()] = multipleChoice
                ? (float) Math.min(1, Math.log1p(Math.max(0, turn - c.firstOptionAt) / (double) c.optionLines) / Math.log1p(400)) : 0;
        dense[Feature.MC_NUMERIC_OPTIONS.ordinal()] = multipleChoice ? c.numericOptions / (float) c.optionLines : 0;
        dense[Feature.MC_WORD_LENGTH.ordinal()] = !multipleChoice || c.words == 0 ? 0
                : Math.max(0, Math.min(1, (c.letters / (float) c.words - 3) / 5));
        dense[Feature.MC_SENTENCES.ordinal()] = multipleChoice
                ? (float) Math.min(1, Math.log1p(c.sentenceEnds) / Math.log(32)) : 0;
        dense[Feature.MC_NEGATION.ordinal()] = multipleChoice ? saturate(hits[Keywords.NEGATION_BIT], 1) : 0;
    }

    /** count / (count + half): 0 for none, 0.5 at {@code half}, approaching 1. */
    private static float saturate(int count, int half) {
        return count <= 0 ? 0 : count / (float) (count + half);
    }

    static long fnv(CharSequence text) {
        long hash = FNV_OFFSET;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ Character.toLowerCase(text.charAt(i))) * FNV_PRIME;
        }
        return hash;
    }

    /** The bigram key of two consecutive token hashes, as {@link #scan} forms it. */
    static long bigramKey(long first, long second) {
        return first * BIGRAM_SALT + second;
    }

    /** Murmur3's 64-bit finaliser: spreads FNV's low-entropy high bits before the bucket is taken. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
