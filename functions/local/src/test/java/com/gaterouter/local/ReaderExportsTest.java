package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The banner's {@code export} line survives bash as it is: every value comes back exactly. */
class ReaderExportsTest {

    @ParameterizedTest
    @ValueSource(strings = {"gr-AbC_123-xyz", "http://localhost:8080", "/tmp/gaterouter-outbox123/alerts.jsonl",
            "/home/a user/data dir/outbox/alerts.jsonl", "/tmp/it's/alerts.jsonl", "/tmp/$HOME/`id`/*/alerts.jsonl", ""})
    void aValueComesBackFromBashUnchanged(String value) throws Exception {
        Process bash = new ProcessBuilder("bash", "--noprofile", "--norc", "-c",
                "set -eu; export OUTBOX=" + LocalGateway.shellWord(value) + "; printf %s \"$OUTBOX\"").start();
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gr-AbC_123-xyz", "http://localhost:8080", "/tmp/gaterouter-outbox123/alerts.jsonl"})
    void plainValuesAreNotQuoted(String value) {
        assertThat(LocalGateway.shellWord(value)).isEqualTo(value);
    }
}
