package com.gaterouter.routing.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BERT uncased WordPiece on a small vocabulary; the tools parity test holds it to the reference on real prompts. */
class WordPieceTokenizerTest {

    private static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "un", "##aff", "##able", "the", "cafe", ",",
            "!", "hello", "world", "\u4e2d", "x", "##y", "re", "##do");
    private static final WordPieceTokenizer TOKENIZER = new WordPieceTokenizer(VOCAB);

    private static List<String> tokens(String text, int limit) {
        List<String> out = new ArrayList<>();
        TOKENIZER.tokenize(text, limit, id -> out.add(VOCAB.get(id)));
        return out;
    }

    private static List<String> tokens(String text) {
        return tokens(text, 100);
    }

    @Test
    void greedyLongestMatchWithContinuationPieces() {
        assertThat(tokens("unaffable")).containsExactly("un", "##aff", "##able");
        assertThat(tokens("Redo xy")).containsExactly("re", "##do", "x", "##y");
    }

    @Test
    void lowercasesStripsAccentsAndSplitsPunctuation() {
        assertThat(tokens("Hello, WORLD!")).containsExactly("hello", ",", "world", "!");
        assertThat(tokens("Caf\u00e9")).containsExactly("cafe");
    }

    @Test
    void chineseCharactersAreTokensOfTheirOwn() {
        assertThat(tokens("hello\u4e2dworld")).containsExactly("hello", "\u4e2d", "world");
    }

    @Test
    void anUnknownWordIsOneUnknownTokenAndControlCharactersVanish() {
        assertThat(tokens("hello zzz\u0000world")).containsExactly("hello", "[UNK]");
        // a zero-width space is a format character: removed, so the two words become one unknown word
        assertThat(tokens("the\u200bthe")).containsExactly("[UNK]");
        assertThat(tokens("x".repeat(WordPieceTokenizer.MAX_WORD_CHARS + 1))).containsExactly("[UNK]");
    }

    @Test
    void stopsAtTheLimit() {
        assertThat(tokens("hello world hello world", 3)).containsExactly("hello", "world", "hello");
        assertThat(tokens("unaffable the", 2)).containsExactly("un", "##aff");
    }
}
