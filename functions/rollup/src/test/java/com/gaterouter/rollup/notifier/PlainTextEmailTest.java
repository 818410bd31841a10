package com.gaterouter.rollup.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PlainTextEmailTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:15:00Z");

    @Test
    void anAsciiMessageHasTheHeadersAMailClientNeedsAndCrlfLineEnds() {
        PlainTextEmail email = new PlainTextEmail("GateRouter <alerts@gaterouter.local>", List.of("finance@acme.example"),
                "[GateRouter] Marketing reached 80 % of its November budget", "Line one\nLine two\n", AT,
                "acme:department:d1:2026-11:80@gaterouter.local");

        String eml = email.toRfc5322();

        assertThat(eml).isEqualTo("""
                From: GateRouter <alerts@gaterouter.local>\r
                To: finance@acme.example\r
                Subject: [GateRouter] Marketing reached 80 % of its November budget\r
                Date: Tue, 24 Nov 2026 10:15:00 +0000\r
                Message-ID: <acme:department:d1:2026-11:80@gaterouter.local>\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=UTF-8\r
                Content-Transfer-Encoding: 7bit\r
                \r
                Line one\r
                Line two\r
                """);
        assertThat(eml.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void aNonAsciiSubjectIsEncodedWordsThatDecodeBackAndEveryLineFitsIn78() {
        String subject = "[GateRouter] Recherche & Développement a dépassé 80 % — 営業部の予算 of its Décembre budget, long enough to fold";
        PlainTextEmail email = new PlainTextEmail("alerts@gaterouter.local", List.of("a@x.example", "b@y.example", "c@z.example"),
                subject, "Coût : 402,00 $\n", AT, "id@gaterouter.local");

        String eml = email.toRfc5322();
        String headers = eml.substring(0, eml.indexOf("\r\n\r\n") + 2);

        assertThat(headers.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        assertThat(headers).contains("Content-Transfer-Encoding: 8bit").contains("To: a@x.example, b@y.example, c@z.example");
        String unfolded = headers.replace("\r\n ", " ");
        String subjectLine = Arrays.stream(unfolded.split("\r\n")).filter(l -> l.startsWith("Subject: ")).findFirst().orElseThrow();
        assertThat(decode(subjectLine.substring("Subject: ".length()))).isEqualTo(subject);
        assertThat(eml).endsWith("\r\n\r\nCoût : 402,00 $\r\n");
    }

    @Test
    void aBodyWithALineTooLongForSmtpGoesAsBase64() {
        String body = "x".repeat(1_200) + "\né\n";
        String eml = new PlainTextEmail("a@b.example", List.of(), "s", body, AT, "m@b.example").toRfc5322();

        assertThat(eml).contains("To: undisclosed-recipients:;\r\n").contains("Content-Transfer-Encoding: base64\r\n");
        String encoded = eml.substring(eml.indexOf("\r\n\r\n") + 4);
        assertThat(encoded.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(76));
        assertThat(new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8)).isEqualTo(body.replace("\n", "\r\n"));
    }

    @Test
    void headerInjectionThroughAnAddressIsRefused() {
        assertThatThrownBy(() -> new PlainTextEmail("a@b.example", List.of("x@y.example\r\nBcc: evil@z.example"), "s", "b", AT, "m@b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 2047 B-encoded words, separated by white space that is not displayed. */
    private static String decode(String words) {
        Matcher m = Pattern.compile("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]+)\\?=").matcher(words);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int count = 0;
        while (m.find()) {
            bytes.writeBytes(Base64.getDecoder().decode(m.group(1)));
            count++;
        }
        assertThat(count).isGreaterThan(1);
        assertThat(words.replaceAll("=\\?UTF-8\\?B\\?[A-Za-z0-9+/=]+\\?=", "").isBlank()).isTrue();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
