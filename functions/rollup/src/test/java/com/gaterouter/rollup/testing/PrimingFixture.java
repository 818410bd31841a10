package com.gaterouter.rollup.testing;

import com.gaterouter.common.testing.RefusingHttpClient;
import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.SnapStartHooks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For the functions' priming tests: the environment template.yaml gives them, the AWS region and
 * credentials Lambda gives them (the SDK's default chains read system properties first), and a
 * priming HTTP client whose network side records and refuses every request.
 */
public final class PrimingFixture implements AutoCloseable {

    public static final Map<String, String> ENV = Map.of("ACCOUNTS_TABLE", "accounts", "API_KEYS_TABLE", "keys",
            "USAGE_TABLE", "usage", "SPEND_TABLE", "spend", "ROLLUPS_TABLE", "rollups", "EVENT_BUS_NAME", "gaterouter-test",
            "ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:finance");
    private static final List<String> PROPERTIES = List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey");

    private final RefusingHttpClient network = new RefusingHttpClient();
    private final Map<String, String> saved = new HashMap<>();
    private final PrimingHttpClient http;

    public PrimingFixture() {
        PROPERTIES.forEach(p -> saved.put(p, System.getProperty(p)));
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "priming");
        System.setProperty("aws.secretAccessKey", "priming");
        http = PrimingHttpClient.wrapping(network);
    }

    public PrimingHttpClient http() {
        return http;
    }

    /** Every step completed and no request was sent. */
    public void assertAllSucceededOffline(List<SnapStartHooks.Outcome> outcomes) {
        assertThat(outcomes).isNotEmpty().allSatisfy(outcome -> assertThat(outcome.failure()).as(outcome.step()).isNull());
        assertThat(network.requests()).isEmpty();
    }

    @Override
    public void close() {
        saved.forEach((p, v) -> {
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        });
    }
}
