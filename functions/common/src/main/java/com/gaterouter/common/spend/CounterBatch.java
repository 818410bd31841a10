package com.gaterouter.common.spend;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One batch of usage from one source, aggregated per distinct counter (made by {@link CounterAggregator},
 * applied by a {@link CounterSink}).
 *
 * @param source   the source every record of the batch came from ({@link SourcePosition#source()})
 * @param counters per counter, in first-seen order, the records that move it
 * @param leases   per allowance lease id named by the batch's records ({@code UsageRecord.leases}), in first-seen
 *                 order, the records that consumed it: what the lease's consumption tally takes
 */
public record CounterBatch(String source, Map<Counter, Contributions> counters, Map<String, LeaseTally> leases) {

    public CounterBatch {
        Objects.requireNonNull(source, "source");
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        leases = Collections.unmodifiableMap(new LinkedHashMap<>(leases));
    }

    /** A batch that names no lease. */
    public CounterBatch(String source, Map<Counter, Contributions> counters) {
        this(source, counters, Map.of());
    }

    /**
     * The records of a batch that consumed one lease.
     *
     * @param firstRecordAt when the first of them occurred: the tally item lives until two days after it (TTL)
     */
    public record LeaseTally(Instant firstRecordAt, Contributions records) {
        public LeaseTally {
            Objects.requireNonNull(firstRecordAt, "firstRecordAt");
            Objects.requireNonNull(records, "records");
        }
    }

    /** What one record adds to one counter, at the record's position in the source. */
    public record Contribution(String position, CounterSums sums) {
        public Contribution {
            Objects.requireNonNull(position, "position");
            Objects.requireNonNull(sums, "sums");
        }
    }

    /**
     * The records of a batch that move one counter, in source order (positions strictly increasing),
     * so that a counter which already holds the batch up to some position takes exactly the rest.
     */
    public record Contributions(List<Contribution> inOrder) {

        public Contributions {
            inOrder = List.copyOf(inOrder);
            if (inOrder.isEmpty()) {
                throw new IllegalArgumentException("a counter in a batch has at least one record");
            }
            for (int i = 1; i < inOrder.size(); i++) {
                if (inOrder.get(i - 1).position().compareTo(inOrder.get(i).position()) >= 0) {
                    throw new IllegalArgumentException("positions within a batch are strictly increasing");
                }
            }
        }

        public String first() {
            return inOrder.getFirst().position();
        }

        public String last() {
            return inOrder.getLast().position();
        }

        public CounterSums total() {
            return after(null);
        }

        /** The sums of the records after {@code highWater} (all of them when null). */
        public CounterSums after(String highWater) {
            CounterSums sum = CounterSums.ZERO;
            for (Contribution c : inOrder) {
                if (highWater == null || c.position().compareTo(highWater) > 0) {
                    sum = sum.plus(c.sums());
                }
            }
            return sum;
        }

        /** Whether any record comes after {@code highWater}: whether a counter holding it still lacks some. */
        public boolean anyAfter(String highWater) {
            return last().compareTo(highWater) > 0;
        }
    }
}
