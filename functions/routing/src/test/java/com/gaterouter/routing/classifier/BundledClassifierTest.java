package com.gaterouter.routing.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.TierThresholds;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BundledClassifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ComplexityClassifier CLASSIFIER = ComplexityClassifier.bundled();
    private static final String ARTICLE = "The city council met on Tuesday to discuss the proposed expansion of the northern bus "
            + "line. Residents spoke in favour, citing long commutes, while shop owners worried about construction. ";

    private static Tier tierOf(String prompt) {
        return TierThresholds.BALANCED.tierOf(CLASSIFIER.classify(RequestShape.ofPrompt(prompt)).score());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"hello!| short_prompt", "Translate 'good morning' into French| short_prompt"})
    void theLengthReasonNamesThePromptsActualLength(String prompt, String expected) {
        var reasons = CLASSIFIER.classify(RequestShape.ofPrompt(prompt)).reasons();
        assertThat(reasons).contains(expected).doesNotContain("long_prompt", "prompt_length");
        String essay = ARTICLE.repeat(20) + "\nWhat do you think?";
        assertThat(CLASSIFIER.classify(RequestShape.ofPrompt(essay)).reasons()).doesNotContain("short_prompt", "prompt_length");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Translate 'good morning' into French| LIGHT",
        "What is the capital of France?| LIGHT",
        "Classify the sentiment of this review as positive or negative: 'Great product, fast delivery.'| LIGHT",
        "hello!| LIGHT",
        "Prove that there are infinitely many primes.| HEAVY",
        "Design a distributed job scheduler with exactly-once semantics and analyse its failure modes.| HEAVY",
    })
    void tiersAtTheBalancedThresholds(String prompt, Tier expected) {
        assertThat(tierOf(prompt)).isEqualTo(expected);
    }

    /**
     * The shipped model puts this at about 0.55, standard at the balanced thresholds and heavy at
     * the quality ones: an implementation request with tests is never light and ranks above a
     * small-function request (docs/routing.md lists it as a known shortfall against "heavy").
     */
    @Test
    void aFunctionWithUnitTestsIsAboveASmallFunction() {
        String withTests = "Write a Python function that parses a CSV file into a list of dictionaries, handling quoted fields, with unit tests.";
        double score = CLASSIFIER.classify(RequestShape.ofPrompt(withTests)).score();
        double small = CLASSIFIER.classify(RequestShape.ofPrompt("Write a Python function that adds two numbers.")).score();
        assertThat(tierOf(withTests)).isNotEqualTo(Tier.LIGHT);
        assertThat(TierThresholds.QUALITY.tierOf(score)).isEqualTo(Tier.HEAVY);
        assertThat(score).isGreaterThan(small);
    }

    @Test
    void summarisingALongArticleIsLight() {
        assertThat(tierOf("Summarize the following article:\n\n" + ARTICLE.repeat(30))).isEqualTo(Tier.LIGHT);
    }

    @Test
    void codeAndMathScoreAboveTheirPlainCounterparts() {
        double code = CLASSIFIER.classify(RequestShape.ofPrompt(
                "Fix this function:\n```python\ndef mean(xs):\n    return sum(xs) / len(xs) if xs else None\n```")).score();
        double math = CLASSIFIER.classify(RequestShape.ofPrompt("Solve for x: $x^2 - 5x + 6 = 0$, step by step.")).score();
        double chat = CLASSIFIER.classify(RequestShape.ofPrompt("Tell me a fun fact about cats.")).score();
        assertThat(code).isGreaterThan(chat);
        assertThat(math).isGreaterThan(chat);
    }

    @Test
    void toolsAreNeverLightUnderAnyPreset() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"messages":[{"role":"user","content":"hi"}],
                 "tools":[{"type":"function","function":{"name":"lookup","parameters":{}}}]}""");
        Classification classification = CLASSIFIER.classify(RequestShape.of(body));
        assertThat(classification.reasons()).first().isEqualTo("tools");
        for (TierThresholds preset : new TierThresholds[] {TierThresholds.COST, TierThresholds.BALANCED, TierThresholds.QUALITY}) {
            assertThat(preset.tierOf(classification.score())).isNotEqualTo(Tier.LIGHT);
        }
    }

    @Test
    void reasonsAreShortCodesStrongestFirstAndAtMostFour() {
        Classification classification = CLASSIFIER.classify(RequestShape.ofPrompt(
                "Prove that $\\sum_{k=1}^n k = n(n+1)/2$ by induction, then implement it in Java with unit tests."));
        assertThat(classification.reasons()).isNotEmpty().hasSizeLessThanOrEqualTo(4)
                .allMatch(reason -> reason.matches("[a-z_]+"));
        assertThat(classification.score()).isBetween(0.0, 1.0);
    }

    @Test
    void deterministicAcrossCallsAndThreads() throws Exception {
        RequestShape shape = RequestShape.ofPrompt("Compare PostgreSQL and MongoDB for an event store, with trade-offs.");
        Classification first = CLASSIFIER.classify(shape);
        Classification[] fromThreads = new Classification[4];
        Thread[] threads = new Thread[fromThreads.length];
        for (int i = 0; i < threads.length; i++) {
            int slot = i;
            threads[i] = Thread.ofVirtual().start(() -> fromThreads[slot] = CLASSIFIER.classify(shape));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(fromThreads).containsOnly(first);
        assertThat(ComplexityClassifier.bundled()).isSameAs(CLASSIFIER);
    }

    @Test
    void aOneMegabytePromptScoresLikeItsHeadAndTail() {
        String huge = "Summarize the following document.\n" + ARTICLE.repeat(1_000_000 / ARTICLE.length())
                + "\nKeep it under 100 words.";
        // only the head and tail are read, so a prompt with the same head, tail and length is the same request
        String lookalike = huge.substring(0, RequestShape.HEAD_CHARS) + "x".repeat(huge.length() - RequestShape.HEAD_CHARS - RequestShape.TAIL_CHARS)
                + huge.substring(huge.length() - RequestShape.TAIL_CHARS);
        assertThat(CLASSIFIER.classify(RequestShape.ofPrompt(huge)))
                .isEqualTo(CLASSIFIER.classify(RequestShape.ofPrompt(lookalike)));
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            CLASSIFIER.classify(RequestShape.ofPrompt(huge));
        }
        // the equality above proves only head and tail are read; this bound (2 ms before, which a loaded
        // 2-core machine missed at 4 ms) only guards against gross regressions
        assertThat((System.nanoTime() - start) / 100).isLessThan(10_000_000L);
    }

    @Test
    void theWeightsResourceIsSmallAndLoads() throws Exception {
        try (InputStream in = ComplexityClassifier.class.getResourceAsStream(ComplexityClassifier.BUNDLED_MODEL)) {
            assertThat(in).isNotNull();
            byte[] bytes = in.readAllBytes();
            assertThat(bytes.length).isLessThan(2 * 1024 * 1024);
            ComplexityModel model = ComplexityModel.read(new java.io.ByteArrayInputStream(bytes));
            // routing-dev, routing-extra and the hand-labelled examples
            assertThat(model.header().path("provenance").path("trainingData").size()).isEqualTo(3);
            // trained on exactly the static-embedding table that ships beside it
            assertThat(model.embeddings()).isEqualTo(com.gaterouter.routing.semantic.StaticEmbeddings.bundled().sha256());
            assertThat(model.semanticWeights()).hasSize(com.gaterouter.routing.semantic.StaticEmbeddings.bundled().dims());
            assertThat(model.header().path("provenance").path("trainingData").get(0).path("sha256").asText()).hasSize(64);
            java.io.ByteArrayOutputStream rewritten = new java.io.ByteArrayOutputStream();
            model.write(rewritten);
            assertThat(rewritten.toByteArray()).isEqualTo(bytes);
        }
    }

    /**
     * The multiple-choice measures (stem length, option length, word length) are zero for a question
     * without options and must not be named: before, centring them against the training mean put
     * {@code multiple_choice} on most grade-school word problems.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Janet has 3 apples and buys 5 more. She gives 2 to her friend. How many apples does she have now?",
        "A train travels 120 km in 2 hours and then 180 km in 3 hours. What is its average speed for the whole trip?",
        "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?",
    })
    void aWordProblemWithoutOptionsIsNotMultipleChoice(String problem) {
        assertThat(CLASSIFIER.classify(RequestShape.ofPrompt(problem)).reasons()).doesNotContain("multiple_choice");
        String withOptions = problem + "\nA. 6\nB. 8\nC. 10\nD. 12";
        assertThat(CLASSIFIER.classify(RequestShape.ofPrompt(withOptions)).reasons())
                .as("the same problem with options is multiple choice, and the reason may be named")
                .isNotNull();
    }

    @Test
    void aReasonNamesOnlyWhatMovedTheScore() {
        // "semantic_hard"/"semantic_easy": the embedding term, relative to the average request, in the result's direction
        Classification hard = CLASSIFIER.classify(RequestShape.ofPrompt(
                "Explain the difference between TCP and UDP and when to use each."));
        Classification easy = CLASSIFIER.classify(RequestShape.ofPrompt("What is the capital of France?"));
        assertThat(hard.score()).isGreaterThan(easy.score());
        assertThat(hard.reasons()).doesNotContain("semantic_easy");
        assertThat(easy.reasons()).doesNotContain("semantic_hard");
    }

    /**
     * Within grade-school word problems the score rises with the problem: more quantities and
     * sentences, more steps (the training data has no outcomes for such problems; docs/routing.md,
     * "Training", says how the length prior is learned).
     */
    @Test
    void aLongerWordProblemScoresHigher() {
        double one = CLASSIFIER.classify(RequestShape.ofPrompt("Tom has 4 apples and eats 1. How many are left?")).score();
        double several = CLASSIFIER.classify(RequestShape.ofPrompt(
                "A bakery sells muffins for $3 each and cookies for $1.50 each. On Monday it sold 48 muffins and "
                        + "twice as many cookies. On Tuesday it sold 25% fewer muffins than on Monday and 30 more cookies "
                        + "than on Monday. The ingredients cost $0.80 per muffin and $0.35 per cookie. How much profit did "
                        + "the bakery make over the two days?")).score();
        assertThat(several).isGreaterThan(one);
    }
}
