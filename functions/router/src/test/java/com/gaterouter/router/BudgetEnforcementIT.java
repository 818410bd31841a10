package com.gaterouter.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.Limits;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.Since;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.router.budget.WorstCase;
import com.gaterouter.router.catalog.CallerPricing;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.testing.AccountsFixture;
import com.gaterouter.router.testing.RouterTestbed;
import com.gaterouter.router.vendors.VendorTimeouts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Budgets and rate limits end to end: DynamoDB Local tables from template.yaml, the real adapters
 * (DynamoDbAllowanceLedger for the leases, DynamoDbSpendLedger for the usage records), the real wiring and the
 * vendor simulator. The parallel tests run two router instances — two RouterApps, each with its own lease book —
 * over the one store, as two Lambda execution environments would.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class BudgetEnforcementIT {

    private static final String BODY = """
            {"model":"openai/gpt-4o-mini","max_tokens":8,"messages":[{"role":"user","content":"Write a long poem about budgets"}]}""";
    @RegisterExtension
    static final RouterTestbed testbed = new RouterTestbed();
    private static RouterApp router;
    private static RouterSettings settings;
    /** The router runs on the real clock: usage is read from every day the tests ran in. */
    private static Since since;

    @BeforeAll
    static void start() {
        since = Since.now();
        settings = testbed.settings(Duration.ofSeconds(30),
                new VendorTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)))
                .withSpendTable(testbed.tables().name(GatewayTable.SPEND), true);
        router = testbed.router(settings, RequestMetrics.NONE, Clock.systemUTC());
    }

    private static DynamoDbAccountStore accounts() {
        return testbed.accounts();
    }

    /** 6,000 '.': ~1 token a character for every tokenizer (and the simulator's), 4× the old bytes/4 estimate. */
    private static final String DOTS_BODY = """
            {"model":"openai/gpt-4o-mini","max_tokens":8,"messages":[{"role":"user","content":"%s"}]}""".formatted(".".repeat(6_000));

    private static ApiResponse.Buffered post(String key) {
        return post(key, BODY);
    }

    private static ApiResponse.Buffered post(String key, String body) {
        return (ApiResponse.Buffered) router.handle(new ApiRequest("POST", "/v1/chat/completions", Map.of(),
                Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), "req-" + UUID.randomUUID(), Instant.now()));
    }

    private static ApiResponse.Buffered post(RouterApp on, String key, String body) {
        return (ApiResponse.Buffered) on.handle(new ApiRequest("POST", "/v1/chat/completions", Map.of(),
                Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), "req-" + UUID.randomUUID(), Instant.now()));
    }

    /** Two router instances on the one store: each its own lease book and keeper. */
    private static List<RouterApp> twoInstances() {
        return List.of(testbed.router(settings, RequestMetrics.NONE, Clock.systemUTC()),
                testbed.router(settings, RequestMetrics.NONE, Clock.systemUTC()));
    }

    /** 64 copies of {@code body} at once on {@code key}, alternately on the two instances. */
    private static List<ApiResponse.Buffered> sixtyFourAtOnce(List<RouterApp> instances, String key, String body) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<ApiResponse.Buffered> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(64)) {
            List<Future<ApiResponse.Buffered>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                RouterApp on = instances.get(i % instances.size());
                futures.add(pool.submit((Callable<ApiResponse.Buffered>) () -> {
                    go.await();
                    return post(on, key, body);
                }));
            }
            go.countDown();
            for (Future<ApiResponse.Buffered> f : futures) {
                responses.add(f.get());
            }
        }
        return responses;
    }

    private static List<UsageRecord> usage(String tenant) {
        return testbed.usage(tenant, since);
    }

    private static Limits monthlyUsd(long micros) {
        return new Limits(OptionalLong.of(micros), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty());
    }

    @Test
    void sixtyFourParallelRequestsAgainstADepartmentBudgetWorthTenAcceptAtMostTenAndMeterEveryOne() throws Exception {
        // one month's budget: not across the end of a month, when a fresh budget would take ten more
        Since.clearOf(ChronoUnit.MONTHS, Duration.ofMinutes(2));
        // what one request costs (the simulator's answers to the same prompt with max_tokens are the same size)
        String probeTenant = "t-" + UUID.randomUUID();
        String probeKey = new AccountsFixture(accounts(), probeTenant).appKey(ModelPolicy.UNRESTRICTED);
        assertThat(post(probeKey).status()).isEqualTo(200);
        long oneRequest = usage(probeTenant).get(0).costMicros();
        assertThat(oneRequest).isPositive();

        String tenant = "t-" + UUID.randomUUID();
        AccountsFixture fixture = new AccountsFixture(accounts(), tenant);
        long budget = 10 * oneRequest;
        fixture.budget(BudgetScope.DEPARTMENT, AccountsFixture.DEPARTMENT, monthlyUsd(budget));
        String key = fixture.appKey(ModelPolicy.UNRESTRICTED);

        List<RouterApp> instances = twoInstances();
        List<ApiResponse.Buffered> responses = sixtyFourAtOnce(instances, key, BODY);
        List<ApiResponse.Buffered> accepted = responses.stream().filter(r -> r.status() == 200).toList();
        List<ApiResponse.Buffered> refused = responses.stream().filter(r -> r.status() == 429).toList();
        assertThat(accepted.size() + refused.size()).isEqualTo(64);
        assertThat(accepted.size()).isBetween(1, 10);
        for (ApiResponse.Buffered no : refused) {
            JsonNode error = Json.MAPPER.readTree(no.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("insufficient_quota");
            // most were refused while others were in flight: their worst case would exceed what is spent and committed
            assertThat(error.get("message").asText()).containsPattern(
                    "^(This request's worst case of \\$[0-9.]+ would exceed the department Engineering budget of \\$[0-9.]+ per month "
                            + "\\(\\$[0-9.]+ spent, \\$[0-9.]+ committed\\)|The department Engineering budget of \\$[0-9.]+ per month "
                            + "has been (reached|exceeded) \\(\\$[0-9.]+ spent\\))\\.$");
            assertThat(no.headers()).containsEntry("x-should-retry", "false");
        }
        // every refusal is counted in analytics, by a record written off the request path
        List<UsageRecord> refusals = eventually(() -> usage(tenant).stream().filter(r -> r.status() == UsageStatus.REFUSED).toList(),
                refused.size());
        assertThat(refusals).extracting(UsageRecord::requestId)
                .containsExactlyInAnyOrderElementsOf(refused.stream().map(r -> r.headers().get("x-request-id")).toList());
        assertThat(refusals).allSatisfy(r -> {
            assertThat(r.httpStatus()).isEqualTo(429);
            assertThat(r.costMicros()).isZero();
            assertThat(r.tokens().totalTokens()).isZero();
        });

        List<UsageRecord> records = usage(tenant);
        Set<String> metered = records.stream().filter(r -> r.status() == UsageStatus.SUCCEEDED)
                .map(UsageRecord::requestId).collect(Collectors.toSet());
        assertThat(metered).containsExactlyInAnyOrderElementsOf(accepted.stream().map(r -> r.headers().get("x-request-id")).toList());
        long spend = records.stream().mapToLong(UsageRecord::costMicros).sum();
        assertThat(spend).isLessThanOrEqualTo(budget);

        // what room the 64 left (worst cases above actual costs) goes to requests one at a time, alternating between
        // the instances, until the budget is exhausted on both: each instance spends only the room its own lease holds,
        // so one may still answer 200 just after the other refused (a loaded machine widens that window), but within
        // fewer than ten more requests both refuse, one after the other
        int more = 0;
        int refusedInARow = 0;
        for (int i = 0; refusedInARow < 2; i++) {
            ApiResponse.Buffered answer = post(instances.get(i % 2), key, BODY);
            if (answer.status() == 200) {
                refusedInARow = 0;
                assertThat(++more).as("requests after the 64 that fit the budget").isLessThan(10);
            } else {
                assertThat(answer.status()).isEqualTo(429);
                refusedInARow++;
            }
        }
        for (RouterApp on : instances) {
            ApiResponse.Buffered late = post(on, key, BODY);
            assertThat(late.status()).isEqualTo(429);
            assertThat(Json.MAPPER.readTree(late.body()).get("error").get("code").asText()).isEqualTo("insufficient_quota");
        }
        records = usage(tenant);
        spend = records.stream().mapToLong(UsageRecord::costMicros).sum();
        assertThat(spend).isLessThanOrEqualTo(budget);

        // both instances shut down: every lease given back at what its requests used, so the department's
        // committed spend is exactly what was metered (settled spend is the counter sink's, which this test does not run)
        instances.forEach(RouterApp::close);
        SpendLedger ledger = new DynamoDbSpendLedger(testbed.tables().client(),
                testbed.tables().name(GatewayTable.SPEND), testbed.tables().name(GatewayTable.USAGE), Duration.ofDays(1));
        Counter month = new Counter(tenant, BudgetScope.DEPARTMENT, AccountsFixture.DEPARTMENT,
                new Window.Month(YearMonth.from(records.get(0).occurredAt().atZone(ZoneOffset.UTC))));
        SpendLedger.CounterValues values = ledger.read(List.of(month)).get(month);
        assertThat(values.committedUsdMicros()).isEqualTo(spend);
        // the records name the leases they drew on (what a crashed instance's leases are reclaimed by)
        assertThat(records).filteredOn(r -> r.status() == UsageStatus.SUCCEEDED).allSatisfy(r ->
                assertThat(r.leases()).singleElement().satisfies(id -> assertThat(id).matches("[0-9a-z]{12}")));
    }

    @Test
    void sixtyFourParallelPromptsThatBeatTheOldEstimateSpendAtMostTheBudgetPlusOneWorstCase() throws Exception {
        Since.clearOf(ChronoUnit.MONTHS, Duration.ofMinutes(2));
        String probeTenant = "t-" + UUID.randomUUID();
        String probeKey = new AccountsFixture(accounts(), probeTenant).appKey(ModelPolicy.UNRESTRICTED);
        assertThat(post(probeKey, DOTS_BODY).status()).isEqualTo(200);
        UsageRecord probe = usage(probeTenant).get(0);
        assertThat(probe.tokens().promptTokens()).isGreaterThanOrEqualTo(6_000); // the simulator bills a token a '.'
        long oneRequest = probe.costMicros();
        ModelSpec mini = ModelCatalog.load(Optional.empty()).resolve("openai/gpt-4o-mini").orElseThrow();
        WorstCase worst = WorstCase.ofChat((ObjectNode) Json.MAPPER.readTree(DOTS_BODY), List.of(mini), Instant.now(),
                CallerPricing.LIST::costOf);

        String tenant = "t-" + UUID.randomUUID();
        AccountsFixture fixture = new AccountsFixture(accounts(), tenant);
        long budget = 10 * oneRequest;
        fixture.budget(BudgetScope.DEPARTMENT, AccountsFixture.DEPARTMENT, monthlyUsd(budget));
        List<RouterApp> instances = twoInstances();
        List<ApiResponse.Buffered> responses = sixtyFourAtOnce(instances, fixture.appKey(ModelPolicy.UNRESTRICTED), DOTS_BODY);
        instances.forEach(RouterApp::close);

        List<ApiResponse.Buffered> accepted = responses.stream().filter(r -> r.status() == 200).toList();
        assertThat(responses).extracting(ApiResponse.Buffered::status).containsOnly(200, 429);
        assertThat(accepted.size()).isBetween(1, 10);
        List<UsageRecord> records = usage(tenant);
        long spend = records.stream().mapToLong(UsageRecord::costMicros).sum();
        // the invariant …
        assertThat(spend).isLessThanOrEqualTo(budget + worst.usdMicros());
        // … and, the worst case being a true bound that every lease holds in full until its request settles, not even that
        assertThat(spend).isLessThanOrEqualTo(budget);
        assertThat(records).filteredOn(r -> r.status() == UsageStatus.SUCCEEDED).hasSize(accepted.size());
        assertThat(worst.usdMicros()).isGreaterThanOrEqualTo(oneRequest); // a reservation covers what the request costs
    }

    @Test
    void rpmFiveOnAKeyRefusesTheSixthWithinTheMinuteWithRetryAfter() throws Exception {
        if (Instant.now().atZone(ZoneOffset.UTC).getSecond() > 45) {
            Thread.sleep((61 - Instant.now().atZone(ZoneOffset.UTC).getSecond()) * 1000L); // all six within one minute
        }
        String tenant = "t-" + UUID.randomUUID();
        AccountsFixture fixture = new AccountsFixture(accounts(), tenant);
        AccountsFixture.CreatedKey key = fixture.key(KeyType.APP, ModelPolicy.UNRESTRICTED);
        fixture.budget(BudgetScope.KEY, key.keyId(), new Limits(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.of(5), OptionalLong.empty()));
        for (int i = 1; i <= 5; i++) {
            ApiResponse.Buffered ok = post(key.secret());
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.headers()).containsEntry("x-ratelimit-limit-requests", "5")
                    .containsEntry("x-ratelimit-remaining-requests", Integer.toString(5 - i));
        }
        ApiResponse.Buffered sixth = post(key.secret());
        assertThat(sixth.status()).isEqualTo(429);
        JsonNode error = Json.MAPPER.readTree(sixth.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText())
                .matches("The key " + key.keyId() + " rate limit of 5 requests per minute has been reached; retry in [0-9]+ s\\.");
        assertThat(Long.parseLong(sixth.headers().get("retry-after"))).isBetween(1L, 60L);
        assertThat(sixth.headers()).containsEntry("x-ratelimit-remaining-requests", "0");
        assertThat(eventually(() -> usage(tenant), 6)).filteredOn(r -> r.status() != UsageStatus.REFUSED).hasSize(5);
        assertThat(usage(tenant)).filteredOn(r -> r.status() == UsageStatus.REFUSED).singleElement()
                .satisfies(r -> assertThat(r.requestId()).isEqualTo(sixth.headers().get("x-request-id")));
    }

    /** What {@code read} answers once it holds {@code size} items (refusal records are written off the request path), at most 10 s. */
    private static List<UsageRecord> eventually(Callable<List<UsageRecord>> read, int size) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<UsageRecord> records = read.call();
        while (records.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(50);
            records = read.call();
        }
        return records;
    }
}
