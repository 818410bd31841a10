package com.gaterouter.rollup.notifier;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One plain-text e-mail as an RFC 5322 message with a MIME {@code text/plain; charset=UTF-8} body:
 * what the local gateway files in its outbox as {@code .eml}, readable in any mail client or
 * editor. Lines end in CRLF; long headers are folded at spaces; a subject with non-ASCII text is
 * sent as RFC 2047 encoded-words (UTF-8, base64, at most 75 characters each, never splitting a
 * character); the body goes as {@code 7bit} or {@code 8bit} when every line fits in 998 octets,
 * else base64.
 *
 * @param messageId without the angle brackets, e.g. {@code acme:department:d1:2026-11:80@gaterouter.local}
 */
public record PlainTextEmail(String from, List<String> to, String subject, String body, Instant date, String messageId) {

    static final String CRLF = "\r\n";
    private static final int LINE = 78;
    private static final int MAX_LINE_OCTETS = 998;
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    public PlainTextEmail {
        Objects.requireNonNull(from, "from");
        to = List.copyOf(to);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(messageId, "messageId");
        for (String header : concat(List.of(from, messageId), to)) {
            if (header.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw new IllegalArgumentException("addresses and the message id must be printable ASCII: " + header);
            }
        }
    }

    public static PlainTextEmail of(AlertMessage message, String from, Instant date, String messageId) {
        return new PlainTextEmail(from, message.recipients(), message.subject(), message.body(), date, messageId);
    }

    /** The whole message, headers and body, CRLF line ends. */
    public String toRfc5322() {
        StringBuilder m = new StringBuilder();
        header(m, "From", from);
        header(m, "To", to.isEmpty() ? "undisclosed-recipients:;" : String.join(", ", to));
        header(m, "Subject", encodedSubject());
        header(m, "Date", DATE.format(date));
        header(m, "Message-ID", "<" + messageId + ">");
        header(m, "MIME-Version", "1.0");
        header(m, "Content-Type", "text/plain; charset=UTF-8");
        String text = body.replace("\r\n", "\n").replace('\r', '\n');
        List<String> lines = List.of(text.split("\n", -1));
        boolean ascii = text.chars().allMatch(c -> c < 0x80);
        boolean fits = lines.stream().allMatch(l -> l.getBytes(StandardCharsets.UTF_8).length <= MAX_LINE_OCTETS);
        if (fits) {
            header(m, "Content-Transfer-Encoding", ascii ? "7bit" : "8bit");
            m.append(CRLF).append(String.join(CRLF, lines));
            if (!text.endsWith("\n")) {
                m.append(CRLF);
            }
        } else {
            header(m, "Content-Transfer-Encoding", "base64");
            m.append(CRLF).append(Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(text.replace("\n", CRLF).getBytes(StandardCharsets.UTF_8))).append(CRLF);
        }
        return m.toString();
    }

    /** The subject as it goes on the wire: as is when printable ASCII, else encoded-words. */
    String encodedSubject() {
        String oneLine = subject.replaceAll("[\\r\\n\\t]+", " ");
        if (oneLine.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            return oneLine;
        }
        List<String> words = new ArrayList<>();
        // "=?UTF-8?B?" + "?=" is 12 characters; 42 octets of UTF-8 are 56 of base64: a 68-character word,
        // so "Subject: " and one word fit in 78
        int maxOctets = 42;
        int start = 0;
        while (start < oneLine.length()) {
            int end = start;
            int octets = 0;
            while (end < oneLine.length()) {
                int cp = oneLine.codePointAt(end);
                int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                if (octets + n > maxOctets) {
                    break;
                }
                octets += n;
                end += Character.charCount(cp);
            }
            words.add("=?UTF-8?B?" + Base64.getEncoder().encodeToString(
                    oneLine.substring(start, end).getBytes(StandardCharsets.UTF_8)) + "?=");
            start = end;
        }
        return String.join(" ", words); // the space between encoded-words is not displayed (RFC 2047 6.2)
    }

    /** {@code Name: value}, folded at spaces so no line passes 78 characters where it can be helped. */
    private static void header(StringBuilder m, String name, String value) {
        StringBuilder line = new StringBuilder(name).append(':');
        int lineStart = 0;
        for (String word : value.split(" ", -1)) {
            if (line.length() - lineStart + 1 + word.length() > LINE && line.length() - lineStart > name.length() + 1) {
                line.append(CRLF);
                lineStart = line.length();
            }
            line.append(' ').append(word);
        }
        m.append(line).append(CRLF);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
