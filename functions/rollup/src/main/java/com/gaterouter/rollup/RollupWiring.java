package com.gaterouter.rollup;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.events.EventPublisher;
import com.gaterouter.common.rollup.RollupService;
import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.usage.UsageStore;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import com.gaterouter.rollup.alerts.AlertService;
import com.gaterouter.rollup.alerts.WeeklyDigestService;
import com.gaterouter.common.alerts.dynamodb.DynamoDbDigestLedger;
import com.gaterouter.common.alerts.dynamodb.DynamoDbAlertLedger;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the scheduled roll-up and alert pass once, by constructors: the same graph in Lambda
 * ({@link AwsRollupWiring}, alerts to EventBridge) and in the local gateway (alerts to its outbox).
 */
public final class RollupWiring {

    private RollupWiring() {
    }

    /**
     * @param settings the tables (accounts, API keys, usage, spend, roll-ups), the usage retention and the late window
     * @param alertsTo where budget alerts are published
     */
    public static ScheduledPass scheduledPass(Settings settings, DynamoDbClient dynamo, EventPublisher alertsTo, Clock clock) {
        return scheduledPass(settings, dynamo, new DynamoDbUsageStore(dynamo, settings.table(GatewayTable.USAGE), settings.usageRetention()),
                alertsTo, clock);
    }

    /**
     * As {@link #scheduledPass(Settings, DynamoDbClient, EventPublisher, Clock)}, the raw usage read from {@code usage}
     * (the local gateway keeps its usage records in a file of their own).
     */
    public static ScheduledPass scheduledPass(Settings settings, DynamoDbClient dynamo, UsageStore usage, EventPublisher alertsTo,
                                              Clock clock) {
        Duration retention = settings.usageRetention();
        String usageTable = settings.table(GatewayTable.USAGE);
        String rollupsTable = settings.table(GatewayTable.ROLLUPS);
        AccountStore accounts = new DynamoDbAccountStore(dynamo, settings.table(GatewayTable.ACCOUNTS),
                settings.table(GatewayTable.API_KEYS), clock);
        RollupService rollups = new RollupService(accounts, usage,
                new DynamoDbRollupStore(dynamo, rollupsTable), clock, settings.rollupLateWindow());
        DynamoDbSpendLedger spend = new DynamoDbSpendLedger(dynamo, settings.table(GatewayTable.SPEND), usageTable, retention);
        AlertService alerts = new AlertService(accounts, spend, new DynamoDbAlertLedger(dynamo, rollupsTable), alertsTo, clock);
        WeeklyDigestService digests = new WeeklyDigestService(accounts, spend, new DynamoDbRollupStore(dynamo, rollupsTable),
                new DynamoDbDigestLedger(dynamo, rollupsTable), alertsTo, clock);
        return new ScheduledPass(rollups::runAll, alerts, clock).withDigests(digests);
    }
}
