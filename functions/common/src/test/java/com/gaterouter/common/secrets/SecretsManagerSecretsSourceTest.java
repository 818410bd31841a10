package com.gaterouter.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** Caching and invalidation, counted at the client; SecretsManagerSecretsSourceIT covers the real service. */
class SecretsManagerSecretsSourceTest {

    private final CountingSecretsManager secretsManager = new CountingSecretsManager();

    @Test
    void servesRepeatedReadsFromTheCacheWithinTheTtl() {
        secretsManager.secrets.put("vendor-keys", "{\"openai\":\"sk-1\"}");
        var source = new SecretsManagerSecretsSource(secretsManager, Duration.ofMinutes(5));

        assertThat(source.secretFields("vendor-keys")).contains(Map.of("openai", "sk-1"));
        assertThat(source.secretFields("vendor-keys")).contains(Map.of("openai", "sk-1"));

        assertThat(secretsManager.reads("vendor-keys")).isEqualTo(1);
    }

    @Test
    void readsAgainOnceTheTtlHasPassed() throws InterruptedException {
        secretsManager.secrets.put("vendor-keys", "{\"openai\":\"sk-1\"}");
        var source = new SecretsManagerSecretsSource(secretsManager, Duration.ofMillis(20));
        source.secretFields("vendor-keys");

        Thread.sleep(60);
        secretsManager.secrets.put("vendor-keys", "{\"openai\":\"sk-2\"}");

        assertThat(source.secretFields("vendor-keys")).contains(Map.of("openai", "sk-2"));
        assertThat(secretsManager.reads("vendor-keys")).isEqualTo(2);
    }

    @Test
    void invalidateSendsTheNextReadOfThatSecretOnlyToSecretsManager() {
        secretsManager.secrets.put("vendor-keys", "{\"openai\":\"sk-1\"}");
        secretsManager.secrets.put("other", "{\"a\":\"b\"}");
        var source = new SecretsManagerSecretsSource(secretsManager, Duration.ofMinutes(5));
        source.secretFields("vendor-keys");
        source.secretFields("other");
        secretsManager.secrets.put("vendor-keys", "{\"openai\":\"sk-2\"}");

        source.invalidate("vendor-keys");

        assertThat(source.secretFields("vendor-keys")).contains(Map.of("openai", "sk-2"));
        assertThat(source.secretFields("other")).contains(Map.of("a", "b"));
        assertThat(secretsManager.reads("vendor-keys")).isEqualTo(2);
        assertThat(secretsManager.reads("other")).isEqualTo(1);
    }

    @Test
    void aMissingSecretIsEmptyAndAskedForAgainNextTime() {
        var source = new SecretsManagerSecretsSource(secretsManager, Duration.ofMinutes(5));

        assertThat(source.secretFields("missing")).isEmpty();
        assertThat(source.secretFields("missing")).isEmpty();
        assertThat(secretsManager.reads("missing")).isEqualTo(2);
    }

    @Test
    void aMalformedSecretFailsWithoutItsText() {
        secretsManager.secrets.put("vendor-keys", "openai=sk-live-123");
        var source = new SecretsManagerSecretsSource(secretsManager, Duration.ofMinutes(5));

        assertThatThrownBy(() -> source.secretFields("vendor-keys"))
                .isInstanceOf(MalformedSecretException.class)
                .hasMessageContaining("vendor-keys")
                .hasMessageNotContaining("sk-live-123");
    }

    @Test
    void rejectsANegativeTtl() {
        assertThatThrownBy(() -> new SecretsManagerSecretsSource(secretsManager, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Answers GetSecretValue from a map, counting calls per secret. */
    private static final class CountingSecretsManager implements SecretsManagerClient {
        final Map<String, String> secrets = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

        int reads(String secretId) {
            return reads.getOrDefault(secretId, new AtomicInteger()).get();
        }

        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            reads.computeIfAbsent(request.secretId(), id -> new AtomicInteger()).incrementAndGet();
            String value = secrets.get(request.secretId());
            if (value == null) {
                throw ResourceNotFoundException.builder().message("Secrets Manager can't find the specified secret.")
                        .build();
            }
            return GetSecretValueResponse.builder().name(request.secretId()).secretString(value).build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
