package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.common.tables.local.DynamoDbLocalServer;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * A data dir written by a version that kept usage records in DynamoDB Local's usage table: the first start moves
 * them into the SQLite usage store and deletes the table; analytics then read them from there.
 */
class LegacyUsageTableIT {

    @TempDir
    Path data;

    @Test
    void theOldUsageTableMovesIntoTheUsageStoreAndIsDeleted() throws Exception {
        String usageTable = TemplateTables.names(TemplateTables.bundled("local")).get(GatewayTable.USAGE);
        // records of a future year: whatever today is, the usage store's retention (400 days by default) keeps them
        Instant at = FutureYear.instant("YYYY-07-15T10:00:00Z");
        List<UsageRecord> old = IntStream.range(0, 250).mapToObj(i -> new UsageRecord("old-" + i,
                new Principal(DemoTenant.TENANT_ID, DemoTenant.DEPARTMENT_ID, DemoTenant.PROJECT_ID, DemoTenant.USER_ID, "key_old"),
                "openai/gpt-4o-mini", "openai/gpt-4o-mini", "openai", 1, new TokenUsage(10, 0, 0, 5, 0), 100 + i, 20, 20,
                UsageStatus.SUCCEEDED, 200, false, at.plusMillis(i))).toList();
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(Optional.of(data)); var dynamo = server.client()) {
            TemplateTables.createAll(dynamo, TemplateTables.bundled("local"));
            var store = new DynamoDbUsageStore(dynamo, usageTable, Duration.ofDays(400));
            old.forEach(store::record);
        }

        try (LocalGateway gateway = LocalGateway.start(new LocalOptions(0, Optional.of(data), Optional.empty(), Optional.empty(), false),
                Map.of())) {
            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            assertThat(gateway.usageStore().findByTenantAndDay(DemoTenant.TENANT_ID, day)).containsExactlyInAnyOrderElementsOf(old);
            assertThatThrownBy(() -> gateway.dynamo().describeTable(b -> b.tableName(usageTable)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
        // a second start finds no table and keeps what moved
        try (LocalGateway gateway = LocalGateway.start(new LocalOptions(0, Optional.of(data), Optional.empty(), Optional.empty(), false),
                Map.of())) {
            assertThat(((com.gaterouter.common.usage.sqlite.SqliteUsageStore) gateway.usageStore()).count()).isEqualTo(250);
        }
    }
}
