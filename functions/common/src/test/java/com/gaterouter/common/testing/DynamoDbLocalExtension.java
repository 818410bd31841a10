package com.gaterouter.common.testing;

import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.common.tables.local.DynamoDbLocalServer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Store tests' database: one in-memory DynamoDB Local per test JVM, with the tables of
 * template.yaml, shared by all test classes. Inject {@link LocalTables} as a parameter; tests
 * keep apart by using their own tenant ids, not by separate tables.
 */
public final class DynamoDbLocalExtension implements ParameterResolver {

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
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalTables.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class).tables;
    }
}
