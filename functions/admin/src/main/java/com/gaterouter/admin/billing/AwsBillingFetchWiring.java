package com.gaterouter.admin.billing;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.secrets.SecretsManagerSecretsSource;
import com.gaterouter.common.secrets.SecretsSource;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.tables.GatewayTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The scheduled reconciliation in AWS, from the environment template.yaml sets: the account store,
 * the vendor-keys secret ({@code VENDOR_KEYS_SECRET_ID}) whose {@code openai_admin_key} and
 * {@code anthropic_admin_key} fields are read on each run (never at init: no key in the SnapStart
 * snapshot), the sink and the per-run EMF metrics.
 */
final class AwsBillingFetchWiring {

    /** Left of the invocation's time for the tenant in progress (a fetch is at most a few pages of 60 s). */
    static final Duration MARGIN = Duration.ofMinutes(3);

    private AwsBillingFetchWiring() {
    }

    /** One run a day: the graph minus the keys, which {@link #run} reads. */
    record BillingFetch(AccountStore accounts, SecretsSource secrets, String secretId, Settings settings,
                        ReconciliationSink sink, Clock clock) {
        BillingFetch {
            Objects.requireNonNull(secretId, "secretId");
        }

        ScheduledReconciliations.Summary run(Duration remaining) {
            Map<String, String> fields = secrets.secretFields(secretId)
                    .orElseThrow(() -> new IllegalStateException("secret " + secretId + " is missing"));
            Instant deadline = clock.instant().plus(remaining.minus(MARGIN).isNegative() ? Duration.ZERO : remaining.minus(MARGIN));
            return BillingFetchWiring.scheduled(accounts, clock, BillingFetchWiring.fromSecret(fields, settings), sink).run(deadline);
        }
    }

    static BillingFetch build(Settings settings, Clock clock) {
        var http = UrlConnectionHttpClient.create();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).build();
        AccountStore accounts = new DynamoDbAccountStore(dynamo, settings.table(GatewayTable.ACCOUNTS),
                settings.table(GatewayTable.API_KEYS), clock);
        SecretsSource secrets = new SecretsManagerSecretsSource(SecretsManagerClient.builder().httpClient(http).build(),
                Duration.ofMinutes(5));
        return new BillingFetch(accounts, secrets, settings.required("VENDOR_KEYS_SECRET_ID"), settings,
                sink(settings, dynamo, clock), clock);
    }

    /** Where the fetched exports go: the reconciliation service over the same tables, as an upload. */
    static ReconciliationSink sink(Settings settings, DynamoDbClient dynamo, Clock clock) {
        return com.gaterouter.admin.AdminWiring.reconciliationSink(settings, dynamo,
                new com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore(dynamo, settings.table(
                        com.gaterouter.common.tables.GatewayTable.USAGE), settings.usageRetention()), clock);
    }

    /** One EMF document per run (none when {@code metrics} is null, as in tests). */
    static void emit(Metrics metrics, ScheduledReconciliations.Summary summary) {
        if (metrics == null) {
            return;
        }
        metrics.flushMetrics(m -> {
            m.setDefaultDimensions(DimensionSet.of("Function", "billing-fetch"));
            m.addMetric("ReconciliationTenants", summary.tenants(), MetricUnit.COUNT);
            m.addMetric("Reconciliations", summary.reconciliations(), MetricUnit.COUNT);
            m.addMetric("ReconciliationFailures", summary.failures(), MetricUnit.COUNT);
            m.addMetric("ReconciliationIncomplete", summary.complete() ? 0 : 1, MetricUnit.COUNT);
        });
    }

    static Metrics metrics() {
        return MetricsFactory.getMetricsInstance();
    }
}
