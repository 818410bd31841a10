package com.gaterouter.routing.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import com.gaterouter.routing.semantic.StaticEmbeddings;
import com.gaterouter.routing.classifier.RequestShape;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Classification latency, with Jackson parsing the same request bodies as the same-run baseline.
 *
 * <pre>ClassifierBenchmark [PROMPTS.jsonl] [ROUNDS]</pre>
 * Prints, in this order: loading and priming the bundled classifier (cold JVM) and the first
 * classification after it; warm p50/p99/p99.9 of {@code RequestShape.of(body)} + classify per
 * request over every prompt; the same for parsing the body's JSON; and a 1 MB prompt.
 * Without the dev data it falls back to the hand-labelled examples.
 */
public final class ClassifierBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEV_DATA = Path.of("../shared/data/routing/routing-dev.jsonl");
    private static final Path HAND_LABELLED = Path.of("tools/data/hand-labelled.jsonl");

    private ClassifierBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path data = args.length > 0 ? Path.of(args[0]) : Files.exists(DEV_DATA) ? DEV_DATA : HAND_LABELLED;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;

        // cold: the first thing this JVM does with the classifier
        long loadStart = System.nanoTime();
        ComplexityClassifier classifier = ComplexityClassifier.bundled();
        long loaded = System.nanoTime();
        ObjectNode first = body("Summarize this paragraph in one sentence: the meeting moved to Friday.");
        long firstStart = System.nanoTime();
        classifier.classify(RequestShape.of(first));
        long firstEnd = System.nanoTime();

        List<String> prompts = prompts(data);
        List<String> bodies = new ArrayList<>(prompts.size());
        for (String prompt : prompts) {
            bodies.add(JSON.writeValueAsString(body(prompt)));
        }
        System.out.printf(Locale.ROOT, "data: %s (%d prompts), %d warm rounds, Java %s, %d cores%n%n", data,
                bodies.size(), rounds, Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "load + prime bundled classifier: %.1f ms%n", (loaded - loadStart) / 1e6);
        System.out.printf(Locale.ROOT, "first classification after load: %.1f µs%n%n", (firstEnd - firstStart) / 1e3);

        List<ObjectNode> parsed = new ArrayList<>(bodies.size());
        for (String body : bodies) {
            parsed.add((ObjectNode) JSON.readTree(body));
        }
        // warm-up, not measured
        double sink = 0;
        for (int i = 0; i < 3; i++) {
            for (ObjectNode body : parsed) {
                sink += classifier.classify(RequestShape.of(body)).score();
            }
            for (String body : bodies) {
                sink += JSON.readTree(body).size();
            }
        }
        long[] classify = new long[parsed.size() * rounds];
        long[] parse = new long[bodies.size() * rounds];
        int k = 0;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < parsed.size(); i++) {
                long start = System.nanoTime();
                sink += classifier.classify(RequestShape.of(parsed.get(i))).score();
                classify[k] = System.nanoTime() - start;
                start = System.nanoTime();
                sink += JSON.readTree(bodies.get(i)).size();
                parse[k++] = System.nanoTime() - start;
            }
        }
        // the prompts within 10 % of the median length: the "median prompt"
        int[] lengths = prompts.stream().mapToInt(String::length).sorted().toArray();
        int median = lengths[lengths.length / 2];
        List<Integer> atMedian = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            if (Math.abs(prompts.get(i).length() - median) <= median / 10) {
                atMedian.add(i);
            }
        }
        long[] medianTimes = new long[atMedian.size() * rounds];
        long[] embedTimes = new long[atMedian.size() * rounds];
        StaticEmbeddings embeddings = StaticEmbeddings.bundled();
        float[] vector = new float[embeddings.dims()];
        int m = 0;
        for (int round = 0; round < rounds; round++) {
            for (int i : atMedian) {
                long start = System.nanoTime();
                sink += classifier.classify(RequestShape.of(parsed.get(i))).score();
                medianTimes[m] = System.nanoTime() - start;
                start = System.nanoTime();
                sink += embeddings.embed(vector, prompts.get(i));
                embedTimes[m++] = System.nanoTime() - start;
            }
        }
        System.out.println("| per request, warm | p50 µs | p99 µs | p99.9 µs |");
        System.out.println("|---|---|---|---|");
        row("RequestShape.of(body) + classify, every prompt", classify);
        row("baseline: Jackson parse of the body, every prompt", parse);
        row("RequestShape.of(body) + classify, " + atMedian.size() + " prompts at the median length (" + median + " chars ±10 %)", medianTimes);
        row("of which the static embedding (tokenize + average), same prompts", embedTimes);
        System.out.printf(Locale.ROOT, "%nratio classify / parse: p50 %.2f, p99 %.2f%n%n",
                percentile(classify, 50) / percentile(parse, 50), percentile(classify, 99) / percentile(parse, 99));

        String huge = "The quarterly report covers revenue, costs and outlook for every region. ".repeat(14_000);
        ObjectNode hugeBody = body("Summarize the following document.\n" + huge);
        // the classifier reads at most head + tail of a turn, so a 2,000-character prompt is the comparison
        ObjectNode shortBody = body("Summarize the following document.\n" + huge.substring(0, 2_000));
        long[] hugeTimes = new long[200];
        long[] shortTimes = new long[200];
        for (int i = 0; i < hugeTimes.length; i++) {
            long start = System.nanoTime();
            sink += classifier.classify(RequestShape.of(hugeBody)).score();
            hugeTimes[i] = System.nanoTime() - start;
            start = System.nanoTime();
            sink += classifier.classify(RequestShape.of(shortBody)).score();
            shortTimes[i] = System.nanoTime() - start;
        }
        System.out.printf(Locale.ROOT, "1 MB prompt (%d chars): p50 %.1f µs; the same request with a 2,000-character prompt: p50 %.1f µs%n",
                huge.length(), percentile(hugeTimes, 50) / 1e3, percentile(shortTimes, 50) / 1e3);
        if (sink == 42) {
            System.out.println();
        }
    }

    private static void row(String name, long[] nanos) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", name, percentile(nanos, 50) / 1e3,
                percentile(nanos, 99) / 1e3, percentile(nanos, 99.9) / 1e3);
    }

    private static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    /** The prompts of the data file. */
    private static List<String> prompts(Path data) throws IOException {
        List<String> bodies = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode prompt = line.isBlank() ? null : JSON.readTree(line).get("prompt");
                if (prompt != null && prompt.isTextual()) {
                    bodies.add(prompt.textValue());
                }
            }
        }
        return bodies;
    }

    /** A request body as a client would send it: a system message, the prompt, max_tokens. */
    private static ObjectNode body(String prompt) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", "auto");
        var messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are a helpful assistant.");
        messages.addObject().put("role", "user").put("content", prompt);
        body.put("max_tokens", 512);
        return body;
    }
}
