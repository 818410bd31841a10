package com.gaterouter.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.gaterouter.common.testing.AwsEmulator;
import com.gaterouter.common.testing.WithAwsEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

@WithAwsEmulator
class SecretsManagerSecretsSourceIT {

    private static final Duration LONG_TTL = Duration.ofMinutes(10);

    private final AwsEmulator aws;
    private final SecretsManagerClient secretsManager;

    SecretsManagerSecretsSourceIT(AwsEmulator aws) {
        this.aws = aws;
        this.secretsManager = aws.client(SecretsManagerClient.builder());
    }

    @AfterEach
    void closeClient() {
        secretsManager.close();
    }

    @Test
    void readsTheFieldsThenServesTheCachedCopyUntilInvalidated() {
        String secret = createSecret("{\"openai\":\"sk-old\",\"anthropic\":\"sk-ant-old\"}");
        var source = new SecretsManagerSecretsSource(secretsManager, LONG_TTL);

        assertThat(source.secretFields(secret)).contains(Map.of("openai", "sk-old", "anthropic", "sk-ant-old"));

        rotate(secret, "{\"openai\":\"sk-new\",\"anthropic\":\"sk-ant-new\"}");
        assertThat(source.secretFields(secret)).as("within the TTL the cached value is served")
                .contains(Map.of("openai", "sk-old", "anthropic", "sk-ant-old"));

        source.invalidate(secret);
        assertThat(source.secretFields(secret)).as("after invalidate the next read goes to Secrets Manager")
                .contains(Map.of("openai", "sk-new", "anthropic", "sk-ant-new"));
    }

    @Test
    void readsTheNewValueOnceTheTtlHasPassed() throws InterruptedException {
        Duration ttl = Duration.ofMillis(200);
        String secret = createSecret("{\"openai\":\"sk-old\"}");
        var source = new SecretsManagerSecretsSource(secretsManager, ttl);
        source.secretFields(secret);

        rotate(secret, "{\"openai\":\"sk-new\"}");
        Thread.sleep(ttl.multipliedBy(2));

        assertThat(source.secretFields(secret)).contains(Map.of("openai", "sk-new"));
    }

    @Test
    void aSecretThatDoesNotExistIsEmpty() {
        var source = new SecretsManagerSecretsSource(secretsManager, LONG_TTL);

        assertThat(source.secretFields(aws.uniqueName("gaterouter/it/absent"))).isEmpty();
    }

    @Test
    void aMalformedSecretFailsWithoutRevealingItsText() {
        String leak = "sk-live-DO-NOT-LEAK";
        String notJson = createSecret("openai=" + leak);
        String notStrings = createSecret("{\"openai\":{\"key\":\"" + leak + "\"}}");
        var source = new SecretsManagerSecretsSource(secretsManager, LONG_TTL);

        for (String secret : new String[] {notJson, notStrings}) {
            MalformedSecretException e = catchThrowableOfType(MalformedSecretException.class,
                    () -> source.secretFields(secret));

            assertThat(e).as(secret).isNotNull().hasMessageContaining(secret).hasMessageNotContaining(leak);
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(leak);
        }
    }

    private String createSecret(String value) {
        String name = aws.uniqueName("gaterouter/it/vendor-keys");
        secretsManager.createSecret(request -> request.name(name).secretString(value));
        return name;
    }

    private void rotate(String secret, String value) {
        secretsManager.putSecretValue(request -> request.secretId(secret).secretString(value));
    }
}
