package com.gaterouter.local.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a walk-through's blocks as a reader would paste them: in order, in ONE bash session (so
 * variables and helpers of earlier blocks are there in later ones), with {@code set -euo pipefail},
 * in a working directory of its own, with a clean environment. Then checks each block's
 * {@code # → …} lines against what that block printed.
 *
 * <p>Each block is written to its own file and {@code source}d, so bash's own messages (an unbound
 * variable, a syntax error) and the ERR trap name the block file and line, which are translated
 * back to the Markdown file's line.
 */
public final class ShellSession {

    /**
     * What a session did.
     *
     * @param failures  what went wrong, each naming the Markdown file and line; empty when the walk-through works
     * @param helpers   the shell functions the walk-through defined (name → {@code declare -f} text)
     * @param blocksRun the blocks that ran to their end
     */
    public record Result(List<String> failures, Map<String, String> helpers, int blocksRun) {
        public Result {
            failures = List.copyOf(failures);
            helpers = Map.copyOf(helpers);
        }
    }

    private static final String BLOCK_MARK = "@@doc-test:block:";
    private static final String END_MARK = "@@doc-test:end@@";
    private static final Pattern BLOCK_FILE_LINE = Pattern.compile("block-(\\d+)\\.sh: line (\\d+)");
    private static final Pattern FUNCTION_START = Pattern.compile("^(\\S+) \\(\\) $");
    private static final int OUTPUT_LINES_SHOWN = 40;

    private ShellSession() {
    }

