package com.gaterouter.common.tables;

import java.util.Optional;

/**
 * The DynamoDB tables the code reads and writes, with the key schema the code relies on.
 * Their definitions live only in {@code template.yaml} (logical id {@link #logicalId()});
 * tests assert that the template and these constants agree, and the local gateway creates
 * its tables from the template.
 */
public enum GatewayTable {
    API_KEYS("ApiKeysTable", "API_KEYS_TABLE", "keyHash", null),
    ACCOUNTS("AccountsTable", "ACCOUNTS_TABLE", "pk", "sk"),
    USAGE("UsageTable", "USAGE_TABLE", "pk", "sk"),
    SPEND("SpendTable", "SPEND_TABLE", "pk", "sk"),
    ROLLUPS("RollupsTable", "ROLLUPS_TABLE", "pk", "sk");

    private final String logicalId;
    private final String environmentVariable;
    private final String partitionKey;
    private final String sortKey;

    GatewayTable(String logicalId, String environmentVariable, String partitionKey, String sortKey) {
        this.logicalId = logicalId;
        this.environmentVariable = environmentVariable;
        this.partitionKey = partitionKey;
        this.sortKey = sortKey;
    }

    /** The resource's logical id in template.yaml. */
    public String logicalId() {
        return logicalId;
    }

    /** The environment variable through which a function learns the deployed table name. */
    public String environmentVariable() {
        return environmentVariable;
    }

    public String partitionKey() {
        return partitionKey;
    }

    public Optional<String> sortKey() {
        return Optional.ofNullable(sortKey);
    }
}
