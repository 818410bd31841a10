package com.gaterouter.common.rollup;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes roll-ups from raw usage: per tenant, every UTC day that may still change is read whole
 * (its 16 usage shards), turned into that day's rows ({@link Rollups#ofDay}) and written over the
 * previous ones; then the month rows of every month touched are rebuilt from the month's day rows.
 * Nothing is ever incremented, so a re-run, a retried Lambda or two overlapping runs write the same
 * rows for the same usage.
 *
 * <p><b>Which days.</b> A day is <em>final</em> once {@code lateWindow} has passed since it ended:
 * the usage spool may settle a request that long after it happened, so until then the day is
 * recomputed on every run. The per-tenant watermark is the last final day a run recomputed; the next
 * run starts the day after it, and never later than the first day that is not final yet (so widening
 * the late window takes effect at once). A tenant never rolled up starts at its creation day, but no
 * earlier than the first day of the previous UTC month, which makes both the previous and the
 * current month rows complete. A record that arrives for a day at or before the watermark is not
 * counted by scheduled runs: by then it is later than the late window allows; {@link #recompute}
 * counts it (see docs/operations.md, "Roll-ups").
 *
 * <p><b>Bounded time.</b> Runs stop starting work at {@code deadline} (checked before every day and
 * every tenant), finish the month rows of what they did, advance the watermark over the final days
 * they completed and report {@code complete = false}; the next run resumes from the watermark.
 *
 * <p><b>Parallelism.</b> Tenants run on virtual threads, at most {@code tenantParallelism} at once;
 * a tenant's days run in order (the watermark only ever covers a contiguous prefix), each day's
 * shards are read in parallel by the usage store.
 */
public final class RollupService {

    /** Tenants rolled up at once: enough to keep DynamoDB busy, few enough for a 1-2 vCPU Lambda. */
    public static final int DEFAULT_TENANT_PARALLELISM = 4;
    /**
     * How long after its end a day's usage may still arrive and be counted: four times the usage
     * spool's ~30 minutes of automatic retries (docs/operations.md, "Roll-ups"). Every deployment
     * of the engine — the scheduled function, "roll up now", the local gateway — uses the same.
     */
    public static final Duration DEFAULT_LATE_WINDOW = Duration.ofHours(2);
    private static final int TENANT_PAGE = PageRequest.MAX_LIMIT;
    private static final Logger LOG = LoggerFactory.getLogger(RollupService.class);

    private final AccountStore accounts;
    private final UsageStore usage;
    private final RollupStore rollups;
    private final Clock clock;
    private final Duration lateWindow;
    private final int tenantParallelism;

    public RollupService(AccountStore accounts, UsageStore usage, RollupStore rollups, Clock clock, Duration lateWindow) {
        this(accounts, usage, rollups, clock, lateWindow, DEFAULT_TENANT_PARALLELISM);
    }

    public RollupService(AccountStore accounts, UsageStore usage, RollupStore rollups, Clock clock, Duration lateWindow,
                         int tenantParallelism) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.rollups = Objects.requireNonNull(rollups, "rollups");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lateWindow = Objects.requireNonNull(lateWindow, "lateWindow");
        if (lateWindow.isNegative()) {
            throw new IllegalArgumentException("lateWindow must not be negative");
        }
        if (tenantParallelism < 1) {
            throw new IllegalArgumentException("tenantParallelism must be at least 1");
        }
        this.tenantParallelism = tenantParallelism;
    }

    /**
     * Every tenant (paged through the account store), until done or {@code deadline}.
     *
     * @throws RollupFailedException when some tenants failed; every other tenant was still rolled up
     */
    public RollupRun runAll(Instant deadline) {
        long started = System.nanoTime();
        List<Future<TenantRun>> submitted = new ArrayList<>();
        boolean reachedDeadline = false;
        Semaphore permits = new Semaphore(tenantParallelism);
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            Optional<String> next = Optional.empty();
            pages:
            do {
                Page<Tenant> page = accounts.listTenants(new PageRequest(TENANT_PAGE, next));
                for (Tenant tenant : page.items()) {
                    // taking the permit here, not in the worker, keeps listing no further ahead than the work
                    acquire(permits);
                    if (!clock.instant().isBefore(deadline)) {
                        permits.release();
                        reachedDeadline = true;
                        break pages;
                    }
                    submitted.add(workers.submit(() -> {
                        try {
                            return rollUp(tenant, Optional.empty(), deadline);
                        } finally {
                            permits.release();
                        }
                    }));
                }
                next = page.nextToken();
            } while (next.isPresent());
        }
        List<TenantRun> runs = new ArrayList<>();
        Map<String, Throwable> failures = new TreeMap<>();
        for (Future<TenantRun> future : submitted) {
            try {
                runs.add(future.get());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TenantFailure failure)) {
                    throw new IllegalStateException("roll-up worker failed", e.getCause());
                }
                failures.put(failure.tenantId, failure.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while rolling up", e);
            }
        }
        RollupRun run = summarise(runs, !reachedDeadline && failures.isEmpty(), started);
        log("all tenants", run, failures.size());
        if (!failures.isEmpty()) {
            throw new RollupFailedException(failures, run);
        }
        return run;
    }

    /**
     * One tenant, until done or {@code deadline}.
     *
     * @throws IllegalArgumentException when there is no such tenant
     */
    public RollupRun runTenant(String tenantId, Instant deadline) {
        Tenant tenant = accounts.findTenant(tenantId).orElseThrow(() -> new IllegalArgumentException("no tenant " + tenantId));
        return runOne(tenant, Optional.empty(), deadline);
    }

    /**
     * One tenant from {@code from} on, whatever its watermark says: counts records that came later
     * than the late window (a dead-letter queue redriven after days, say) and backfills history older
     * than a first run reaches. Stopped at {@code deadline}, it is not resumed by later runs (the
     * watermark may already be past what it did): run it again.
     *
     * @throws IllegalArgumentException when there is no such tenant
     */
    public RollupRun recompute(String tenantId, LocalDate from, Instant deadline) {
        Tenant tenant = accounts.findTenant(tenantId).orElseThrow(() -> new IllegalArgumentException("no tenant " + tenantId));
        return runOne(tenant, Optional.of(from), deadline);
    }

    private RollupRun runOne(Tenant tenant, Optional<LocalDate> from, Instant deadline) {
        long started = System.nanoTime();
        String tenantId = tenant.tenantId();
        TenantRun tenantRun;
        try {
            tenantRun = rollUp(tenant, from, deadline);
        } catch (TenantFailure failure) {
            RollupRun run = summarise(List.of(), false, started);
            log("tenant " + tenantId, run, 1);
            throw new RollupFailedException(Map.of(tenantId, failure.getCause()), run);
        }
        RollupRun run = summarise(List.of(tenantRun), tenantRun.complete(), started);
        log("tenant " + tenantId, run, 0);
        return run;
    }

    /**
     * The last UTC day that is final at {@code now}: it ended at least {@code lateWindow} ago, so no
     * usage record for it is expected any more.
     */
    LocalDate lastFinalDay(Instant now) {
        return LocalDate.ofInstant(now.minus(lateWindow), ZoneOffset.UTC).minusDays(1);
    }

    /** The first day a tenant's run recomputes: see the class comment. */
    LocalDate firstDay(Tenant tenant, Optional<LocalDate> watermark, LocalDate lastFinal, LocalDate today) {
        if (watermark.isPresent()) {
            LocalDate afterWatermark = watermark.get().plusDays(1);
            LocalDate firstNotFinal = lastFinal.plusDays(1);
            return afterWatermark.isBefore(firstNotFinal) ? afterWatermark : firstNotFinal;
        }
        LocalDate created = LocalDate.ofInstant(tenant.createdAt(), ZoneOffset.UTC);
        LocalDate backfillFrom = today.withDayOfMonth(1).minusMonths(1);
        return created.isAfter(backfillFrom) ? created : backfillFrom;
    }

    private TenantRun rollUp(Tenant tenant, Optional<LocalDate> from, Instant deadline) {
        try {
            return rollUpTenant(tenant, from, deadline);
        } catch (RuntimeException e) {
            throw new TenantFailure(tenant.tenantId(), e);
        }
    }

    private TenantRun rollUpTenant(Tenant tenant, Optional<LocalDate> requestedFrom, Instant deadline) {
        String tenantId = tenant.tenantId();
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate lastFinal = lastFinalDay(now);
        Optional<LocalDate> watermark = rollups.watermark(tenantId);
        LocalDate from = requestedFrom.orElseGet(() -> firstDay(tenant, watermark, lastFinal, today));

        // the day rows written by this run, by month: the month rows are built from these rather than
        // re-read, because a query right after a write may not see it (eventually consistent reads)
        Map<YearMonth, List<RollupRow>> recomputed = new TreeMap<>();
        LocalDate lastDone = null;
        long records = 0;
        long rows = 0;
        boolean complete = true;
        for (LocalDate day = from; !day.isAfter(today); day = day.plusDays(1)) {
            if (!clock.instant().isBefore(deadline)) {
                complete = false;
                break;
            }
            List<UsageRecord> dayRecords = usage.findByTenantAndDay(tenantId, day);
            List<RollupRow> dayRows = Rollups.ofDay(tenantId, day, dayRecords);
            rollups.put(dayRows);
            recomputed.computeIfAbsent(YearMonth.from(day), m -> new ArrayList<>()).addAll(dayRows);
            records += dayRecords.size();
            rows += dayRows.size();
            lastDone = day;
        }
        for (Map.Entry<YearMonth, List<RollupRow>> month : recomputed.entrySet()) {
            rows += rebuildMonth(tenantId, month.getKey(), month.getValue(), from, lastDone);
        }
        if (lastDone != null) {
            LocalDate finalDone = lastDone.isBefore(lastFinal) ? lastDone : lastFinal;
            boolean moves = !finalDone.isBefore(from) && watermark.map(finalDone::isAfter).orElse(true);
            if (moves) {
                rollups.advanceWatermark(tenantId, finalDone);
            }
        }
        int days = lastDone == null ? 0 : (int) (lastDone.toEpochDay() - from.toEpochDay() + 1);
        LOG.debug("roll-up tenant={} from={} days={} records={} rows={} complete={}", tenantId, from, days, records, rows, complete);
        return new TenantRun(days, records, rows, complete);
    }

    /**
     * Writes a month's rows: its day rows as stored, except that the days this run recomputed
     * ({@code [from, lastDone]}) count as this run computed them. Returns the rows written.
     */
    private int rebuildMonth(String tenantId, YearMonth month, List<RollupRow> recomputedDayRows, LocalDate from, LocalDate lastDone) {
        List<RollupRow> dayRows = new ArrayList<>(recomputedDayRows);
        String first = Granularity.DAY.periodOf(month.atDay(1));
        String last = Granularity.DAY.periodOf(month.atEndOfMonth());
        Set<String> recomputedDays = from.datesUntil(lastDone.plusDays(1))
                .filter(day -> YearMonth.from(day).equals(month))
                .map(Granularity.DAY::periodOf)
                .collect(Collectors.toSet());
        for (RollupDimension dimension : RollupDimension.values()) {
            for (RollupRow stored : rollups.query(tenantId, dimension, Granularity.DAY, first, last)) {
                if (!recomputedDays.contains(stored.period())) {
                    dayRows.add(stored);
                }
            }
        }
        List<RollupRow> monthRows = Rollups.ofMonth(tenantId, month.toString(), dayRows);
        rollups.put(monthRows);
        return monthRows.size();
    }

    private static void acquire(Semaphore permits) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rolling up", e);
        }
    }

    private static RollupRun summarise(List<TenantRun> runs, boolean complete, long startedNanos) {
        int days = 0;
        long records = 0;
        long rows = 0;
        boolean allComplete = complete;
        for (TenantRun run : runs) {
            days += run.days();
            records += run.records();
            rows += run.rows();
            allComplete &= run.complete();
        }
        return new RollupRun(runs.size(), days, records, rows, allComplete, Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    private static void log(String scope, RollupRun run, int failedTenants) {
        LOG.info("roll-up {}: tenants={} failed={} days={} records={} rows={} complete={} tookMs={}", scope, run.tenants(),
                failedTenants, run.days(), run.records(), run.rows(), run.complete(), run.took().toMillis());
    }

    private record TenantRun(int days, long records, long rows, boolean complete) {
    }

    /** Carries the tenant id of a failure out of its worker. */
    private static final class TenantFailure extends RuntimeException {
        private final String tenantId;

        TenantFailure(String tenantId, RuntimeException cause) {
            super("roll-up of tenant " + tenantId + " failed", cause);
            this.tenantId = tenantId;
        }
    }
}
