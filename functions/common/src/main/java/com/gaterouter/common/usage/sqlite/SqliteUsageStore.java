package com.gaterouter.common.usage.sqlite;

import com.gaterouter.common.spend.journal.UsageRecordWriter;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageRecordJson;
import com.gaterouter.common.usage.UsageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local gateway's usage records in one SQLite file: the {@link UsageStore} its analytics and roll-ups read, and
 * the {@link UsageRecordWriter} its usage journal's applier writes through.
 *
 * <p><b>Why not DynamoDB Local.</b> The local gateway keeps its accounts, keys, counters and allowance leases in
 * DynamoDB Local, which costs about 200–300 µs of CPU per item written whatever the item (SQLite behind a JSON
 * request path, measured in-process with and without HTTP); writing every request's usage record there took
 * more CPU than the request itself. A row here costs about 10–15 µs in a batch of a hundred. The usage table is
 * write-once, read by tenant and UTC day: a key-value shape that needs no DynamoDB semantics.
 *
 * <p><b>Shape.</b> Table {@code usage}: {@code request_id} (primary key), {@code tenant_id}, {@code day} (the UTC day
 * of {@code occurredAt}, as the DynamoDB table's partitions), {@code occurred_at_ms}, {@code expires_at} (epoch
 * seconds, {@code occurredAt + retention}, as the DynamoDB item's TTL attribute) and {@code record}, the record
 * as {@link UsageRecordJson}; indexed by tenant, day and time. Look at it with the {@code sqlite3} shell.
 *
 * <p><b>Durability.</b> Write-ahead log with {@code synchronous=FULL}: a batch that {@link #writeAll} returned from is
 * on the disk, so the journal may forget it. Expired rows are deleted at open and then at most hourly, as
 * DynamoDB's TTL deletes expired items.
 *
 * <p><b>Threads.</b> One connection writes and one reads, each behind its own lock (a JDBC connection is not
 * for concurrent use); in WAL mode a read sees the last committed batch and never waits for a write.
 */
public final class SqliteUsageStore implements UsageStore, UsageRecordWriter, AutoCloseable {

    /** The file name in the local gateway's data dir. */
    public static final String FILE_NAME = "usage.db";
    static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final String INSERT = "INSERT INTO usage (request_id, tenant_id, day, occurred_at_ms, expires_at, record)"
            + " VALUES (?, ?, ?, ?, ?, ?)";

    private final Connection writer;
    private final Connection reader;
    private final ReentrantLock writing = new ReentrantLock();
    private final ReentrantLock reading = new ReentrantLock();
    private final Duration retention;
    private final Clock clock;
    private volatile Instant purgedAt;

    private SqliteUsageStore(Connection writer, Connection reader, Duration retention, Clock clock) {
        this.writer = writer;
        this.reader = reader;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Opens (creating if needed) the store in {@code file} and deletes the rows past their retention.
     *
     * @param retention how long a record is kept after it occurred ({@code USAGE_RETENTION_DAYS})
     * @param clock     decides what has expired
     */
    public static SqliteUsageStore open(Path file, Duration retention, Clock clock) {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(clock, "clock");
        Connection writer = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            String url = "jdbc:sqlite:" + file.toAbsolutePath();
            writer = DriverManager.getConnection(url);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("CREATE TABLE IF NOT EXISTS usage (request_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL,"
                        + " day TEXT NOT NULL, occurred_at_ms INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
                        + " record TEXT NOT NULL) WITHOUT ROWID");
                s.execute("CREATE INDEX IF NOT EXISTS usage_by_tenant_day ON usage (tenant_id, day, occurred_at_ms)");
                s.execute("CREATE INDEX IF NOT EXISTS usage_by_expiry ON usage (expires_at)");
            }
            writer.setAutoCommit(false);
            Connection reader = DriverManager.getConnection(url);
            try (Statement s = reader.createStatement()) {
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA query_only=true");
            }
            SqliteUsageStore store = new SqliteUsageStore(writer, reader, retention, clock);
            store.purgeExpired();
            return store;
        } catch (SQLException e) {
            closeQuietly(writer);
            throw new IllegalStateException("cannot open the usage store " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(writer);
            throw new UncheckedIOException("cannot create the directory of the usage store " + file, e);
        }
    }

    /** Writes the record unless its request id is there already. */
    @Override
    public WriteOutcome record(UsageRecord usage) {
        return inTransaction(() -> {
            try (PreparedStatement insert = writer.prepareStatement(INSERT + " ON CONFLICT (request_id) DO NOTHING")) {
                bind(insert, usage, UsageRecordJson.toJson(usage));
                return insert.executeUpdate() == 1 ? new Written() : new AlreadyRecorded();
            }
        });
    }

    /** Writes every record in one transaction; a record already there is replaced by the same row. */
    @Override
    public void writeAll(List<UsageRecord> records) {
        writeAll(records, null);
    }

    /** As {@link #writeAll(List)}, each row's JSON taken from {@code json} (same order) instead of written anew. */
    @Override
    public void writeAll(List<UsageRecord> records, List<String> json) {
        if (json != null && json.size() != records.size()) {
            throw new IllegalArgumentException("one JSON per record: " + json.size() + " for " + records.size());
        }
        if (records.isEmpty()) {
            return;
        }
        inTransaction(() -> {
            try (PreparedStatement insert = writer.prepareStatement(INSERT
                    + " ON CONFLICT (request_id) DO UPDATE SET tenant_id = excluded.tenant_id, day = excluded.day,"
                    + " occurred_at_ms = excluded.occurred_at_ms, expires_at = excluded.expires_at, record = excluded.record")) {
                for (int i = 0; i < records.size(); i++) {
                    bind(insert, records.get(i), json == null ? UsageRecordJson.toJson(records.get(i)) : json.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
        if (!clock.instant().isBefore(purgedAt.plus(PURGE_EVERY))) {
            purgeExpired();
        }
    }

    /** The tenant's records of one UTC day, in the order they occurred (then by request id). */
    @Override
    public List<UsageRecord> findByTenantAndDay(String tenantId, LocalDate day) {
        reading.lock();
        try (PreparedStatement query = reader.prepareStatement("SELECT record FROM usage WHERE tenant_id = ? AND day = ?"
                + " ORDER BY occurred_at_ms, request_id")) {
            query.setString(1, tenantId);
            query.setString(2, day.toString());
            List<UsageRecord> records = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    records.add(UsageRecordJson.fromJson(rows.getString(1)));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read usage of " + tenantId + " on " + day + ": " + e.getMessage(), e);
        } finally {
            reading.unlock();
        }
    }

    /** Every record, in request id order (for checks: a whole store is not a request-path read). */
    public void forEach(java.util.function.Consumer<UsageRecord> action) {
        reading.lock();
        try (Statement s = reader.createStatement(); ResultSet rows = s.executeQuery("SELECT record FROM usage ORDER BY request_id")) {
            while (rows.next()) {
                action.accept(UsageRecordJson.fromJson(rows.getString(1)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read usage records: " + e.getMessage(), e);
        } finally {
            reading.unlock();
        }
    }

    /** How many records the store holds (for checks and the console). */
    public long count() {
        reading.lock();
        try (Statement s = reader.createStatement(); ResultSet rows = s.executeQuery("SELECT count(*) FROM usage")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count usage records: " + e.getMessage(), e);
        } finally {
            reading.unlock();
        }
    }

    /** Deletes the records whose retention ended. */
    void purgeExpired() {
        Instant now = clock.instant();
        inTransaction(() -> {
            try (PreparedStatement delete = writer.prepareStatement("DELETE FROM usage WHERE expires_at <= ?")) {
                delete.setLong(1, now.getEpochSecond());
                delete.executeUpdate();
            }
            return null;
        });
        purgedAt = now;
    }

    private void bind(PreparedStatement insert, UsageRecord usage, String json) throws SQLException {
        insert.setString(1, usage.requestId());
        insert.setString(2, usage.principal().tenantId());
        insert.setString(3, LocalDate.ofInstant(usage.occurredAt(), ZoneOffset.UTC).toString());
        insert.setLong(4, usage.occurredAt().toEpochMilli());
        insert.setLong(5, usage.occurredAt().plus(retention).getEpochSecond());
        insert.setString(6, json);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        writing.lock();
        try {
            try {
                T result = work.run();
                writer.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    writer.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                if (e instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("cannot write usage records: " + e.getMessage(), e);
            }
        } finally {
            writing.unlock();
        }
    }

    @Override
    public void close() {
        writing.lock();
        reading.lock();
        try {
            closeQuietly(reader);
            closeQuietly(writer);
        } finally {
            reading.unlock();
            writing.unlock();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing: nothing left to do with it
            }
        }
    }
}
