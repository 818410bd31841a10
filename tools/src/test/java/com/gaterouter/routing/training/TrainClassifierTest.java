package com.gaterouter.routing.training;

import com.gaterouter.routing.data.DataSplit;
import com.gaterouter.routing.data.Dataset;
import com.gaterouter.routing.data.RoutingExample;
import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.routing.classifier.ComplexityModel;
import com.gaterouter.routing.classifier.HybridClassifier;
import com.gaterouter.routing.classifier.RequestShape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainClassifierTest {

    private static final TrainingConfig SMALL = new TrainingConfig(10, 40, 0.05, 1e-3, 3e-3,
            TrainingConfig.DEFAULT.sourceWeights(), TrainingConfig.DEFAULT.taskTargets(), TrainingConfig.DEFAULT.tierTargets());

    private static Dataset fixture() throws Exception {
        return Dataset.read(List.of(Path.of(TrainClassifierTest.class.getResource("/routing/tiny-routing.jsonl").toURI())));
    }

    private static byte[] bytes(ComplexityModel model) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.write(out);
        return out.toByteArray();
    }

    @Test
    void identicalInputGivesIdenticalBytes() throws Exception {
        Set<DataSplit.Part> parts = Set.of(DataSplit.Part.TRAIN, DataSplit.Part.VALIDATION);
        byte[] first = bytes(TrainClassifier.train(fixture(), SMALL, parts));
        byte[] second = bytes(TrainClassifier.train(fixture(), SMALL, parts));
        assertThat(first).isEqualTo(second);
        ComplexityModel read = ComplexityModel.read(new ByteArrayInputStream(first));
        assertThat(read).isEqualTo(TrainClassifier.train(fixture(), SMALL, parts));
        assertThat(read.header().path("provenance").path("trainingData").get(0).path("sha256").asText()).hasSize(64);
    }

    @Test
    void theTrainedModelLearnsTheFixturesDirection() throws Exception {
        HybridClassifier classifier = new HybridClassifier(
                TrainClassifier.train(fixture(), SMALL.withIterations(200), Set.of(DataSplit.Part.values())));
        double proof = classifier.classify(RequestShape.ofPrompt("Prove that the square root of 2 is irrational.")).score();
        double translate = classifier.classify(RequestShape.ofPrompt("Translate hello into French")).score();
        assertThat(proof).isGreaterThan(translate);
    }

    @Test
    void targetsFollowOutcomesLabelsAndTasks() throws Exception {
        List<RoutingExample> rows = fixture().rows();
        assertThat(rows).allSatisfy(row -> assertThat(TrainClassifier.target(row, SMALL)).isBetween(0.0, 1.0));
        RoutingExample needsStrong = rows.stream().filter(r -> r.id().equals("mmlu/g0/0")).findFirst().orElseThrow();
        assertThat(TrainClassifier.target(needsStrong, SMALL)).isEqualTo(1.0);
        RoutingExample light = rows.stream().filter(r -> r.label().isPresent()).findFirst().orElseThrow();
        assertThat(TrainClassifier.target(light, SMALL)).isEqualTo(SMALL.tierTargets().get(light.label().get()));
    }

    @Test
    void aLengthSpreadRaisesTheTargetWithLengthWithinItsSource() {
        List<RoutingExample> rows = List.of(
                new RoutingExample("g/1", "gsm8k_train", "g", "math", "A has 2. B has 3. Total?", List.of(), Optional.empty(), Optional.empty()),
                new RoutingExample("g/2", "gsm8k_train", "g", "math", "A has 2 apples, B has 3 more than A, C has twice B. How many in all?", List.of(), Optional.empty(), Optional.empty()),
                new RoutingExample("g/3", "gsm8k_train", "g", "math", "A has 2.", List.of(), Optional.empty(), Optional.empty()),
                new RoutingExample("h/1", "humaneval", "h", "code", "def f(): pass", List.of(), Optional.empty(), Optional.empty()));
        var spread = TrainClassifier.lengthSpread(rows, TrainingConfig.DEFAULT);
        double s = TrainingConfig.DEFAULT.lengthSpreads().get("gsm8k_train");
        assertThat(spread.get(rows.get(2))).isEqualTo(-s);
        assertThat(spread.get(rows.get(0))).isEqualTo(0.0);
        assertThat(spread.get(rows.get(1))).isEqualTo(s);
        assertThat(spread).doesNotContainKey(rows.get(3));
    }

    @Test
    void theSplitHoldsOutWholeGroupsAndIsStable() throws Exception {
        List<RoutingExample> rows = fixture().rows();
        DataSplit split = DataSplit.of(rows);
        assertThat(split.heldOutGroups()).isNotEmpty().allMatch(group -> group.startsWith("mmlu/"));
        for (RoutingExample row : rows) {
            if (row.source().equals("mmlu")) {
                boolean heldOut = split.heldOutGroups().contains("mmlu/" + row.group());
                assertThat(split.partOf(row) == DataSplit.Part.HELD_OUT).isEqualTo(heldOut);
            }
            assertThat(DataSplit.of(rows).partOf(row)).isEqualTo(split.partOf(row));
        }
        long heldOutPositives = rows.stream().filter(r -> split.partOf(r) == DataSplit.Part.HELD_OUT)
                .filter(r -> r.outcome().map(RoutingExample.Outcome::needsStrong).orElse(false)).count();
        // 4 groups with one positive each: a quarter is one group, extended until 5 positives or out of groups
        assertThat(heldOutPositives).isGreaterThanOrEqualTo(1);
    }
}
