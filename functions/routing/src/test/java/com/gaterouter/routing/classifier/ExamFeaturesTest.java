package com.gaterouter.routing.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exam-question features fire for lettered multiple-choice questions only, and measure what they say. */
class ExamFeaturesTest {

    private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(17);

    private record Extracted(float[] dense, List<Integer> ngrams) {
        float get(Feature feature) {
            return dense[feature.ordinal()];
        }
    }

    private static Extracted extract(String prompt) {
        float[] dense = new float[Feature.denseSize()];
        List<Integer> ngrams = new ArrayList<>();
        EXTRACTOR.extract(RequestShape.ofPrompt(prompt), dense, ngrams::add);
        return new Extracted(dense, ngrams);
    }

    private static final String NEGATED_NUMERIC = """
            All of the following are prime numbers EXCEPT which one?
            A. 2
            B. 3
            C. 9
            D. 11
            Answer:""";
    private static final String PLAIN_WORDS = """
            Which organ pumps blood through the body?
            A. The heart
            B. The liver
            C. The lungs
            D. The kidneys
            Answer:""";

    @Test
    void negationAndNumericOptionsAreMeasured() {
        Extracted negated = extract(NEGATED_NUMERIC);
        Extracted plain = extract(PLAIN_WORDS);

        assertThat(negated.get(Feature.MULTIPLE_CHOICE)).isPositive();
        assertThat(negated.get(Feature.MC_NEGATION)).isPositive();
        assertThat(plain.get(Feature.MC_NEGATION)).isZero();
        assertThat(negated.get(Feature.MC_NUMERIC_OPTIONS)).as("every option is a number").isEqualTo(1f);
        assertThat(plain.get(Feature.MC_NUMERIC_OPTIONS)).isZero();
        assertThat(plain.get(Feature.MC_OPTION_LENGTH)).isGreaterThan(negated.get(Feature.MC_OPTION_LENGTH));
    }

    @Test
    void anOpenTaskHasNoExamFeaturesAndKeepsItsWordNgrams() {
        Extracted open = extract("All of the following steps are needed except one: explain which, and why.");

        for (Feature feature : List.of(Feature.MULTIPLE_CHOICE, Feature.MC_STEM_LENGTH, Feature.MC_OPTION_LENGTH,
                Feature.MC_NUMERIC_OPTIONS, Feature.MC_WORD_LENGTH, Feature.MC_SENTENCES, Feature.MC_NEGATION)) {
            assertThat(open.get(feature)).as(feature.name()).isZero();
        }
        assertThat(FeatureExtractor.ngramScale(open.dense())).as("word n-grams count for open tasks").isPositive();
        assertThat(FeatureExtractor.ngramScale(extract(PLAIN_WORDS).dense()))
                .as("a subject's vocabulary does not transfer to unseen subjects").isZero();
    }

    @Test
    void examFeaturesHaveTheirOwnWeightsInTheSecondHalfOfTheVector() {
        Extracted exam = extract(NEGATED_NUMERIC);
        Extracted open = extract("Explain why the sky is blue.");
        int copy = Feature.count();

        assertThat(exam.dense()[copy + Feature.MC_NEGATION.ordinal()]).isEqualTo(exam.get(Feature.MC_NEGATION));
        for (int slot = copy; slot < Feature.denseSize(); slot++) {
            assertThat(open.dense()[slot]).as("slot " + slot).isZero();
        }
    }
}
