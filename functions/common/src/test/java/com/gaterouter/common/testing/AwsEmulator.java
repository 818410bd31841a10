package com.gaterouter.common.testing;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * An AWS endpoint for integration tests, provided by {@link AwsEmulatorExtension}: LocalStack or
 * moto. One emulator serves every test class in the JVM, so tests must name their resources
 * uniquely ({@link #uniqueName}).
 *
 * @param kind     {@value #LOCALSTACK} or {@value #MOTO}
 * @param endpoint where every service answers
 */
public record AwsEmulator(String kind, URI endpoint) {

    public static final String LOCALSTACK = "localstack";
    public static final String MOTO = "moto";

    private static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    public AwsEmulator {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    public Region region() {
        return Region.US_EAST_1;
    }

    public AwsCredentialsProvider credentials() {
        return CREDENTIALS;
    }

    /**
     * Builds a synchronous client aimed at the emulator, on the URLConnection HTTP client the
     * functions use, e.g. {@code DynamoDbClient db = aws.client(DynamoDbClient.builder());}.
     * Anything else (S3 needs {@code forcePathStyle(true)}) is set on the builder before.
     * The caller closes the client.
     */
    public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(endpoint)
                .region(region())
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** {@code prefix-<12 random hex digits>}: valid for tables, queues, buses, buckets and secrets. */
    public String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
