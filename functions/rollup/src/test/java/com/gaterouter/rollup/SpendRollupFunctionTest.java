package com.gaterouter.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.events.InMemoryEventPublisher;
import com.gaterouter.common.rollup.RollupRun;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.rollup.alerts.AlertService;
import com.gaterouter.common.alerts.InMemoryAlertLedger;
import com.gaterouter.rollup.testing.FixedSpend;
import com.gaterouter.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DynamoDbLocalExtension.class)
class SpendRollupFunctionTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:15:00Z");

    @Test
    void aTickRunsBothPassesWithinTheInvocationsRemainingTimeLessTheMargin(LocalTables tables) {
        MutableClock clock = new MutableClock(NOW);
        AlertService alerts = new AlertService(new DynamoDbAccountStore(tables.client(), tables.name(GatewayTable.ACCOUNTS),
                tables.name(GatewayTable.API_KEYS)), new FixedSpend(), new InMemoryAlertLedger(), new InMemoryEventPublisher(), clock);
        List<Instant> rollupDeadlines = new ArrayList<>();
        ScheduledPass pass = new ScheduledPass(deadline -> {
            rollupDeadlines.add(deadline);
            return new RollupRun(0, 0, 0, 0, true, Duration.ZERO);
        }, alerts, clock);

        String answer = new SpendRollupFunction(pass, null).handleRequest(Map.of("run", "every-15-minutes"), context(900_000));

        // 900 s remaining - 30 s margin = 870 s; the roll-up leaves the last 2 minutes to the alerts
        assertThat(rollupDeadlines).containsExactly(NOW.plusSeconds(870 - 120));
        assertThat(answer).startsWith("rollup RollupRun[").contains("alerts AlertRun[");
    }

    private static Context context(int remainingMillis) {
        return new Context() {
            public String getAwsRequestId() {
                return "req-1";
            }

            public String getLogGroupName() {
                return "/aws/lambda/test";
            }

            public String getLogStreamName() {
                return "stream";
            }

            public String getFunctionName() {
                return "gaterouter-test-spend-rollup";
            }

            public String getFunctionVersion() {
                return "$LATEST";
            }

            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:eu-west-1:123456789012:function:gaterouter-test-spend-rollup";
            }

            public CognitoIdentity getIdentity() {
                return null;
            }

            public ClientContext getClientContext() {
                return null;
            }

            public int getRemainingTimeInMillis() {
                return remainingMillis;
            }

            public int getMemoryLimitInMB() {
                return 1024;
            }

            public LambdaLogger getLogger() {
                return null;
            }
        };
    }
}