    /**
     * @param doc     the walk-through
     * @param setup   bash code run first, as the reader's setup (e.g. the banner's {@code export} line)
     * @param env     the session's whole environment (nothing is inherited)
     * @param workDir an empty directory: the session's working directory
     * @param timeout for the whole session; it is killed after that
     */
    public static Result run(Walkthrough doc, String setup, Map<String, String> env, Path workDir, Duration timeout) {
        List<ShellBlock> blocks = doc.runnable();
        try {
            Path dir = Files.createDirectories(workDir.resolve(".doc-test"));
            StringBuilder script = new StringBuilder()
                    .append("set -euo pipefail\n")
                    // a failing command inside $(…) fails the assignment's command too
                    .append("shopt -s inherit_errexit\n")
                    .append("trap 'doc_test_status=$?; printf \"%s: line %s: exit status %s: %s\\n\" \"${BASH_SOURCE[0]##*/}\" ")
                    .append("\"$LINENO\" \"$doc_test_status\" \"$BASH_COMMAND\" >&2' ERR\n")
                    .append(setup).append('\n');
            for (int i = 0; i < blocks.size(); i++) {
                String file = blockFile(i);
                Files.writeString(dir.resolve(file), blocks.get(i).code(), StandardCharsets.UTF_8);
                script.append("printf '\\n%s\\n' '").append(BLOCK_MARK).append(i).append("@@'\n")
                        .append("source .doc-test/").append(file).append('\n');
            }
            script.append("printf '\\n%s\\n' '").append(END_MARK).append("'\n")
                    .append("declare -f > .doc-test/helpers\n");
            Path session = dir.resolve("session.sh");
            Files.writeString(session, script, StandardCharsets.UTF_8);
            Path stdout = dir.resolve("stdout");
            Path stderr = dir.resolve("stderr");

            ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", session.toString())
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            int exit = finished ? process.exitValue() : -1;
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            String err = translate(doc, blocks, Files.readString(stderr, StandardCharsets.UTF_8));
            Map<String, String> helpers = Files.exists(dir.resolve("helpers"))
                    ? helpers(Files.readString(dir.resolve("helpers"), StandardCharsets.UTF_8)) : Map.of();
            boolean completed = finished && exit == 0 && out.contains(END_MARK);
            int started = outputs(out, blocks.size()).size();
            return new Result(check(doc, blocks, out, err, exit, finished, timeout), helpers,
                    completed ? blocks.size() : Math.max(0, started - 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the walk-through of " + doc.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + doc.name(), e);
        }
    }

    private static String blockFile(int index) {
        return String.format("block-%02d.sh", index);
    }

    /** The session's output cut into each block's lines; a block that did not start is absent. */
    private static List<List<String>> outputs(String stdout, int blocks) {
        List<List<String>> outputs = new ArrayList<>();
        List<String> current = null;
        for (String line : stdout.split("\n", -1)) {
            if (line.startsWith(BLOCK_MARK) || line.equals(END_MARK)) {
                if (current != null) {
                    outputs.add(trimmed(current));
                }
                current = line.equals(END_MARK) || outputs.size() >= blocks ? null : new ArrayList<>();
            } else if (current != null) {
                current.add(line);
            }
        }
        if (current != null) {
            outputs.add(trimmed(current));
        }
        return outputs;
    }

    /** Drops the empty line the next mark's leading newline leaves after output that ended in one. */
    private static List<String> trimmed(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        if (!copy.isEmpty() && copy.getLast().isEmpty()) {
            copy.removeLast();
        }
        return copy;
    }

    private static List<String> check(Walkthrough doc, List<ShellBlock> blocks, String stdout, String stderr, int exit,
                                      boolean finished, Duration timeout) {
        List<String> failures = new ArrayList<>();
        List<List<String>> outputs = outputs(stdout, blocks.size());
        boolean completed = finished && exit == 0 && stdout.contains(END_MARK);
        int started = outputs.size();
        for (int i = 0; i < started; i++) {
            ShellBlock block = blocks.get(i);
            List<String> printed = outputs.get(i);
            boolean failedHere = !completed && i == started - 1;
            if (failedHere) {
                String why = !finished ? "did not finish within " + timeout.toSeconds() + " s (killed)"
                        : exit == 0 ? "ended the session early (exit 0 before the walk-through's end)"
                        : "failed (exit status " + exit + ")";
                failures.add(doc.name() + ":" + block.line() + ": the block " + why
                        + section("stderr", List.of(stderr.strip().split("\n"))) + section("output", printed));
            }
            failures.addAll(expectations(doc, block, printed, failedHere));
        }
        if (started == 0 && !completed) {
            failures.add(doc.name() + ": the session failed before its first block (exit status " + exit + ")"
                    + section("stderr", List.of(stderr.strip().split("\n"))));
        }
        if (!completed && started < blocks.size()) {
            failures.add(doc.name() + ": " + (blocks.size() - started) + " later block(s) did not run");
        }
        return failures;
    }

    /** Each expected line must match a printed line after the previous one's match. */
    private static List<String> expectations(Walkthrough doc, ShellBlock block, List<String> printed, boolean blockFailed) {
        List<String> failures = new ArrayList<>();
        int from = 0;
        for (ExpectedLine expected : block.expected()) {
            int found = -1;
            for (int i = from; i < printed.size() && found < 0; i++) {
                if (expected.matches(printed.get(i))) {
                    found = i;
                }
            }
            if (found < 0) {
                if (!blockFailed) {
                    failures.add(doc.name() + ":" + expected.line() + ": expected the block to print a line `" + expected.pattern()
                            + "`" + (from > 0 ? " after line " + from + " of its output" : "") + section("output", printed));
                }
                break;
            }
            from = found + 1;
        }
        return failures;
    }

    private static String section(String title, List<String> lines) {
        List<String> shown = lines.size() > OUTPUT_LINES_SHOWN ? lines.subList(lines.size() - OUTPUT_LINES_SHOWN, lines.size()) : lines;
        StringBuilder text = new StringBuilder("\n  ").append(title)
                .append(lines.size() > OUTPUT_LINES_SHOWN ? " (last " + OUTPUT_LINES_SHOWN + " lines)" : "").append(':');
        if (shown.isEmpty() || shown.size() == 1 && shown.getFirst().isBlank()) {
            return text.append(" (none)").toString();
        }
        shown.forEach(line -> text.append("\n    ").append(line));
        return text.toString();
    }

    /** bash names the block file and its line; the reader wants the Markdown file and its line. */
    static String translate(Walkthrough doc, List<ShellBlock> blocks, String text) {
        Matcher m = BLOCK_FILE_LINE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int index = Integer.parseInt(m.group(1));
            int line = Integer.parseInt(m.group(2));
            String where = index < blocks.size() ? doc.name() + ":" + blocks.get(index).fileLine(line) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(where));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code declare -f}'s output as name → definition. */
    static Map<String, String> helpers(String declared) {
        Map<String, String> helpers = new LinkedHashMap<>();
        String name = null;
        StringBuilder body = new StringBuilder();
        for (String line : declared.split("\n")) {
            Matcher start = FUNCTION_START.matcher(line);
            if (name == null && start.matches()) {
                name = start.group(1);
                body.setLength(0);
            }
            if (name != null) {
                body.append(line).append('\n');
                if (line.equals("}")) {
                    helpers.put(name, body.toString());
                    name = null;
                }
            }
        }
        return helpers;
    }

    /**
     * A reader follows several docs in one shell, so a helper that more than one doc defines must be
     * defined the same way in each: one message per helper that is not.
     */
    public static List<String> inconsistentHelpers(Map<String, Map<String, String>> helpersByDoc) {
        Map<String, Map<String, List<String>>> docsByDefinition = new TreeMap<>();
        helpersByDoc.forEach((doc, helpers) -> helpers.forEach((name, definition) -> docsByDefinition
                .computeIfAbsent(name, n -> new LinkedHashMap<>()).computeIfAbsent(definition, d -> new ArrayList<>()).add(doc)));
        List<String> messages = new ArrayList<>();
        docsByDefinition.forEach((name, definitions) -> {
            if (definitions.size() > 1) {
                StringBuilder text = new StringBuilder("helper " + name + "() is defined differently in different docs:");
                definitions.forEach((definition, docs) -> text.append("\n  in ").append(String.join(", ", docs)).append(":\n    ")
                        .append(definition.strip().replace("\n", "\n    ")));
                messages.add(text.toString());
            }
        });
        return messages;
    }
}
