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
}
