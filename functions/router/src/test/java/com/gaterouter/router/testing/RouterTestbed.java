package com.gaterouter.router.testing;

import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.secrets.StaticSecretsSource;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.testing.Since;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import com.gaterouter.router.RouterApp;
import com.gaterouter.router.RouterSettings;
import com.gaterouter.router.RouterWiring;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.vendors.VendorTimeouts;
import com.gaterouter.simulator.SimulatorConfig;
import com.gaterouter.simulator.VendorSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the store-backed router ITs build the real wiring on: the DynamoDB Local tables of
 * template.yaml, the vendor simulator (started before the class's first test, closed after its
 * last), the real catalog pointed at it and a key for every vendor. Register it on a class that also
 * extends with {@link DynamoDbLocalExtension}:
 * <pre>{@code
 * @ExtendWith(DynamoDbLocalExtension.class)
 * class SomeIT {
 *     @RegisterExtension
 *     static final RouterTestbed testbed = new RouterTestbed();
 * }</pre>
 */
public final class RouterTestbed implements BeforeAllCallback, AfterAllCallback {

    public static final String SECRET_ID = "vendor-keys";
    /** Short enough that a test of a vendor that never answers stays short. */
    public static final VendorTimeouts TIMEOUTS = new VendorTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(3));

    private LocalTables tables;
    private VendorSimulator simulator;
    private ModelCatalog catalog;

    @Override
    public void beforeAll(ExtensionContext context) {
        tables = DynamoDbLocalExtension.tables(context);
        simulator = VendorSimulator.start(SimulatorConfig.defaults());
        catalog = SimulatedCatalog.pointedAt(simulator);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        simulator.close();
    }

    public LocalTables tables() {
        return tables;
    }

    public VendorSimulator simulator() {
        return simulator;
    }

    /** The catalog's model of this id (or alias); fails the test when there is none. */
    public ModelSpec model(String id) {
        return catalog.resolve(id).orElseThrow(() -> new AssertionError("no model " + id + " in the catalog"));
    }

    /** The router's settings on these tables, with {@link #TIMEOUTS}; no spend table. */
    public RouterSettings settings(Duration keyCacheTtl) {
        return settings(keyCacheTtl, TIMEOUTS);
    }

    /** The router's settings on these tables; no spend table (add one with {@link RouterSettings#withSpendTable}). */
    public RouterSettings settings(Duration keyCacheTtl, VendorTimeouts timeouts) {
        return new RouterSettings(tables.name(GatewayTable.API_KEYS), tables.name(GatewayTable.ACCOUNTS),
                tables.name(GatewayTable.USAGE), Duration.ofDays(1), SECRET_ID, Optional.empty(), keyCacheTtl,
                Duration.ofMinutes(5), timeouts, Optional.empty());
    }

    /** The real wiring on these tables, the simulated catalog and {@link #vendorKeys()}. */
    public RouterApp router(RouterSettings settings, RequestMetrics metrics, Clock clock) {
        return RouterWiring.build(settings, tables.client(), vendorKeys(), catalog, metrics, clock);
    }

    /** A key for each vendor the simulator serves with a key, under {@link #SECRET_ID}. */
    public static StaticSecretsSource vendorKeys() {
        return new StaticSecretsSource().put(SECRET_ID,
                Map.of("openai", "sk-test", "deepseek", "sk-test", "anthropic", "sk-ant-test", "gemini", "gm-test"));
    }

    /** The account store the admin API writes, on these tables. */
    public DynamoDbAccountStore accounts() {
        return new DynamoDbAccountStore(tables.client(), tables.name(GatewayTable.ACCOUNTS), tables.name(GatewayTable.API_KEYS));
    }

    /** The tenant's usage records of every day the test ran in. */
    public List<UsageRecord> usage(String tenant, Since since) {
        var store = new DynamoDbUsageStore(tables.client(), tables.name(GatewayTable.USAGE), Duration.ofDays(1));
        return since.days().stream().flatMap(day -> store.findByTenantAndDay(tenant, day).stream()).toList();
    }
}
