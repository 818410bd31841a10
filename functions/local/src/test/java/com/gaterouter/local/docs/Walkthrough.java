package com.gaterouter.local.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * The shell walk-through of one Markdown file: its {@code ```bash} blocks in order, read with a
 * CommonMark parser (so fences inside list items, indented fences and HTML comments are what a
 * Markdown renderer sees), and what is wrong with how they are marked.
 *
 * <p>Rules (docs/testing.md, "Docs that run"):
 * <ul>
 *   <li>every {@code ```bash} block runs, unless the line before it is
 *       {@code <!-- doc-test: skip — reason -->} with a reason;</li>
 *   <li>shell code is tagged {@code bash}: a block tagged {@code sh}, {@code shell}, {@code console}
 *       or {@code zsh}, or an untagged block that looks like commands, is neither run nor marked,
 *       which is an error;</li>
 *   <li>a marker stands directly before a {@code ```bash} block, names a known directive and gives
 *       a reason;</li>
 *   <li>a block that starts the gateway ({@code bin/run-local}, {@code java -jar …gaterouter-local.jar})
 *       is marked: the test starts its own gateway, with the {@code GATEROUTER_*=value} settings
 *       such blocks give ({@link #gatewaySettings()}).</li>
 * </ul>
 *
 * @param name     the file's path relative to the repository, for messages
 * @param blocks   every {@code ```bash} block, run or skipped, in order
 * @param problems what breaks the rules, each as {@code name:line: message}
 * @param gatewaySettings the GATEROUTER_* variables the doc's skipped gateway-starting blocks set
 */
public record Walkthrough(String name, List<ShellBlock> blocks, List<String> problems, Map<String, String> gatewaySettings) {

    /** Info strings of shell code that must be tagged bash instead (so no walk-through slips past the test). */
    private static final Set<String> OTHER_SHELL_TAGS = Set.of("sh", "shell", "console", "zsh", "shell-session",
            "shellsession", "terminal", "bash-session", "shell-script");
    /** An untagged block with a line like these is shell code that should be tagged and run or marked. */
    private static final Pattern LOOKS_LIKE_SHELL = Pattern.compile(
            "(?m)^(?:\\$ )?(?:[A-Z_][A-Z0-9_]*=\\S*\\s+)*(?:curl|jq|export|bin/[\\w.-]+|\\./mvnw|java|sam|aws|docker)(?:\\s|$)");
    private static final Pattern MARKER = Pattern.compile("<!--\\s*doc-test:\\s*([a-z]*)(.*?)-->", Pattern.DOTALL);
    private static final Pattern SETTING = Pattern.compile("\\b(GATEROUTER_[A-Z0-9_]+)=(\"[^\"]*\"|'[^']*'|[^\\s;&|]+)");
    /** Chosen by the test itself: the port is free, the keys are fixed. */
    static final Set<String> TEST_OWNED_SETTINGS = Set.of("GATEROUTER_PORT", "GATEROUTER_DEMO_API_KEY", "GATEROUTER_ADMIN_KEY");

    public Walkthrough {
        blocks = List.copyOf(blocks);
        problems = List.copyOf(problems);
        gatewaySettings = Map.copyOf(gatewaySettings);
    }

