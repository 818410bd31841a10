package com.gaterouter.simulator.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    @Test
    void countsWordsByFourCharacterPiecesAndPunctuationAsOne() {
        assertThat(TokenEstimator.count("")).isZero();
        assertThat(TokenEstimator.count("   \n\t")).isZero();
        assertThat(TokenEstimator.count("the")).isEqualTo(1);
        assertThat(TokenEstimator.count("France")).isEqualTo(2);
        assertThat(TokenEstimator.count("Simulated")).isEqualTo(3);
        assertThat(TokenEstimator.count("What is the capital of France?")).isEqualTo(1 + 1 + 1 + 2 + 1 + 2 + 1);
        assertThat(TokenEstimator.count("{\"a\":1}")).isEqualTo(7);
        assertThat(TokenEstimator.count("日本語")).isEqualTo(3);
        assertThat(TokenEstimator.count("don't")).isEqualTo(3);
    }

    @Test
    void piecesJoinBackAndCountOneEach() {
        String text = "  Hello, wonderful world!\nIt's 2025 — 日本 ok  ";
        List<String> pieces = TokenEstimator.pieces(text);
        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).hasSize(TokenEstimator.count(text));
        for (String piece : pieces) {
            assertThat(TokenEstimator.count(piece)).as(piece).isEqualTo(1);
        }
    }

    @Test
    void everyPrefixOfPiecesCountsExactlyItsLength() {
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "abcdefghij  ,.!?-_\n0123456789XYZ日é";
        for (int round = 0; round < 200; round++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(80);
            for (int i = 0; i < length; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            List<String> pieces = TokenEstimator.pieces(b.toString());
            for (int n = 0; n <= pieces.size(); n++) {
                assertThat(TokenEstimator.count(String.join("", pieces.subList(0, n)))).isEqualTo(n);
            }
        }
    }

    @Test
    void truncateAndChunksKeepTokenArithmetic() {
        String text = "Simulated reply to: what is the capital of France? It is Paris.";
        assertThat(TokenEstimator.count(TokenEstimator.truncate(text, 5))).isEqualTo(5);
        assertThat(TokenEstimator.truncate(text, 500)).isEqualTo(text);

        List<TokenEstimator.Chunk> chunks = TokenEstimator.chunks(text, 3);
        assertThat(chunks.stream().map(TokenEstimator.Chunk::text).reduce("", String::concat)).isEqualTo(text);
        assertThat(chunks.stream().mapToInt(TokenEstimator.Chunk::tokens).sum()).isEqualTo(TokenEstimator.count(text));
        assertThat(chunks).allSatisfy(c -> assertThat(c.tokens()).isBetween(1, 3));
    }

    @Test
    void replyTextHasExactLengthAndIsDeterministic() {
        for (int n : new int[] {0, 1, 2, 7, 24, 100}) {
            String reply = ReplyText.build("Simulated reply to: hello there", 42, n);
            assertThat(TokenEstimator.count(reply)).as("n=%d", n).isEqualTo(n);
        }
        assertThat(ReplyText.build("x", 1, 30)).isEqualTo(ReplyText.build("x", 1, 30));
        assertThat(ReplyText.build("x", 1, 30)).isNotEqualTo(ReplyText.build("x", 2, 30));
        assertThat(ReplyText.build("Simulated reply to: hi", 3, 24)).startsWith("Simulated reply to: hi ");
    }
}
