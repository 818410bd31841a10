package com.gaterouter.router.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.ReserveResult;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.SpendCounters.CounterValues;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.spend.spool.FileUsageSpool;
import com.gaterouter.common.spend.spool.UsageReplayer;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The "nothing lost" proof: 1,000 requests metered through {@link UsageMeter} on the real
 * DynamoDB spend ledger (DynamoDB Local) while 20 % of the ledger's writes (the usage record's
 * conditional PutItem) fail — half before the write reaches the database, half after it was applied
 * (the answer is lost, as on a timeout). With one attempt per settle those go to the file spool;
 * replaying the spool (with the faults still on) leaves exactly 1,000 usage records: none lost, none
 * written twice.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class UsageMeterFaultTest {

    private static final int REQUESTS = 1_000;
    /** Usage items and counters carry TTLs and DynamoDB Local sweeps on the machine's clock: the requests are in {@link FutureYear}. */
    private static final Instant AT = FutureYear.instant("YYYY-11-24T09:05:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);

    @TempDir
    Path spoolDir;

    /** Fails every 10th usage write before sending it and every 10th (offset 5) after DynamoDB applied it. */
    static final class SettleFaults implements ExecutionInterceptor {
        private static final ExecutionAttribute<String> FAULT = new ExecutionAttribute<>("gaterouter.test.fault");
        final AtomicLong calls = new AtomicLong();
        final AtomicLong failedBefore = new AtomicLong();
        final AtomicLong failedAfter = new AtomicLong();
        volatile boolean on = true;

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof PutItemRequest) || !on) {
                return;
            }
            long n = calls.incrementAndGet();
            if (n % 10 == 3) {
                attributes.putAttribute(FAULT, "before");
            } else if (n % 10 == 8) {
                attributes.putAttribute(FAULT, "after");
            }
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if ("before".equals(attributes.getAttribute(FAULT))) {
                failedBefore.incrementAndGet();
                throw SdkClientException.create("injected: the transaction never left");
            }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if ("after".equals(attributes.getAttribute(FAULT))) {
                failedAfter.incrementAndGet();
                throw SdkClientException.create("injected: applied, but the answer was lost");
            }
        }
    }

    @Test
    void aThousandSettlementsWithTwentyPercentOfWritesFailingLoseNoneAndCountNoneTwice(LocalTables tables)
            throws Exception {
        String tenant = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        SettleFaults faults = new SettleFaults();
        try (DynamoDbClient faulty = DynamoDbClient.builder()
                .endpointOverride(tables.server().endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                // one try per call: the meter's attempts are what is under test, not the SDK's
                .overrideConfiguration(c -> c.addExecutionInterceptor(faults).retryStrategy(b -> b.maxAttempts(1)))
                .build()) {
            SpendLedger ledger = new DynamoDbSpendLedger(faulty, tables.name(GatewayTable.SPEND),
                    tables.name(GatewayTable.USAGE), RETENTION);
            FileUsageSpool spool = new FileUsageSpool(spoolDir);
            UsageMeter meter = new UsageMeter(ledger, spool, UsageMeter.Retries.ONCE, pause -> { });
            ModelSpec model = ModelCatalog.load(Optional.empty()).resolve("openai/gpt-4o-mini").orElseThrow();

            // 4 keys in 2 departments; every request reserves against a department's monthly budget
            List<Principal> principals = List.of(
                    new Principal(tenant, "d1", "p1", "u1", "k1"), new Principal(tenant, "d1", "p1", "u2", "k2"),
                    new Principal(tenant, "d2", "p2", "u3", "k3"), new Principal(tenant, "d2", "p3", "u4", "k4"));
            List<UsageRecord> metered = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<UsageRecord>> futures = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    int n = i;
                    futures.add(pool.submit(() -> meterOne(n, principals.get(n % principals.size()), model, ledger, meter)));
                }
                for (Future<UsageRecord> future : futures) {
                    metered.add(future.get());
                }
            }
            assertThat(faults.failedBefore.get()).as("writes failed before").isGreaterThanOrEqualTo(REQUESTS / 10);
            assertThat(faults.failedAfter.get()).as("writes failed after").isGreaterThanOrEqualTo(REQUESTS / 10);
            int spooled = spool.pending();
            assertThat(spooled).as("settlements spooled").isGreaterThanOrEqualTo(REQUESTS / 5);

            // replay with the faults still on, as often as it takes
            UsageReplayer replayer = new UsageReplayer(ledger);
            int rounds = 0;
            int replayedDone = 0;
            while (spool.pending() > 0 && rounds++ < 20) {
                replayedDone += replayer.replayAll(spool).done();
            }
            assertThat(spool.pending()).as("left in the spool after %d rounds", rounds).isZero();
            assertThat(replayedDone).isEqualTo(spooled);

            faults.on = false;
            List<UsageRecord> stored = new DynamoDbUsageStore(tables.client(), tables.name(GatewayTable.USAGE), RETENTION)
                    .findByTenantAndDay(tenant, LocalDate.ofInstant(AT, ZoneOffset.UTC));
            assertThat(stored).hasSize(REQUESTS);
            assertThat(stored).containsExactlyInAnyOrderElementsOf(metered);

            // counters are the counter sink's, from these records (CounterAggregator/DynamoDbCounterSink and their tests):
            // settle writes none, so none can be double-counted here
            assertThat(stored.stream().map(UsageRecord::requestId).distinct()).hasSize(REQUESTS);
        }
    }

    /** Meters one request through the meter under test. */
    private static UsageRecord meterOne(int n, Principal principal, ModelSpec model, SpendLedger ledger, UsageMeter meter) {
        String requestId = "req-" + n;
        Instant at = AT.plusMillis(n * 37L);
        List<Counter> counters = CountersOnly.counters(principal, at, ZoneOffset.UTC);
        Counter departmentMonth = counters.stream()
                .filter(c -> c.scope() == BudgetScope.DEPARTMENT && c.window() instanceof com.gaterouter.common.spend.Window.Month)
                .findFirst().orElseThrow();
        Reservation reservation = new Reservation(requestId, principal.tenantId(), at, 50_000, 4_000,
                List.of(new CounterLimit(departmentMonth, Measure.USD_MICROS, 1_000_000_000L, "department " + principal.departmentId())),
                counters);
        TokenUsage tokens = new TokenUsage(200 + n % 97, n % 50, 0, 30 + n % 61, n % 7);
        return meter.record(new UsageMeter.Measured(requestId, principal, "auto", model, 1, tokens, 400, 90,
                UsageStatus.SUCCEEDED, 200, n % 2 == 0, at), reservation);
    }
}
