package com.gaterouter.routing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import com.gaterouter.routing.TierThresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateRoutingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int status, List<JsonNode> lines, String stderr) {
    }

    private static Run run(String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CalibrateRouting.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        List<JsonNode> lines = out.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
        return new Run(status, lines, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void scoresPromptsAndMessagesAndCopiesOtherFields() throws Exception {
        Run run = run("""
                {"id": "a", "prompt": "What is the capital of France?"}
                {"id": "b", "messages": [{"role": "user", "content": "hi"}], "tools": [{"type": "function", "function": {"name": "f"}}]}
                """);
        assertThat(run.status()).isZero();
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0).path("id").asText()).isEqualTo("a");
        assertThat(run.lines().get(0).path("tier").asText()).isEqualTo("light");
        assertThat(run.lines().get(0).path("score").asDouble()).isBetween(0.0, 1.0);
        assertThat(run.lines().get(0).path("reasons").isArray()).isTrue();
        assertThat(run.lines().get(1).path("tier").asText()).isNotEqualTo("light");
        assertThat(run.stderr()).contains("light").contains("standard").contains("heavy").contains("errors");
    }

    @Test
    void badLinesGetAnErrorAndTheRestIsScored() throws Exception {
        Run run = run("not json\n[1, 2]\n{\"id\": 3}\n{\"prompt\": \"Translate hi into Spanish\"}\n");
        assertThat(run.status()).isZero();
        assertThat(run.lines()).hasSize(4);
        assertThat(run.lines().subList(0, 3)).allMatch(line -> line.has("error"));
        assertThat(run.lines().get(0).path("line").asInt()).isEqualTo(1);
        assertThat(run.lines().get(3).has("tier")).isTrue();
        assertThat(run.stderr()).containsPattern("errors\\s+3");
    }

    @Test
    void thresholdOptionsChangeTheTier() throws Exception {
        String line = "{\"prompt\": \"What is the capital of France?\"}\n";
        assertThat(run(line, "--light-below", "0", "--heavy-from", "0").lines().get(0).path("tier").asText()).isEqualTo("heavy");
        assertThat(run(line, "--prefer", "quality").lines().get(0).path("tier").asText()).isEqualTo("light");
        assertThat(run(line, "--light-below", "0.0", "--heavy-from", "1.0").lines().get(0).path("tier").asText())
                .isEqualTo("standard");
    }

    @Test
    void readsAFileArgument(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prompts.jsonl");
        Files.writeString(file, "{\"prompt\": \"Prove that there are infinitely many primes.\"}\n");
        Run run = run("", file.toString());
        assertThat(run.status()).isZero();
        assertThat(run.lines().get(0).path("tier").asText()).isEqualTo("heavy");
    }

    @Test
    void unusableArgumentsOrFilesExitNonZero(@TempDir Path dir) throws Exception {
        assertThat(run("", "--prefer", "cheap").status()).isEqualTo(2);
        assertThat(run("", "--light-below", "0.9", "--heavy-from", "0.1").status()).isEqualTo(2);
        assertThat(run("", "--light-below").status()).isEqualTo(2);
        assertThat(run("", dir.resolve("missing.jsonl").toString()).status()).isEqualTo(2);
    }

    private record Text(int status, String stdout, String stderr) {
    }

    private static Text runText(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CalibrateRouting.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Text(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final String LABELLED = """
            {"id": 1, "prompt": "What is the capital of France?", "weak_correct": true, "strong_correct": true}
            {"id": 2, "prompt": "Translate 'good morning' into Spanish.", "needs_strong": false}
            {"id": 3, "prompt": "Prove that there are infinitely many primes, then generalise the argument to primes of the form 4k+3.", "needs_strong": true}
            {"id": 4, "messages": [{"role": "user", "content": "Design a distributed job scheduler with exactly-once semantics."}], "weak_score": 4, "strong_score": 9}
            """;

    /** The rows of the Markdown table whose first column is headed {@code firstColumnHeader} (header and rule left out). */
    private static List<String> tableRows(String markdown, String firstColumnHeader) {
        List<String> lines = markdown.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("| " + firstColumnHeader + " |")).findFirst().orElseThrow());
        List<String> rows = new java.util.ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            rows.add(lines.get(i));
        }
        return rows;
    }

    @Test
    void labelledExamplesGiveTheFiguresOfEveryThresholdEachModeAndThePresets(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labelled.jsonl");
        Files.writeString(file, LABELLED);
        Text run = runText("", "--labelled", file.toString());
        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("labelled examples: 4 used, 0 skipped");
        String out = run.stdout();
        assertThat(out).startsWith("# Routing calibration on 4 labelled examples");
        // weak quality: 1 + 1 + 0 + 4 of strong 1 + 1 + 1 + 9
        assertThat(out).contains("- weak model quality: 50.0 % of the strong model's");
        assertThat(out).contains("weak $0.15 / $0.60, strong $2.50 / $10.00");
        List<String> table = tableRows(out, "heavyFrom");
        assertThat(table).hasSize(19);
        assertThat(table.getFirst()).startsWith("| 0.05 | ");
        assertThat(table.get(9)).startsWith("| 0.50 | ");
        assertThat(table.getLast()).startsWith("| 0.95 | ");
        assertThat(table).allMatch(row -> row.split("\\|").length == 7);
        assertThat(tableRows(out, "mode")).extracting(row -> row.split(" ")[1]).containsExactly("cost", "balanced", "quality");
        assertThat(tableRows(out, "prefer")).hasSize(3);
        assertThat(tableRows(out, "prefer").get(0)).startsWith(presetRow("cost", TierThresholds.COST));
        assertThat(tableRows(out, "prefer").get(1)).startsWith(presetRow("balanced", TierThresholds.BALANCED));
        assertThat(tableRows(out, "prefer").get(2)).startsWith(presetRow("quality", TierThresholds.QUALITY));
        // every mode's light threshold is capped at the tools floor, so a request with tools is never light
        assertThat(tableRows(out, "mode")).allSatisfy(row ->
                assertThat(Double.parseDouble(row.split("\\|")[2].strip()))
                        .isLessThanOrEqualTo(com.gaterouter.routing.classifier.HybridClassifier.toolsFloor()));
    }

    @Test
    void whenTheWeakModelIsAlwaysRightEveryModeKeepsEverythingWeak() {
        Text run = runText("""
                {"prompt": "What is the capital of France?", "needs_strong": false}
                {"prompt": "hello!", "weak_correct": true, "strong_correct": true}
                """, "--labelled", "-", "--prefer", "quality");
        assertThat(run.status()).as(run.stderr()).isZero();
        List<String> modes = tableRows(run.stdout(), "mode");
        assertThat(modes).hasSize(3);
        assertThat(modes.get(0)).startsWith("| cost | " + printed(com.gaterouter.routing.classifier.HybridClassifier.toolsFloor()) + " | 1.00 | 0.0 % | 100.0 % | 100.0 % | ");
        assertThat(modes.get(1)).startsWith("| balanced | " + printed(com.gaterouter.routing.classifier.HybridClassifier.toolsFloor()) + " | 1.00 | 0.0 % | 100.0 % | 100.0 % | ");
        assertThat(modes.get(2)).startsWith("| quality | " + printed(com.gaterouter.routing.classifier.HybridClassifier.toolsFloor()) + " | 1.00 | 0.0 % | 100.0 % | 100.0 % | ");
        // nothing strong: all-weak cost, (8 + 2 input tokens at 0.15, 2 × 300 output at 0.60) / (the same at 2.50 and 10.00) = 6.0 %
        assertThat(modes.get(0).split("\\|")[7].strip()).isEqualTo("6.0 %");
        // the thresholds given on the command line get a row of their own
        assertThat(tableRows(run.stdout(), "prefer")).last().asString().startsWith(presetRow("given", TierThresholds.QUALITY));
    }

    @Test
    void pricesCanBeGiven() {
        Text run = runText(LABELLED, "--labelled", "-", "--weak-price", "1/4", "--strong-price", "1/4.0");
        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("weak $1.00 / $4.00, strong $1.00 / $4.00");
        // the same price on both models: every threshold costs what always-strong costs
        assertThat(tableRows(run.stdout(), "heavyFrom")).allMatch(row -> row.endsWith("| 100.0 % | 0.0 % |"));
    }

    @Test
    void badLabelledLinesAreReportedWithTheirNumberAndSkipped() {
        Text run = runText("not json\n\n{\"prompt\": \"hi\"}\n{\"prompt\": \"hi\", \"weak_correct\": \"yes\", \"strong_correct\": true}\n"
                + "{\"prompt\": \"What is 2 + 2?\", \"needs_strong\": false}\n{\"prompt\": \"Prove Fermat's last theorem for n = 4.\","
                + " \"needs_strong\": true}\n", "--labelled", "-");
        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("line 1: not JSON").contains("line 3: an example needs an outcome")
                .contains("line 4: 'weak_correct' must be true or false").doesNotContain("line 2")
                .contains("labelled examples: 2 used, 3 skipped");
        assertThat(run.stdout()).startsWith("# Routing calibration on 2 labelled examples");
    }

    @Test
    void noUsableLabelledLineOrUnusableOptionsExit2(@TempDir Path dir) throws Exception {
        Text none = runText("{\"prompt\": \"hi\"}\n", "--labelled", "-");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.stdout()).isEmpty();
        assertThat(none.stderr()).contains("no usable labelled example");
        Text noStrongQuality = runText("{\"prompt\": \"hi\", \"weak_correct\": true, \"strong_correct\": false}\n", "--labelled", "-");
        assertThat(noStrongQuality.status()).isEqualTo(2);
        assertThat(noStrongQuality.stderr()).contains("strong model must have some quality");
        assertThat(runText(LABELLED, "--labelled", "-", "--strong-price", "0/0").status()).as("nothing costs anything").isEqualTo(2);
        assertThat(runText(LABELLED, "--labelled", "-", "--weak-price", "0.15").status()).isEqualTo(2);
        assertThat(runText(LABELLED, "--labelled", "-", "--weak-price", "-1/2").status()).isEqualTo(2);
        assertThat(runText(LABELLED, "--weak-price", "1/2").status()).as("prices go with --labelled").isEqualTo(2);
        assertThat(runText(LABELLED, "--labelled", "-", "other.jsonl").status()).isEqualTo(2);
        assertThat(runText("", "--labelled", dir.resolve("missing.jsonl").toString()).status()).isEqualTo(2);
        assertThat(runText("", "--labelled").status()).isEqualTo(2);
    }

    /** A preset's row start as the report prints it: thresholds with the score's 3 decimals, one trailing zero dropped. */
    private static String presetRow(String name, TierThresholds preset) {
        return "| " + name + " | " + printed(preset.lightBelow()) + " | " + printed(preset.heavyFrom()) + " | ";
    }

    private static String printed(double threshold) {
        String three = String.format(java.util.Locale.ROOT, "%.3f", threshold);
        return three.endsWith("0") ? three.substring(0, 4) : three;
    }
}
