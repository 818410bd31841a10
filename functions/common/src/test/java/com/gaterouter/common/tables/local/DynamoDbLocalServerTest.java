package com.gaterouter.common.tables.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.testing.ListeningSockets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DynamoDB Local takes any credentials: it must be reachable from this machine only. */
class DynamoDbLocalServerTest {

    @Test
    void listensOnLoopbackOnlyAndServes() {
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(Optional.empty()); var client = server.client()) {
            int port = server.endpoint().getPort();

            assertThat(ListeningSockets.ofThisProcess()).filteredOn(l -> l.port() == port)
                    .as("the sockets listening on DynamoDB Local's port %d", port)
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l.loopbackOnly()).as("%s is loopback", l).isTrue());
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(client.listTables().tableNames()).isEmpty();
        }
    }

    @Test
    void keepsDataInADataDirectoryAcrossRestarts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(Optional.of(dir)); var client = server.client()) {
            client.createTable(b -> b.tableName("kept")
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .billingMode("PAY_PER_REQUEST"));
        }
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(Optional.of(dir)); var client = server.client()) {
            assertThat(client.listTables().tableNames()).containsExactly("kept");
        }
    }
}
