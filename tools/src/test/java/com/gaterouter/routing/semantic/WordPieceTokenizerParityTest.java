package com.gaterouter.routing.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.gaterouter.routing.data.RoutingExample;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The router's plain-Java {@link WordPieceTokenizer} gives exactly the token ids of the reference
 * tokenizer (Hugging Face {@code tokenizers}, through DJL, with the model's own tokenizer.json) on
 * every hand-labelled prompt, a set of awkward strings, and — where the development data is present
 * beside the repository — every prompt of it.
 */
class WordPieceTokenizerParityTest {

    private static final List<Path> DEV_DATA = List.of(Path.of("../../shared/data/routing/routing-dev.jsonl"),
            Path.of("../../shared/data/routing/routing-extra.jsonl"));
    private static final List<String> AWKWARD = List.of("", " ", "Caf\u00e9 na\u00efve \u00c5ngstr\u00f6m r\u00e9sum\u00e9",
            "\u4e2d\u6587\u5206\u8bcd and \u65e5\u672c\u8a9e\u306e\u6587", "emoji \ud83d\ude00\ud83d\ude80 end",
            "tab\tnew\nline\r\nnbsp\u00a0zero\u200bwidth\u0000nul", "x".repeat(150) + " short",
            "supercalifragilisticexpialidocious antidisestablishmentarianism", "\u0130stanbul \u00df \ufb01 \u2163",
            "a--b__c...d!!!?? (e) [f] {g} <h> @i #j $k %l ^m &n *o", "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd \u043f\u0440\u0438\u0432\u0435\u0442",
            "```python\ndef f(x):\n    return x**2  # square\n```", "$\\frac{a}{b} = \\sqrt{x^2 + y^2}$");

    private static HuggingFaceTokenizer reference;
    private static WordPieceTokenizer ours;

    @BeforeAll
    static void load() throws Exception {
        byte[] json = DistillEmbeddings.tokenizerJson();
        reference = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json),
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        ours = new WordPieceTokenizer(DistillEmbeddings.vocabulary());
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    private static List<String> prompts() throws Exception {
        List<String> prompts = new ArrayList<>(AWKWARD);
        RoutingExample.read(Path.of("data/hand-labelled.jsonl")).forEach(row -> prompts.add(row.prompt()));
        for (Path file : DEV_DATA) {
            if (Files.exists(file)) {
                RoutingExample.read(file).forEach(row -> prompts.add(row.prompt()));
            }
        }
        return prompts;
    }

    @Test
    void sameIdsAsTheReferenceTokenizer() throws Exception {
        List<String> prompts = prompts();
        List<String> mismatches = new ArrayList<>();
        for (String prompt : prompts) {
            long[] expected = reference.encode(prompt).getIds();
            List<Long> actual = new ArrayList<>();
            ours.tokenize(prompt, Integer.MAX_VALUE, id -> actual.add((long) id));
            long[] got = actual.stream().mapToLong(Long::longValue).toArray();
            if (!Arrays.equals(expected, got) && mismatches.size() < 5) {
                int at = Arrays.mismatch(expected, got);
                mismatches.add(prompt.substring(0, Math.min(60, prompt.length())) + " -> from token " + at + " of "
                        + expected.length + "/" + got.length + ": expected "
                        + Arrays.toString(Arrays.copyOfRange(expected, at, Math.min(expected.length, at + 8))) + " got "
                        + Arrays.toString(Arrays.copyOfRange(got, at, Math.min(got.length, at + 8))));
            }
        }
        assertThat(mismatches).as("of %d prompts", prompts.size()).isEmpty();
    }
}
