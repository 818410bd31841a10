package com.gaterouter.local.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line a walk-through says a command prints: a comment {@code # → text}, on a line of its own
 * or after the command. {@code …} stands for any text (none included); everything else must match
 * exactly, ignoring the whitespace around the line (and a trailing CR, as in {@code curl -i}).
 *
 * @param line    the line in the Markdown file
 * @param pattern what follows {@code # →}
 */
public record ExpectedLine(int line, String pattern) {

    /** The marker: {@code #}, optional blanks, {@code →}; at the start of a line or after a blank. */
    private static final Pattern MARKER = Pattern.compile("(?:^|\\s)#\\s*→\\s?(.*)$");
    public static final String ANY = "…";

    /** The expected lines of a block's code, whose first line is line {@code firstLine} of its file. */
    static List<ExpectedLine> in(String code, int firstLine) {
        List<ExpectedLine> expected = new ArrayList<>();
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher marker = MARKER.matcher(lines[i]);
            if (marker.find()) {
                expected.add(new ExpectedLine(firstLine + i, marker.group(1).strip()));
            }
        }
        return List.copyOf(expected);
    }

    public boolean matches(String printed) {
        String[] parts = pattern.strip().split(ANY, -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(printed.strip()).matches();
    }
}
