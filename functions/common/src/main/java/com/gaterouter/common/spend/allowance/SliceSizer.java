package com.gaterouter.common.spend.allowance;

/**
 * How much of a counter's room one instance leases at a time.
 *
 * <p>Rule, with {@code room = limit − committed} as last seen and {@code w} the worst case of the request
 * asking for cover:
 * <ul>
 * <li>{@code room < w}: nothing — the limit cannot hold the request (size 0).</li>
 * <li>{@code room < nearFactor × w} (near the limit): exactly {@code w}, today's reserve-per-request behaviour,
 *     so the last of a budget is shared request by request and no instance sits on room others need.</li>
 * <li>otherwise: {@code room × fraction / instancesHint}, at least {@code w}, at most {@code room} and at most
 *     {@code maxSlice} — or, when this instance draws faster, at most what it is expected to draw over the next
 *     few seconds ({@code expectedDraw}, from its recent rate), so a busy instance's keeper renews ahead of need
 *     instead of its requests leasing on their path. Far from the limit a slice covers many requests (one write
 *     per slice, not per request); as the room shrinks, so do slices, geometrically.</li>
 * </ul>
 * Worst cases: with {@code n} instances, at most {@code n × slice} of the room is held unused by leases at any
 * time (returned at release or, after a crash, at reclaim); a request refused while another instance holds
 * unused room waits at most one lease lifetime for it. The committed amount never exceeds the limit
 * (the store's condition), so spend exceeds it only by what requests cost beyond their worst case.
 */
public record SliceSizer(double fraction, int instancesHint, long maxSlice, int nearFactor) {

    /** f = 0.1 of the room shared among {@code instancesHint}, near the limit below 4 worst cases. */
    public static SliceSizer standard(int instancesHint, long maxSlice) {
        return new SliceSizer(0.1, instancesHint, maxSlice, 4);
    }

    public SliceSizer {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction is in (0, 1]: " + fraction);
        }
        if (instancesHint < 1 || maxSlice < 1 || nearFactor < 1) {
            throw new IllegalArgumentException("instancesHint, maxSlice and nearFactor are positive");
        }
    }

    /** The amount to lease for a request of worst case {@code worstCase} when {@code room} is left; 0 when it cannot fit. */
    public long size(long room, long worstCase) {
        return size(room, worstCase, 0);
    }

    /**
     * As {@link #size(long, long)}, with {@code expectedDraw} what this instance is expected to draw on the counter
     * before the slice's successor can be leased ahead of need: it lifts the {@code maxSlice} ceiling (never the
     * room's share).
     */
    public long size(long room, long worstCase, long expectedDraw) {
        if (worstCase < 1) {
            throw new IllegalArgumentException("a worst case is positive: " + worstCase);
        }
        if (room < worstCase) {
            return 0;
        }
        if (room / nearFactor < worstCase) {
            return worstCase;
        }
        long share = (long) (room * fraction / instancesHint);
        return Math.max(worstCase, Math.min(share, Math.min(Math.max(maxSlice, expectedDraw), room)));
    }
}
