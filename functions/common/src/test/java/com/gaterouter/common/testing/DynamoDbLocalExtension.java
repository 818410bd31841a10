package com.gaterouter.common.testing;

import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.common.tables.local.DynamoDbLocalServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.support.TypeBasedParameterResolver;

/**
 * Store tests' database: one in-memory DynamoDB Local per test JVM, with the tables of
 * template.yaml, shared by all test classes. Inject {@link LocalTables} as a parameter; tests
 * keep apart by using their own tenant ids, not by separate tables.
 *
 * <p>After each test class it fails the class if any table holds an item its TTL sweeper may delete
 * at any moment ({@link ExpiredItems}): DynamoDB Local runs on the machine's clock, so such a test
 * would pass or fail by the calendar.
 */
public final class DynamoDbLocalExtension extends TypeBasedParameterResolver<DynamoDbLocalExtension.LocalTables> implements AfterAllCallback {

    /** A running DynamoDB Local and the names of the template's tables in it. */
    public record LocalTables(DynamoDbLocalServer server, software.amazon.awssdk.services.dynamodb.DynamoDbClient client,
                              Map<GatewayTable, String> names) {
        public String name(GatewayTable table) {
            return names.get(table);
        }
    }

    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        final LocalTables tables;

        Holder() {
            DynamoDbLocalServer server = DynamoDbLocalServer.start(Optional.empty());
            var client = server.client();
            tables = new LocalTables(server, client, TemplateTables.createAll(client, TemplateTables.bundled("test")));
        }

        @Override
        public void close() {
            tables.client().close();
            tables.server().close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Holder holder = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).get(Holder.class, Holder.class);
        if (holder == null) {
            return; // this class did not use DynamoDB Local
        }
        var client = holder.tables.client();
        List<ExpiredItems.Item> expired = ExpiredItems.find(client, Instant.now());
        if (!expired.isEmpty()) {
            ExpiredItems.delete(client, expired);
            throw new AssertionError(ExpiredItems.describe(expired));
        }
    }

    @Override
    public LocalTables resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return tables(context);
    }

    /**
     * The tables, started on first use, for other extensions of a class that also extends with this one
     * (a parameter is the way for tests).
     */
    public static LocalTables tables(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class).tables;
    }
}
