package com.gaterouter.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretFieldsTest {

    private static final String LEAK = "sk-live-DO-NOT-LEAK";

    @Test
    void parsesAnObjectOfStringsKeepingItsOrder() {
        Map<String, String> fields = SecretFields.parse("vendor-keys",
                "{\"openai\":\"sk-1\",\"anthropic\":\"sk-ant-2\",\"gemini\":\"g-3\"}");

        assertThat(fields).containsExactly(
                Map.entry("openai", "sk-1"), Map.entry("anthropic", "sk-ant-2"), Map.entry("gemini", "g-3"));
    }

    @Test
    void anEmptyObjectHasNoFields() {
        assertThat(SecretFields.parse("vendor-keys", "{}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            LEAK,
            "{\"openai\": " + LEAK + "}",
            "{\"openai\":\"" + LEAK,
            "[\"" + LEAK + "\"]",
            "\"" + LEAK + "\"",
            "{\"openai\": {\"key\": \"" + LEAK + "\"}}",
            "{\"openai\": \"sk-1\"} " + LEAK,
            "{\"" + LEAK + "\": 42}",
            "{\"" + LEAK + "\": \"a\", \"" + LEAK + "\": \"b\"}",
            "",
    })
    void rejectsAnythingButAnObjectOfStringsWithoutRevealingTheText(String secretText) {
        MalformedSecretException e = catchThrowableOfType(MalformedSecretException.class,
                () -> SecretFields.parse("gaterouter/dev/vendor-keys", secretText));

        assertThat(e).isNotNull();
        assertThat(e.secretId()).isEqualTo("gaterouter/dev/vendor-keys");
        assertThat(e.getMessage()).contains("gaterouter/dev/vendor-keys").doesNotContain(LEAK);
        assertThat(e.getCause()).as("a parser cause would quote the text").isNull();
        assertThat(stackTrace(e)).doesNotContain(LEAK);
    }

    @Test
    void saysWhereTheJsonBreaks() {
        MalformedSecretException e = catchThrowableOfType(MalformedSecretException.class,
                () -> SecretFields.parse("s", "{\n\"openai\": sk-1}"));

        assertThat(e).hasMessageContaining("not valid JSON (line 2");
    }

    private static String stackTrace(Throwable throwable) {
        StringWriter text = new StringWriter();
        throwable.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
