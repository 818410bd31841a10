package com.gaterouter.routing.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.classifier.RequestShape;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One row of routing data (docs/routing.md, "Data"): a prompt with where it came from and, where
 * known, how a weak and a strong model did on it, or a hand-assigned tier.
 *
 * @param id       unique row id
 * @param source   mmlu, mt_bench, gsm8k_train, arena_hard_v2, humaneval, hand_labelled...
 * @param group    subject or category within the source (the unit of the train/held-out split)
 * @param task     task type
 * @param prompt   the last user turn
 * @param turns    all user turns of the conversation, the last being {@code prompt} (mt_bench), or empty
 * @param outcome  how the two models did, for sources that measured it
 * @param label    the hand-assigned tier, for hand-labelled rows
 */
public record RoutingExample(String id, String source, String group, String task, String prompt,
                             List<String> turns, Optional<Outcome> outcome, Optional<Tier> label) {

    public RoutingExample {
        turns = List.copyOf(turns);
    }

    /**
     * The request as the gateway would see it: with earlier user turns, a conversation whose
     * assistant answers are unknown (empty), else the prompt alone.
     */
    public RequestShape shape() {
        if (turns.size() < 2) {
            return RequestShape.ofPrompt(prompt);
        }
        ArrayNode messages = JSON.createArrayNode();
        for (int i = 0; i < turns.size() - 1; i++) {
            messages.addObject().put("role", "user").put("content", turns.get(i));
            messages.addObject().put("role", "assistant").put("content", "");
        }
        messages.addObject().put("role", "user").put("content", prompt);
        return RequestShape.ofMessages(messages);
    }

    /**
     * How the weak and the strong model did, on one scale per source: 0/1 correctness (mmlu) or a
     * judge score (mt_bench, 1–10).
     *
     * @param weak        the weak model's quality
     * @param strong      the strong model's quality
     * @param needsStrong whether this is a prompt the weak model fails and the strong one serves
     */
    public record Outcome(double weak, double strong, boolean needsStrong) {
    }

    /** mt_bench: a strong-minus-weak judge score gap from which the strong model is needed. */
    public static final double MT_BENCH_NEEDS_STRONG_GAP = 2.0;

    private static final ObjectMapper JSON = new ObjectMapper();

    public static RoutingExample fromJson(JsonNode row) {
        Optional<Outcome> outcome = Optional.empty();
        if (row.has("weak_correct") && row.has("strong_correct")) {
            boolean weak = row.get("weak_correct").asBoolean();
            boolean strong = row.get("strong_correct").asBoolean();
            outcome = Optional.of(new Outcome(weak ? 1 : 0, strong ? 1 : 0, !weak && strong));
        } else if (row.has("weak_score") && row.has("strong_score")) {
            double weak = row.get("weak_score").asDouble();
            double strong = row.get("strong_score").asDouble();
            outcome = Optional.of(new Outcome(weak, strong, strong - weak >= MT_BENCH_NEEDS_STRONG_GAP));
        }
        Optional<Tier> label = row.hasNonNull("label")
                ? Optional.of(Tier.fromWire(row.get("label").asText())
                        .orElseThrow(() -> new IllegalArgumentException("bad label in " + row.path("id"))))
                : Optional.empty();
        List<String> turns = new ArrayList<>();
        row.path("turns").forEach(turn -> turns.add(turn.asText()));
        return new RoutingExample(required(row, "id"), required(row, "source"), required(row, "group"),
                row.path("task").asText(""), required(row, "prompt"), turns, outcome, label);
    }

    /** Reads a JSONL file of rows, in file order. */
    public static List<RoutingExample> read(Path file) throws IOException {
        List<RoutingExample> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    rows.add(fromJson(JSON.readTree(line)));
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ":" + number + ": " + e.getMessage(), e);
                }
            }
        }
        return rows;
    }

    private static String required(JsonNode row, String field) {
        JsonNode value = row.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing text field " + field);
        }
        return value.textValue();
    }
}
