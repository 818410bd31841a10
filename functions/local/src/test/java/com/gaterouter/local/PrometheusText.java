package com.gaterouter.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: it refuses
 * what a Prometheus server would refuse — a malformed line, a sample of an undeclared family or of
 * the wrong kind, a label that is not {@code name="value"}, a repeated series, a family declared twice
 * — and keeps the samples by name and labels.
 */
final class PrometheusText {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: metric name, labels (sorted by name) and value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        Set<String> seen = new HashSet<>();
        Set<String> helped = new HashSet<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ", 4);
                if (parts.length < 4 || !NAME.matcher(parts[2]).matches()) {
                    throw new IllegalArgumentException("line " + number + ": malformed " + parts[1] + ": " + line);
                }
                if (parts[1].equals("TYPE")) {
                    if (!TYPES.contains(parts[3]) || parsed.types.put(parts[2], parts[3]) != null) {
                        throw new IllegalArgumentException("line " + number + ": bad or repeated TYPE: " + line);
                    }
                } else if (!helped.add(parts[2])) {
                    throw new IllegalArgumentException("line " + number + ": repeated HELP: " + line);
                }
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Sample sample = sample(line, number);
            int at = number;
            String family = parsed.familyOf(sample.name())
                    .orElseThrow(() -> new IllegalArgumentException("line " + at + ": sample of an undeclared family: " + line));
            if (parsed.types.get(family).equals("histogram") && sample.name().endsWith("_bucket") && !sample.labels().containsKey("le")) {
                throw new IllegalArgumentException("line " + number + ": a bucket without le: " + line);
            }
            if (!seen.add(sample.name() + sample.labels())) {
                throw new IllegalArgumentException("line " + number + ": repeated series: " + line);
            }
            parsed.samples.add(sample);
        }
        return parsed;
    }

    /** The declared family a sample belongs to: its own name, or a histogram's/summary's with a suffix. */
    private java.util.Optional<String> familyOf(String sample) {
        if (types.containsKey(sample)) {
            return java.util.Optional.of(sample);
        }
        for (String suffix : List.of("_bucket", "_count", "_sum", "_created")) {
            if (sample.endsWith(suffix)) {
                String family = sample.substring(0, sample.length() - suffix.length());
                String type = types.get(family);
                if (type != null && (type.equals("histogram") || type.equals("summary") || suffix.equals("_created"))) {
                    return java.util.Optional.of(family);
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static Sample sample(String line, int number) {
        Matcher name = NAME.matcher(line);
        if (!name.lookingAt()) {
            throw new IllegalArgumentException("line " + number + ": no metric name: " + line);
        }
        int i = name.end();
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                Matcher label = LABEL_NAME.matcher(line).region(i, line.length());
                if (!label.lookingAt() || line.charAt(label.end()) != '=' || line.charAt(label.end() + 1) != '"') {
                    throw new IllegalArgumentException("line " + number + ": malformed label at " + i + ": " + line);
                }
                StringBuilder value = new StringBuilder();
                int j = label.end() + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char escaped = line.charAt(++j);
                        value.append(switch (escaped) {
                            case '\\' -> '\\';
                            case '"' -> '"';
                            case 'n' -> '\n';
                            default -> throw new IllegalArgumentException("line " + number + ": bad escape: " + line);
                        });
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(label.group(), value.toString()) != null) {
                    throw new IllegalArgumentException("line " + number + ": repeated label: " + line);
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("line " + number + ": no value: " + line);
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) {
            throw new IllegalArgumentException("line " + number + ": trailing text: " + line);
        }
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        return new Sample(name.group(), Collections.unmodifiableMap(labels), value);
    }

    /** The declared type of a family. */
    String type(String family) {
        return types.get(family);
    }

    List<Sample> samples() {
        return samples;
    }

    /** The value of the one series with exactly these labels, or 0 if there is none (a counter not yet incremented). */
    double value(String name, String... labelPairs) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(wanted)).mapToDouble(Sample::value)
                .findFirst().orElse(0);
    }

    /** The samples of {@code name} whose labels include these. */
    List<Sample> matching(String name, String... labelPairs) {
        List<Sample> found = new ArrayList<>();
        for (Sample s : samples) {
            boolean match = s.name().equals(name);
            for (int i = 0; match && i < labelPairs.length; i += 2) {
                match = labelPairs[i + 1].equals(s.labels().get(labelPairs[i]));
            }
            if (match) {
                found.add(s);
            }
        }
        return found;
    }
}
