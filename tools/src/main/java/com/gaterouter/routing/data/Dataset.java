package com.gaterouter.routing.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows from one or more JSONL files, with each file's name, SHA-256 and row count for provenance.
 * Training and evaluation both read their rows through it; neither depends on the other for its data.
 */
public record Dataset(List<RoutingExample> rows, List<Source> sources) {

    /**
     * The routing data when no {@code --data} is given (relative to the repository root): the dev
     * set and the hand-labelled examples.
     */
    public static final List<Path> DEFAULT_DATA = List.of(Path.of("../shared/data/routing/routing-dev.jsonl"),
            Path.of("../shared/data/routing/routing-extra.jsonl"),
            Path.of("tools/data/hand-labelled.jsonl"));

    public record Source(String name, String sha256, int rows) {
    }

    public static Dataset read(List<Path> files) throws IOException {
        List<RoutingExample> rows = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        for (Path file : files) {
            List<RoutingExample> fileRows = RoutingExample.read(file);
            rows.addAll(fileRows);
            sources.add(new Source(file.getFileName().toString(), DataSplit.sha256Hex(Files.readAllBytes(file)), fileRows.size()));
        }
        return new Dataset(List.copyOf(rows), List.copyOf(sources));
    }
}
