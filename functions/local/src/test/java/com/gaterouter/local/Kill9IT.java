package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterAggregator;
import com.gaterouter.common.spend.CounterSums;
import com.gaterouter.common.spend.dynamodb.SpendKeys;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.common.tables.local.DynamoDbLocalServer;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.sqlite.SqliteUsageStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The kill -9 guarantee of issue 15, at the gateway: the built jar runs in a child JVM on a {@code --data-dir}
 * with the vendor simulator answering at once; 32 clients send chat completions and record every request id
 * that got a 200; the child is killed with SIGKILL mid-load, twice, each time restarted on the same data dir.
 * After the last restart (which re-applies the journal before it serves) every 200 has exactly one usage record,
 * and every spend counter the records move (month and day of key, user, project, department, tenant) holds
 * exactly the sums of those records. Then a last load without a kill measures how long the counters take to
 * hold what the clients were answered (the applier's lag, printed when the gateway stops).
 *
 * <p>{@code -Dkill9.rounds=N} and {@code -Dkill9.answers=N} (200s before each kill) scale it; {@code bin/kill9-check}
 * runs it and prints the figures.
 */
class Kill9IT {

    private static final Path JAR = Path.of(System.getProperty("gaterouter.root", "../..")).resolve("functions/local/target/gaterouter-local.jar");
    private static final Pattern BASE = Pattern.compile("ready on (http://localhost:\\d+)");
    private static final Pattern KEY = Pattern.compile(" KEY=(\\S+)");
    private static final Pattern DYNAMO = Pattern.compile("DynamoDB Local: +(http://\\S+)");
    private static final Pattern LAG = Pattern.compile("usage journal applier: .*counter lag p50 (\\d+) ms, p99 (\\d+) ms.*");
    private static final int CLIENTS = 32;
    private static final String BODY = "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    @TempDir
    Path work;

    private record Child(Process process, Path stdout, Path stderr, String base, String key, URI dynamo) {
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyAnsweredRequestHasOneUsageRecordAndIsInTheCountersAfterKillMinus9AndRestart() throws Exception {
        int rounds = Integer.getInteger("kill9.rounds", 2);
        int answersPerRound = Integer.getInteger("kill9.answers", 1500);
        Path data = work.resolve("data");
        Set<String> answered = ConcurrentHashMap.newKeySet();
        for (int round = 1; round <= rounds; round++) {
            Child child = start(data, "run" + round);
            long before = answered.size();
            load(child, answered, answersPerRound, true);
            assertThat(child.process().waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(child.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
            System.out.printf("kill9: round %d: %d answered with 200, then kill -9%n", round, answered.size() - before);
        }

        Child last = start(data, "verify");
        try (DynamoDbClient dynamo = DynamoDbLocalServer.client(last.dynamo())) {
            Map<GatewayTable, String> tables = TemplateTables.names(TemplateTables.bundled("local"));
            // the restart re-applied the journal before it served: the first look must already hold everything
            Verdict verdict = verdict(dynamo, tables, data, answered);
            System.out.printf("kill9: after %d kill -9s: %d answered, %d usage records, %d missing, %d duplicated, %d counters, %d wrong%n",
                    rounds, answered.size(), verdict.records(), verdict.missing().size(), verdict.duplicated().size(),
                    verdict.counters(), verdict.wrongCounters().size());
            verdict.assertHolds();

            // a last load, no kill: the counters catch up with what the clients were answered
            Set<String> more = ConcurrentHashMap.newKeySet();
            load(last, more, answersPerRound, false);
            answered.addAll(more);
            long caughtUp = System.nanoTime();
            // poll cheaply (one counter) until it holds as many requests as were answered, then compare everything
            java.util.Optional<Counter> seen = verdict.anyTenantMonth();
            while (seen.isEmpty() && System.nanoTime() - caughtUp < TimeUnit.MINUTES.toNanos(2)) {
                Thread.sleep(20);
                seen = verdict(dynamo, tables, data, Set.of()).anyTenantMonth();
            }
            Counter tenantMonth = seen.orElseThrow();
            while (requests(dynamo, tables, tenantMonth) < answered.size()
                    && System.nanoTime() - caughtUp < TimeUnit.MINUTES.toNanos(2)) {
                Thread.sleep(20);
            }
            long converged = System.nanoTime() - caughtUp;
            Verdict after = verdict(dynamo, tables, data, answered);
            after.assertHolds();
            System.out.printf("kill9: after the last load of %d: all %d answered in the usage table and the counters; the tenant's month counter held them %d ms after the last answer%n",
                    more.size(), answered.size(), TimeUnit.NANOSECONDS.toMillis(converged));
        } finally {
            last.process().destroy(); // SIGTERM: the gateway prints the applier's figures as it stops
            last.process().waitFor(1, TimeUnit.MINUTES);
        }
        Matcher lag = LAG.matcher(Files.readString(last.stdout(), StandardCharsets.UTF_8));
        assertThat(lag.find()).as("the applier's figures in %s", Files.readString(last.stdout(), StandardCharsets.UTF_8)).isTrue();
        System.out.printf("kill9: counter lag (journal fsync -> counters written) over the last run: p50 %s ms, p99 %s ms%n",
                lag.group(1), lag.group(2));
        System.out.println("kill9: " + lag.group());
    }

    private Child start(Path data, String name) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path out = work.resolve(name + ".stdout.txt");
        Path err = work.resolve(name + ".stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toAbsolutePath().toString(), "--port", "0",
                "--data-dir", data.toString()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(n -> n.endsWith("_API_KEY") || n.startsWith("AWS_") || n.startsWith("GATEROUTER_"));
        builder.environment().put("GATEROUTER_SIM_TTFT_MS", "0");
        builder.environment().put("GATEROUTER_LOG_LEVEL", "WARN"); // not a line per request
        builder.environment().put("GATEROUTER_SIM_TOKENS_PER_SECOND", "0");
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && process.isAlive()) {
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (text.contains("Press Ctrl-C to stop.")) {
                Matcher base = BASE.matcher(text);
                Matcher key = KEY.matcher(text);
                Matcher dynamo = DYNAMO.matcher(text);
                assertThat(base.find() && key.find() && dynamo.find()).as("banner: %s", text).isTrue();
                return new Child(process, out, err, base.group(1), key.group(1), URI.create(dynamo.group(1)));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("the gateway did not start; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Sends requests from {@link #CLIENTS} clients until {@code answers} 200s; kills the child then if asked. */
    private static void load(Child child, Set<String> answered, int answers, boolean kill) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicBoolean stop = new AtomicBoolean();
        Set<String> mine = ConcurrentHashMap.newKeySet();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(child.base() + "/v1/chat/completions"))
                            .header("Authorization", "Bearer " + child.key()).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
                    while (!stop.get()) {
                        HttpResponse<String> response;
                        try {
                            response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        } catch (IOException e) {
                            if (!child.process().isAlive()) {
                                return null; // killed: the requests in flight got no answer
                            }
                            throw e;
                        }
                        if (response.statusCode() == 200) {
                            // the answer arrived whole: its usage was journaled before it was sent
                            String id = response.headers().firstValue("x-request-id").orElseThrow();
                            answered.add(id);
                            if (mine.add(id) && mine.size() >= answers) {
                                if (kill) {
                                    child.process().toHandle().destroyForcibly(); // SIGKILL, mid-load
                                }
                                stop.set(true);
                            }
                        } else {
                            throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
                        }
                    }
                    return null;
                });
            }
        }
    }

    private record Verdict(int records, Set<String> missing, Set<String> duplicated, int counters, Map<Counter, String> wrongCounters,
                           java.util.Optional<Counter> anyTenantMonth) {
        boolean holds() {
            return missing.isEmpty() && duplicated.isEmpty() && wrongCounters.isEmpty();
        }

        void assertHolds() {
            assertThat(missing).as("answered with 200 but no usage record").isEmpty();
            assertThat(duplicated).as("usage records more than once").isEmpty();
            assertThat(wrongCounters).as("counters that are not the sum of the usage records").isEmpty();
        }
    }

    /** Reads every usage record and every counter they move, and compares. */
    private static Verdict verdict(DynamoDbClient dynamo, Map<GatewayTable, String> tables, Path data, Set<String> answered) {
        List<UsageRecord> records = new ArrayList<>();
        // the running gateway's usage store, read beside it (SQLite's write-ahead log lets another process read)
        try (var usage = SqliteUsageStore.open(data.resolve(SqliteUsageStore.FILE_NAME), Duration.ofDays(400), java.time.Clock.systemUTC())) {
            usage.forEach(records::add);
        }
        Map<String, Integer> copies = new HashMap<>();
        records.forEach(r -> copies.merge(r.requestId(), 1, Integer::sum));
        Set<String> missing = new HashSet<>(answered);
        missing.removeAll(copies.keySet());
        Set<String> duplicated = new HashSet<>();
        copies.forEach((id, n) -> {
            if (n > 1) {
                duplicated.add(id);
            }
        });
        Map<Counter, CounterSums> expected = new HashMap<>();
        for (UsageRecord r : records) {
            if (r.status() == UsageStatus.REFUSED) {
                continue;
            }
            for (Counter counter : CounterAggregator.countersOf(r.principal(), r.occurredAt(), ZoneOffset.UTC,
                    CounterAggregator.Windows.MONTH_AND_DAY)) {
                expected.merge(counter, CounterAggregator.sumsOf(r), CounterSums::plus);
            }
        }
        Map<Counter, String> wrong = new HashMap<>();
        expected.forEach((counter, sums) -> {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.get(GatewayTable.SPEND))
                    .key(SpendKeys.key(counter)).consistentRead(true)).item();
            CounterSums stored = new CounterSums(number(item, SpendKeys.SETTLED_USD),
                    number(item, SpendKeys.SETTLED_TOKENS), number(item, SpendKeys.REQUESTS));
            if (!stored.equals(sums)) {
                wrong.put(counter, "holds " + stored + ", records sum to " + sums);
            }
        });
        return new Verdict(records.size(), Collections.unmodifiableSet(missing), duplicated, expected.size(), wrong,
                expected.keySet().stream().filter(c -> c.scope() == com.gaterouter.common.accounts.BudgetScope.TENANT
                        && c.window() instanceof com.gaterouter.common.spend.Window.Month).findFirst());
    }

    private static long requests(DynamoDbClient dynamo, Map<GatewayTable, String> tables, Counter counter) {
        return number(dynamo.getItem(b -> b.tableName(tables.get(GatewayTable.SPEND)).key(SpendKeys.key(counter))
                .consistentRead(true)).item(), SpendKeys.REQUESTS);
    }

    private static long number(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item == null ? null : item.get(attribute);
        return value == null ? 0 : Long.parseLong(value.n());
    }
}
