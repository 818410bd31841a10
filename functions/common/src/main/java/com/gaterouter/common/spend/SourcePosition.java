package com.gaterouter.common.spend;

import java.util.Objects;

/**
 * Where a usage record sits in the ordered source it was read from: a DynamoDB Stream shard (position =
 * the record's sequence number) or the local usage journal (position = segment and offset). Positions
 * of one source are fixed-width digit strings, so they compare as strings in the same order as numbers
 * — which is how a counter item's high-water mark for the source is compared in a DynamoDB condition.
 *
 * @param source   {@code shard#<shardId>} or {@code journal}
 * @param position fixed-width, zero-padded: compare with {@link #compareTo} or {@link String#compareTo}
 */
public record SourcePosition(String source, String position) implements Comparable<SourcePosition> {

    /** DynamoDB Streams sequence numbers have 21 to 40 digits. */
    static final int SEQUENCE_DIGITS = 40;
    private static final int LONG_DIGITS = 19;

    public SourcePosition {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(position, "position");
        if (source.isEmpty()) {
            throw new IllegalArgumentException("a source has a name");
        }
        if (position.isEmpty() || !position.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.')) {
            throw new IllegalArgumentException("a position is zero-padded digits: " + position);
        }
    }

    /** A record of a DynamoDB Stream shard: its sequence number, zero-padded to 40 digits. */
    public static SourcePosition streamShard(String shardId, String sequenceNumber) {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        if (shardId.isBlank()) {
            throw new IllegalArgumentException("a shard has an id");
        }
        if (sequenceNumber.isEmpty() || sequenceNumber.length() > SEQUENCE_DIGITS
                || !sequenceNumber.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("a stream sequence number is 1 to " + SEQUENCE_DIGITS + " digits: "
                    + sequenceNumber);
        }
        return new SourcePosition("shard#" + shardId, "0".repeat(SEQUENCE_DIGITS - sequenceNumber.length()) + sequenceNumber);
    }

    /** An entry of the local usage journal: segment number and byte offset in it, each zero-padded to 19 digits. */
    public static SourcePosition journal(long segment, long offset) {
        if (segment < 0 || offset < 0) {
            throw new IllegalArgumentException("journal segments and offsets are not negative");
        }
        return new SourcePosition("journal", pad(segment) + "." + pad(offset));
    }

    private static String pad(long n) {
        String digits = Long.toString(n);
        return "0".repeat(LONG_DIGITS - digits.length()) + digits;
    }

    /** Order within one source; positions of different sources do not compare. */
    @Override
    public int compareTo(SourcePosition other) {
        if (!source.equals(other.source)) {
            throw new IllegalArgumentException("positions of " + source + " and " + other.source + " do not compare");
        }
        return position.compareTo(other.position);
    }
}
