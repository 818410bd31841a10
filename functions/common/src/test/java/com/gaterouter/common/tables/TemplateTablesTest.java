package com.gaterouter.common.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled template.yaml defines every table the code uses, with the keys the code uses. */
class TemplateTablesTest {

    @Test
    void templateTablesMatchTheCodesKeySchema() {
        Map<String, TableDefinition> tables = TemplateTables.bundled("dev");
        for (GatewayTable table : GatewayTable.values()) {
            TableDefinition definition = tables.get(table.logicalId());
            assertThat(definition).as(table.logicalId()).isNotNull();
            assertThat(definition.partitionKey()).isEqualTo(table.partitionKey());
            assertThat(definition.sortKey()).isEqualTo(table.sortKey());
            assertThat(definition.attributeTypes().get(table.partitionKey())).isEqualTo("S");
            assertThat(definition.tableName()).startsWith("gaterouter-dev-");
        }
        assertThat(tables.get("UsageTable").ttlAttribute()).contains("expiresAt");
        assertThat(tables.get("ApiKeysTable").ttlAttribute()).isEmpty();
    }
}
