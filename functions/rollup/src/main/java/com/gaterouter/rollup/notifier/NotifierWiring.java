package com.gaterouter.rollup.notifier;

import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.tables.GatewayTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the alert notifier's graph once, by constructors, from the tables and where messages are sent. */
public final class NotifierWiring {

    private NotifierWiring() {
    }

    /** @param settings the tables (accounts, API keys, roll-ups) */
    public static AlertNotifier build(Settings settings, DynamoDbClient dynamo, AlertSender sender) {
        // the account store's constructor names the ApiKeys table; the notifier only reads names from Accounts
        var accounts = new DynamoDbAccountStore(dynamo, settings.table(GatewayTable.ACCOUNTS), settings.table(GatewayTable.API_KEYS));
        return new AlertNotifier(new RollupSpendBreakdown(new DynamoDbRollupStore(dynamo, settings.table(GatewayTable.ROLLUPS)), accounts),
                new AlertMessageComposer(), sender);
    }
}
