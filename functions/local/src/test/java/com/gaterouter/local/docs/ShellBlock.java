package com.gaterouter.local.docs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code ```bash} block of a Markdown file.
 *
 * @param line       the line of its opening fence (its code starts on the next line)
 * @param code       the code, as a reader would paste it
 * @param skipReason why it is not run, when a {@code <!-- doc-test: skip — reason -->} marker stands before it
 * @param expected   the {@code # → …} lines in it, in order
 */
public record ShellBlock(int line, String code, Optional<String> skipReason, List<ExpectedLine> expected) {

    /** A command line that starts the local gateway (after any VAR=value assignments). */
    private static final Pattern STARTS_GATEWAY = Pattern.compile(
            "(?m)^\\s*(?:[A-Za-z_][A-Za-z0-9_]*=\\S*\\s+)*(?:bin/run-local\\b|java\\b.*gaterouter-local\\.jar)");

    public ShellBlock {
        expected = List.copyOf(expected);
    }

    public boolean runs() {
        return skipReason.isEmpty();
    }

    /** True if the block starts the local gateway (the test starts its own instead). */
    public boolean startsGateway() {
        return STARTS_GATEWAY.matcher(code).find();
    }

    /** The file line of the block's {@code n}th code line (1-based), as bash numbers them. */
    public int fileLine(int n) {
        return line + n;
    }
}