    /** Reads {@code file}; {@code root} is the repository, for the name in messages. */
    public static Walkthrough read(Path root, Path file) {
        try {
            return parse(root.relativize(file).toString().replace('\\', '/'), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static Walkthrough parse(String name, String markdown) {
        Node document = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build().parse(markdown);
        List<ShellBlock> blocks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock fence) {
                int line = lineOf(fence);
                String info = fence.getInfo() == null ? "" : fence.getInfo().strip();
                String language = info.isEmpty() ? "" : info.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
                String code = fence.getLiteral() == null ? "" : fence.getLiteral();
                Optional<Marker> marker = markerBefore(fence);
                if (language.equals("bash")) {
                    Optional<String> reason = marker.map(Marker::reason);
                    ShellBlock block = new ShellBlock(line, code, reason, ExpectedLine.in(code, line + 1));
                    blocks.add(block);
                    if (block.runs() && block.startsGateway()) {
                        problems.add(name + ":" + line + ": this block starts the gateway; mark it "
                                + "<!-- doc-test: skip — starts the gateway; the docs test starts its own -->");
                    }
                    if (!block.runs() && block.startsGateway()) {
                        collectSettings(block, settings, problems, name);
                    }
                } else if (OTHER_SHELL_TAGS.contains(language)) {
                    problems.add(name + ":" + line + ": a ```" + language + " block is neither run nor marked: tag shell "
                            + "code ```bash (it then runs, or is marked <!-- doc-test: skip — reason -->)");
                } else if (language.isEmpty() && LOOKS_LIKE_SHELL.matcher(code).find()) {
                    problems.add(name + ":" + line + ": an untagged block looks like shell commands: tag it ```bash "
                            + "(it then runs, or is marked <!-- doc-test: skip — reason -->), or ```text if it is output");
                }
            }

            @Override
            public void visit(HtmlBlock html) {
                Matcher m = MARKER.matcher(html.getLiteral());
                if (!m.find()) {
                    return;
                }
                int line = lineOf(html);
                Node next = html.getNext();
                if (!(next instanceof FencedCodeBlock fence && fence.getInfo() != null
                        && fence.getInfo().strip().toLowerCase(Locale.ROOT).startsWith("bash"))) {
                    problems.add(name + ":" + line + ": a doc-test marker must stand directly before a ```bash block");
                }
                Marker marker = Marker.of(m);
                if (!marker.directive().equals("skip")) {
                    problems.add(name + ":" + line + ": unknown doc-test directive '" + marker.directive()
                            + "' (the one directive is: <!-- doc-test: skip — reason -->)");
                } else if (marker.reason().isBlank()) {
                    problems.add(name + ":" + line + ": a skipped block needs a reason: <!-- doc-test: skip — reason -->");
                }
            }
        });
        return new Walkthrough(name, blocks, problems, settings);
    }

    /** The blocks the test runs, in order. */
    public List<ShellBlock> runnable() {
        return blocks.stream().filter(ShellBlock::runs).toList();
    }

    private record Marker(String directive, String reason) {
        static Marker of(Matcher m) {
            // "skip — reason", "skip - reason", "skip: reason"
            String reason = m.group(2).strip().replaceFirst("^[—–:-]+", "").strip();
            return new Marker(m.group(1), reason);
        }
    }

    private static Optional<Marker> markerBefore(FencedCodeBlock fence) {
        if (fence.getPrevious() instanceof HtmlBlock html) {
            Matcher m = MARKER.matcher(html.getLiteral());
            if (m.find()) {
                return Optional.of(Marker.of(m)).filter(marker -> marker.directive().equals("skip"));
            }
        }
        return Optional.empty();
    }

    private static void collectSettings(ShellBlock block, Map<String, String> settings, List<String> problems, String name) {
        Matcher m = SETTING.matcher(block.code());
        while (m.find()) {
            String variable = m.group(1);
            String value = m.group(2).replaceAll("^[\"']|[\"']$", "");
            if (TEST_OWNED_SETTINGS.contains(variable)) {
                continue;
            }
            String earlier = settings.putIfAbsent(variable, value);
            if (earlier != null && !earlier.equals(value)) {
                problems.add(name + ":" + block.line() + ": " + variable + "=" + value + " contradicts " + variable + "="
                        + earlier + " earlier in the doc: the test starts one gateway per doc");
            }
        }
    }

    /** 1-based line of a node's first line. */
    private static int lineOf(Node node) {
        return node.getSourceSpans().isEmpty() ? 0 : node.getSourceSpans().getFirst().getLineIndex() + 1;
    }
}
