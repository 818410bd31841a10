package com.gaterouter.local;

import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.spend.CounterAggregator;
import com.gaterouter.common.spend.dynamodb.DynamoDbCounterSink;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.spend.journal.JournalApplier;
import com.gaterouter.common.spend.journal.JournalEntry;
import com.gaterouter.common.spend.journal.JournaledSpendLedger;
import com.gaterouter.common.spend.journal.UsageJournal;
import com.gaterouter.common.spend.journal.UsageRecordWriter;
import com.gaterouter.common.tables.GatewayTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local gateway's usage path: the router settles into the {@link UsageJournal} under the data dir
 * ({@link JournaledSpendLedger}: one group-committed append, nothing else), and a {@link JournalApplier}
 * writes the usage records and the spend counters to DynamoDB Local in batches behind it. {@link #recover}
 * re-applies every retained record (DynamoDB Local may lose acknowledged writes on kill -9) and must run
 * after the tables exist and before the gateway serves.
 */
final class LocalUsageJournal implements AutoCloseable {

    /** 4 MiB segments (~3,500 records); applied ones kept until 2 newer exist or for 10 minutes. */
    static final UsageJournal.Options OPTIONS = new UsageJournal.Options(4L << 20, 1024)
            .retaining(2, Duration.ofMinutes(10));

    /**
     * {@code GATEROUTER_USAGE_JOURNAL_FSYNC}: {@code off} (the default) answers once the record is written to the
     * journal file — safe from the process dying (kill -9), forced to the disk right behind the answer;
     * {@code on} answers only once it is forced (safe from a power loss too, at one fsync a batch on the answer's path).
     */
    static UsageJournal.Sync sync(Settings settings) {
        return settings.onOff("GATEROUTER_USAGE_JOURNAL_FSYNC", false) ? UsageJournal.Sync.BEFORE_ANSWER
                : UsageJournal.Sync.BACKGROUND;
    }

    /**
     * How the applier gathers records into batches: each batch costs one DynamoDB Local write per distinct counter
     * (~0.5–1 ms of CPU each) on top of its records' rows, and it runs beside the gateway on the same cores. A batch
     * waits for more records while they keep coming less than {@link #APPLIER_QUIET} apart, for at most
     * {@link #APPLIER_LINGER} or {@link #APPLIER_BATCH} records: under load the counters are written about once a
     * second, whatever the request rate; a lone request reaches the stores about {@code APPLIER_QUIET} after its answer.
     */
    static final Duration APPLIER_QUIET = Duration.ofMillis(50);
    static final Duration APPLIER_LINGER = Duration.ofSeconds(1);
    static final int APPLIER_BATCH = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(LocalUsageJournal.class);

    private final UsageJournal journal;
    private final JournalApplier applier;
    private final JournaledSpendLedger ledger;

    private LocalUsageJournal(UsageJournal journal, JournalApplier applier, JournaledSpendLedger ledger) {
        this.journal = journal;
        this.applier = applier;
        this.ledger = ledger;
    }

    /**
     * Opens the journal in {@code directory} (reading what an earlier run left); applies nothing yet.
     *
     * @param settings the environment with the tables' names set
     */
    static LocalUsageJournal open(Path directory, Path rejected, DynamoDbClient dynamo, UsageRecordWriter usage, Settings settings,
                                  Clock clock) {
        var accounts = new DynamoDbAccountStore(dynamo, settings.table(GatewayTable.ACCOUNTS), settings.table(GatewayTable.API_KEYS), clock);
        Map<String, ZoneId> zones = new ConcurrentHashMap<>();
        CounterAggregator aggregator = new CounterAggregator(tenant -> zones.computeIfAbsent(tenant, id ->
                accounts.findTenant(id).map(Tenant::timeZone).orElseGet(() -> {
                    LOG.warn("usage journal: tenant {} not found; counting its usage in UTC days", id);
                    return ZoneOffset.UTC;
                })), CounterAggregator.Windows.MONTH_AND_DAY);
        JournalApplier applier = new JournalApplier(
                usage,
                new DynamoDbCounterSink(dynamo, settings.table(GatewayTable.SPEND)), aggregator,
                JournalApplier.Settings.defaults().lingering(APPLIER_QUIET, APPLIER_LINGER, APPLIER_BATCH), pause -> Thread.sleep(pause), entry -> setAside(rejected, entry));
        UsageJournal journal;
        try {
            journal = UsageJournal.openRetained(directory, OPTIONS.syncing(sync(settings)), clock, applier::retained, applier::durable);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the usage journal in " + directory + ": " + e.getMessage(), e);
        }
        var counters = new DynamoDbSpendLedger(dynamo, settings.table(GatewayTable.SPEND), settings.table(GatewayTable.USAGE),
                settings.usageRetention());
        return new LocalUsageJournal(journal, applier, new JournaledSpendLedger(journal, counters));
    }

    /** Re-applies every retained record, then applies new ones in the background. */
    void recover() {
        applier.start(journal);
    }

    JournaledSpendLedger ledger() {
        return ledger;
    }

    JournalApplier applier() {
        return applier;
    }

    UsageJournal journal() {
        return journal;
    }

    /** Waits until every record appended so far is in the usage table and the counters. */
    void flush(Duration timeout) throws TimeoutException, InterruptedException {
        applier.flush(timeout);
    }

    /** Forces what was appended, applies it (within the applier's close deadline), stops. */
    @Override
    public void close() throws IOException {
        try {
            journal.close();
        } finally {
            applier.close();
        }
    }

    /** Keeps a record that is not a settlement (it is reported, never dropped in silence). */
    private static void setAside(Path rejected, JournalEntry entry) {
        try {
            Files.createDirectories(rejected);
            Files.write(rejected.resolve("record-" + entry.sequence() + ".bin"), entry.payload());
        } catch (IOException e) {
            LOG.error("usage journal: cannot set record {} aside in {}", entry.sequence(), rejected, e);
        }
    }
}
