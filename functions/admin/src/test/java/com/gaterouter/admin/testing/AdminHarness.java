package com.gaterouter.admin.testing;

import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.AdminApp;
import com.gaterouter.admin.analytics.AnalyticsBackend;
import com.gaterouter.admin.analytics.dynamodb.DynamoDbMonthCloses;
import com.gaterouter.admin.http.PageTokens;
import com.gaterouter.admin.reconciliation.ReconciliationBackend;
import com.gaterouter.admin.reconciliation.dynamodb.DynamoDbReconciliationStore;
import com.gaterouter.admin.routing.CatalogPrices;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.accounts.dynamodb.DynamoDbApiKeyStore;
import com.gaterouter.common.alerts.AlertLedger;
import com.gaterouter.common.alerts.dynamodb.DynamoDbAlertLedger;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.rollup.RollupRun;
import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import com.gaterouter.common.spend.SpendCounters;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The admin app on DynamoDB Local tables (from template.yaml) with a hand-moved clock, and a
 * small client: {@code platform(...)} calls as an IAM-authenticated platform admin, {@code as(secret, ...)}
 * with a Bearer key. The clock starts on 1 March, 09:00 UTC of {@link FutureYear#YEAR}: usage written
 * at the harness's "today" carries a TTL, and DynamoDB Local sweeps on the machine's clock.
 */
public final class AdminHarness {

    public static final String PLATFORM_ARN = "arn:aws:iam::123456789012:user/platform-operator";
    private static final AtomicLong REQUESTS = new AtomicLong();

    public final LocalTables tables;
    public final DynamoDbAccountStore accounts;
    public final DynamoDbApiKeyStore apiKeys;
    public final DynamoDbUsageStore usage;
    public final DynamoDbRollupStore rollups;
    /** The router's spend ledger on the same tables: tests reserve and settle through it, budget reads show its counters. */
    public final DynamoDbSpendLedger spend;
    /** The alert ledger in the Rollups table, as the alert pass writes it: tests claim alerts in it, {@code …/alerts} lists them. */
    public final DynamoDbAlertLedger alerts;
    /** Reconciliations beside the roll-ups; the export formats and price book are {@link ReconciliationFixtures}'. */
    public final DynamoDbReconciliationStore reconciliations;
    public final MutableClock clock;
    public final AdminApp app;
    /** The tenants {@code POST …/rollups/run} ran the (stand-in) roll-up for, in order. */
    public final List<String> rollupRuns = new CopyOnWriteArrayList<>();
    /** What the stand-in roll-up engine answers. */
    public static final RollupRun RUN = new RollupRun(1, 2, 42, 56, true, Duration.ofMillis(35));

    public AdminHarness(LocalTables tables) {
        this(tables, FutureYear.instant("YYYY-03-01T09:00:00Z"));
    }

    public AdminHarness(LocalTables tables, Instant start) {
        this.tables = tables;
        this.clock = new MutableClock(start);
        this.accounts = new DynamoDbAccountStore(tables.client(), tables.name(GatewayTable.ACCOUNTS), tables.name(GatewayTable.API_KEYS));
        this.apiKeys = new DynamoDbApiKeyStore(tables.client(), tables.name(GatewayTable.API_KEYS));
        this.usage = new DynamoDbUsageStore(tables.client(), tables.name(GatewayTable.USAGE), Duration.ofDays(400));
        this.rollups = new DynamoDbRollupStore(tables.client(), tables.name(GatewayTable.ROLLUPS));
        // the roll-up engine is tested in common; here a stand-in records the call
        this.spend = new DynamoDbSpendLedger(tables.client(), tables.name(GatewayTable.SPEND), tables.name(GatewayTable.USAGE),
                Duration.ofDays(400));
        this.alerts = new DynamoDbAlertLedger(tables.client(), tables.name(GatewayTable.ROLLUPS));
        this.reconciliations = new DynamoDbReconciliationStore(tables.client(), tables.name(GatewayTable.ROLLUPS),
                tables.name(GatewayTable.ACCOUNTS));
        this.app = new AdminApp(accounts, apiKeys, clock, Optional.of(new AnalyticsBackend(usage, rollups, Optional.of((tenantId, deadline) -> {
            rollupRuns.add(tenantId);
            return RUN;
        }), Optional.of(new DynamoDbMonthCloses(tables.client(), tables.name(GatewayTable.ROLLUPS))))), Optional.<SpendCounters>of(spend),
                PageTokens.random(new SecureRandom()), () -> CatalogPrices.load(Optional.empty()),
                Optional.<AlertLedger>of(alerts), Optional.of(new ReconciliationBackend(reconciliations, ReconciliationFixtures.formats(),
                        ReconciliationFixtures.prices())));
    }

    /** An answer, with its body parsed. */
    public record Reply(int status, Map<String, String> headers, String text) {

        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(text);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        public String id(String field) {
            return json().path(field).asText();
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }

        public String errorCode() {
            return json().path("error").path("code").asText();
        }

        public String errorParam() {
            return json().path("error").path("param").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    /** Stores a bootstrap platform admin key, as the local gateway does, and returns its secret. */
    public String seedPlatformKey() {
        String secret = ApiKeySecrets.newSecret();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(DynamoDbAccountStore.PLATFORM_PK));
        item.put("sk", AttributeValue.fromS(DynamoDbAccountStore.ADMIN_KEY_PREFIX + ApiKeySecrets.hash(secret)));
        tables.client().putItem(b -> b.tableName(tables.name(GatewayTable.ACCOUNTS)).item(item));
        return secret;
    }

    public Reply platform(String method, String path, String body, String... headers) {
        return send(request(method, path, body, null, headers), Optional.of(PLATFORM_ARN));
    }

    public Reply as(String secret, String method, String path, String body, String... headers) {
        return send(request(method, path, body, secret, headers), Optional.empty());
    }

    public Reply send(ApiRequest request, Optional<String> iamCaller) {
        ApiResponse response = app.handle(request, iamCaller);
        ApiResponse.Buffered buffered = (ApiResponse.Buffered) response;
        return new Reply(buffered.status(), buffered.headers(), buffered.bodyText());
    }

    public static ApiRequest request(String method, String path, String body, String secret, String... headers) {
        Map<String, String> all = new LinkedHashMap<>();
        if (secret != null) {
            all.put("Authorization", "Bearer " + secret);
        }
        if (body != null) {
            all.put("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        String pathOnly = path;
        Map<String, String> query = new LinkedHashMap<>();
        int q = path.indexOf('?');
        if (q >= 0) {
            pathOnly = path.substring(0, q);
            for (String pair : path.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new ApiRequest(method, pathOnly, query, all, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                "req-" + REQUESTS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8), Instant.now());
    }

    /** A fresh tenant id for test isolation (tests share one DynamoDB Local). */
    public static String tenantId(String hint) {
        return (hint + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)).toLowerCase();
    }
}
