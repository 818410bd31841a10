package com.gaterouter.common.spend.dynamodb;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Opens {@link DynamoDbCounterSink}'s package-private rules to the spend tests. */
public final class DynamoDbCounterSinkAccess {

    private DynamoDbCounterSinkAccess() {
    }

    public static Map<String, String> staleMarks(String source, Map<String, AttributeValue> old, Instant now) {
        return DynamoDbCounterSink.staleMarks(source, old, now);
    }
}
