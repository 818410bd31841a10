package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.admin.testing.AdminHarness.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Optimistic concurrency under real contention on DynamoDB Local: If-Match races, and retries without it. */
class ConcurrencyTest extends WithOneTenant {

    private static final int WRITERS = 20;

    private String department;

    ConcurrencyTest() {
        super("race");
    }

    @BeforeEach
    void setUp() {
        department = f.department(tenant.tenantId(), "Research");
    }

    private List<Reply> race(Function<Integer, Reply> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.apply(n);
                }));
            }
            start.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> future : futures) {
                replies.add(future.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Exactly one racer won (200); every other one was told its version is stale (412 version_mismatch). */
    private static Reply theOneWinner(List<Reply> replies) {
        Map<Integer, Long> byStatus = replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
        assertThat(byStatus).as(replies.toString()).containsOnly(Map.entry(200, 1L), Map.entry(412, 19L));
        replies.stream().filter(r -> r.status() == 412)
                .forEach(r -> assertThat(r.errorCode()).isEqualTo("version_mismatch"));
        return replies.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
    }

    /**
     * Creates the resource at {@code path} (201, version 1), then {@link #WRITERS} racers replace it,
     * each with its own body and the ETag of version 1: answers the one winner.
     */
    private Reply racedReplace(String path, String create, Function<Integer, String> replace) throws Exception {
        Reply created = admin("PUT", path, create);
        assertThat(created.status()).isEqualTo(201);
        String etag = created.header("etag").orElseThrow();
        assertThat(etag).isEqualTo("\"1\"");
        return theOneWinner(race(n -> admin("PUT", path, replace.apply(n), "If-Match", etag)));
    }

    /** How many of the tenant's last 100 audit entries record {@code action}. */
    private long audited(String action) {
        long count = 0;
        for (var entry : admin("GET", base + "/audit?limit=100", null).json().path("data")) {
            if (entry.path("action").asText().equals(action)) {
                count++;
            }
        }
        return count;
    }

    @Test
    void twentyParallelPutsWithTheSameIfMatchGiveOneSuccessAndNineteenPreconditionFailures() throws Exception {
        String path = base + "/budgets/department/" + department;
        Reply winner = racedReplace(path, "{\"monthlyUsd\":100}", n -> "{\"monthlyUsd\":" + (200 + n) + "}");
        Reply stored = admin("GET", path, null);
        assertThat(stored.json().path("version").asLong()).isEqualTo(2);
        assertThat(stored.json().path("monthlyUsdMicros").asLong()).isEqualTo(winner.json().path("monthlyUsdMicros").asLong());
        assertThat(stored.header("etag")).contains("\"2\"");

        assertThat(audited("budget.update")).as("one audited change, not twenty").isEqualTo(1);
    }

    @Test
    void twentyParallelRoutingPolicyPutsWithTheSameIfMatchGiveOneSuccess() throws Exception {
        String path = base + "/routing/department/" + department;
        Reply winner = racedReplace(path, "{\"prefer\":\"balanced\"}",
                n -> "{\"thresholds\":{\"lightBelow\":0." + (10 + n) + ",\"heavyFrom\":0.9}}");
        Reply stored = admin("GET", path, null);
        assertThat(stored.json().path("version").asLong()).isEqualTo(2);
        assertThat(stored.json().path("thresholds")).isEqualTo(winner.json().path("thresholds"));
        assertThat(stored.json().path("prefer").isNull()).isTrue();
        assertThat(audited("routing.update")).isEqualTo(1);
    }

    @Test
    void withoutIfMatchConcurrentChangesAreRetriedSoFewOrNoneAreLost() throws Exception {
        // different renames of one department: each request re-reads and retries up to three times
        List<Reply> replies = race(n -> admin("PATCH", base + "/departments/" + department,
                "{\"name\":\"Name " + n + "\"}"));
        long succeeded = replies.stream().filter(r -> r.status() == 200).count();
        replies.stream().filter(r -> r.status() != 200).forEach(r -> {
            assertThat(r.status()).isEqualTo(412);
            assertThat(r.errorCode()).isEqualTo("version_mismatch");
        });
        assertThat(succeeded).isGreaterThanOrEqualTo(4); // each winner lets at least the next three retries try again
        Reply stored = admin("GET", base + "/departments/" + department, null);
        assertThat(stored.json().path("version").asLong()).isEqualTo(1 + succeeded);
    }
}
