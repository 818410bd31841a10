package com.gaterouter.routing.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gaterouter.routing.TierThresholds;
import com.gaterouter.routing.calibration.LabelledExample.InvalidExample;
import com.gaterouter.routing.calibration.ThresholdCalibration.Mode;
import com.gaterouter.routing.classifier.Classification;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import com.gaterouter.routing.classifier.HybridClassifier;
import com.gaterouter.routing.classifier.RequestShape;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabelledExampleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private static LabelledExample parse(String text) {
        return LabelledExample.parse(json(text), true);
    }

    private static void refused(String text, String field, String message) {
        assertThatThrownBy(() -> parse(text)).as(text).isInstanceOfSatisfying(InvalidExample.class, e -> {
            assertThat(e.field()).isEqualTo(Optional.ofNullable(field));
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void eachOutcomeFormReadsAsWeakAndStrongQuality() {
        LabelledExample correct = parse("{\"id\": \"a\", \"prompt\": \"What is 2 + 2?\", \"weak_correct\": false, \"strong_correct\": true}");
        assertThat(correct.id()).contains("a");
        assertThat(correct.weak()).isEqualTo(0);
        assertThat(correct.strong()).isEqualTo(1);
        assertThat(correct.shape()).isEqualTo(RequestShape.ofPrompt("What is 2 + 2?"));

        LabelledExample graded = parse("{\"id\": 7, \"prompt\": \"x\", \"weak_score\": 6.5, \"strong_score\": 9}");
        assertThat(graded.id()).contains("7");
        assertThat(graded.weak()).isEqualTo(6.5);
        assertThat(graded.strong()).isEqualTo(9);

        LabelledExample needs = parse("{\"prompt\": \"x\", \"needs_strong\": true}");
        assertThat(needs.id()).isEmpty();
        assertThat(needs.weak()).isEqualTo(0);
        assertThat(needs.strong()).isEqualTo(1);
        LabelledExample easy = parse("{\"prompt\": \"x\", \"needs_strong\": false, \"weak_correct\": null}");
        assertThat(easy.weak()).isEqualTo(1);
        assertThat(easy.strong()).isEqualTo(1);
    }

    @Test
    void messagesWithToolsAndAResponseFormatAreReadAsTheRouterReadsARequest() {
        LabelledExample example = parse("""
                {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Book a flight"}],
                 "tools": [{"type": "function", "function": {"name": "book"}}],
                 "response_format": {"type": "json_object"}, "needs_strong": false}""");
        assertThat(example.shape().tools()).isEqualTo(1);
        assertThat(example.shape().messages()).isEqualTo(2);
        assertThat(example.shape().outputFormat()).isEqualTo(RequestShape.OutputFormat.JSON_OBJECT);
        assertThat(example.shape().head()).isEqualTo("Book a flight");
        // "Be brief." and "Book a flight": 22 characters, 6 tokens rounded up
        assertThat(example.inputTokens()).isEqualTo(6);
        // a request with tools is never light: its score is at least the tools floor
        assertThat(ComplexityClassifier.bundled().classify(example.shape()).score()).isGreaterThanOrEqualTo(HybridClassifier.toolsFloor());
    }

    @Test
    void anExampleIsPricedOnBothModels() {
        LabelledExample example = parse("{\"prompt\": \"" + "a".repeat(401) + "\", \"weak_correct\": true, \"strong_correct\": true}");
        assertThat(example.inputTokens()).isEqualTo(101);
        ThresholdCalibration.Scored scored = example.scored(shape -> new Classification(0.42, List.of()),
                new TokenPrice(0.15, 0.60), new TokenPrice(2.50, 10.00));
        assertThat(scored.score()).isEqualTo(0.42);
        // 101 × 0.15 + 300 × 0.60 per million; 101 × 2.50 + 300 × 10.00
        assertThat(scored.weakCost()).isCloseTo(195.15e-6, within(1e-15));
        assertThat(scored.strongCost()).isCloseTo(3252.5e-6, within(1e-15));
        assertThat(scored.weak()).isEqualTo(1);
        assertThat(scored.strong()).isEqualTo(1);
    }

    @Test
    void aBadExampleSaysWhatIsWrongAndNamesTheField() {
        refused("[1]", null, "JSON object");
        refused("{\"needs_strong\": true}", null, "'prompt'");
        refused("{\"prompt\": \"x\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"needs_strong\": true}", null, "not both");
        refused("{\"prompt\": \"  \", \"needs_strong\": true}", "prompt", "non-empty string");
        refused("{\"prompt\": 3, \"needs_strong\": true}", "prompt", "non-empty string");
        refused("{\"messages\": [], \"needs_strong\": true}", "messages", "non-empty array");
        refused("{\"messages\": [\"hi\"], \"needs_strong\": true}", "messages", "'messages[0]'");
        refused("{\"prompt\": \"x\", \"tools\": [], \"needs_strong\": true}", "tools", "goes with 'messages'");
        refused("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tools\": {}, \"needs_strong\": true}", "tools", "array");
        refused("{\"prompt\": \"x\"}", null, "needs an outcome");
        refused("{\"prompt\": \"x\", \"needs_strong\": true, \"weak_correct\": true, \"strong_correct\": true}", null, "one outcome");
        refused("{\"prompt\": \"x\", \"weak_correct\": true}", "strong_correct", "missing");
        refused("{\"prompt\": \"x\", \"weak_correct\": 1, \"strong_correct\": true}", "weak_correct", "true or false");
        refused("{\"prompt\": \"x\", \"weak_score\": -1, \"strong_score\": 2}", "weak_score", "not below 0");
        refused("{\"prompt\": \"x\", \"weak_score\": 1, \"strong_score\": \"2\"}", "strong_score", "a number");
        refused("{\"prompt\": \"x\", \"needs_strong\": \"yes\"}", "needs_strong", "true or false");
        refused("{\"prompt\": \"x\", \"needs_strong\": true, \"id\": [1]}", "id", "string or an integer");
        refused("{\"prompt\": \"x\", \"needs_strong\": true, \"source\": \"mmlu\"}", "source", "unknown field 'source'");
    }

    @Test
    void aMessageNeverQuotesThePrompt() {
        String secret = "the launch code is 0000";
        assertThatThrownBy(() -> parse("{\"prompt\": \"" + secret + "\", \"weak_score\": \"" + secret + "\", \"strong_score\": 1}"))
                .hasMessageNotContaining(secret);
    }

    @Test
    void otherFieldsAreIgnoredUnlessStrict() {
        assertThat(LabelledExample.parse(json("{\"prompt\": \"x\", \"needs_strong\": true, \"source\": \"mmlu\"}"), false).strong())
                .isEqualTo(1);
    }

    @Test
    void theReportHasEveryThresholdFrom005To095AndEachModesFit() {
        List<ThresholdCalibration.Scored> scored = List.of(
                new ThresholdCalibration.Scored(0.9, 0, 1, 1, 10),
                new ThresholdCalibration.Scored(0.5, 1, 1, 1, 10),
                new ThresholdCalibration.Scored(0.1, 1, 1, 1, 10));
        CalibrationReport report = CalibrationReport.of(scored);
        assertThat(report.table()).hasSize(19);
        assertThat(report.table().getFirst().heavyFrom()).isEqualTo(0.05);
        assertThat(report.table().get(9).heavyFrom()).isEqualTo(0.5);
        assertThat(report.table().getLast().heavyFrom()).isEqualTo(0.95);
        assertThat(report.table().get(9).strongShare()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(report.modes()).containsOnlyKeys(Mode.values());
        // only the 0.9 prompt needs the strong model: every mode sends it, and only it, strong
        for (Mode mode : Mode.values()) {
            CalibrationReport.Fitted fitted = report.modes().get(mode);
            assertThat(fitted.thresholds()).isEqualTo(new TierThresholds(HybridClassifier.toolsFloor(), 0.9));
            assertThat(fitted.figures().strongShare()).isCloseTo(1 / 3.0, within(1e-12));
            assertThat(fitted.figures().quality()).isEqualTo(1);
        }
        TierThresholds given = new TierThresholds(0.3, 0.6);
        CalibrationReport.Fitted balanced = report.at(given);
        assertThat(balanced.thresholds()).isEqualTo(given);
        assertThat(balanced.figures().heavyFrom()).isEqualTo(0.6);
        assertThat(balanced.figures().costShare()).isCloseTo((10 + 1 + 1) / 30.0, within(1e-12));
    }
}
