package com.gaterouter.rollup.replay;

import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.spend.spool.UsageReplayer;
import com.gaterouter.common.tables.GatewayTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the replay of spooled usage once, by constructors: the same replayer behind the SQS
 * function ({@link AwsReplayWiring}) and the local gateway's file-spool task.
 */
public final class ReplayWiring {

    private ReplayWiring() {
    }

    /** @param settings the spend and usage tables and the usage retention */
    public static UsageReplayer replayer(Settings settings, DynamoDbClient dynamo) {
        return new UsageReplayer(new DynamoDbSpendLedger(dynamo, settings.table(GatewayTable.SPEND), settings.table(GatewayTable.USAGE),
                settings.usageRetention()));
    }
}
