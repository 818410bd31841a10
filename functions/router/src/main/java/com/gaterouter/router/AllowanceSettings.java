package com.gaterouter.router;

import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.allowance.SliceSizer;
import java.time.Duration;

/**
 * How a router instance leases allowances (issue 15): slices of each limit's room sized by
 * {@link SliceSizer#standard} for {@code instancesHint} instances, at most a ceiling per measure.
 *
 * @param instancesHint      how many router instances share a budget, roughly ({@code GATEROUTER_INSTANCES_HINT},
 *                           1–1000, default 4): each leases about a tenth of the room divided by it
 * @param maxSliceUsdMicros  the largest USD slice ({@code GATEROUTER_MAX_SLICE_USD_MICROS}, default $5)
 * @param maxSliceTokens     the largest token slice ({@code GATEROUTER_MAX_SLICE_TOKENS}, default 1,000,000)
 * @param maxSliceRequests   the largest request slice ({@code GATEROUTER_MAX_SLICE_REQUESTS}, default 1,000)
 * @param ttl                how long a lease lives (60 s)
 * @param margin             how long before its expiry a lease stops admitting (10 s)
 */
public record AllowanceSettings(int instancesHint, long maxSliceUsdMicros, long maxSliceTokens, long maxSliceRequests,
                                Duration ttl, Duration margin) {

    public static final AllowanceSettings DEFAULT = new AllowanceSettings(4, 5_000_000, 1_000_000, 1_000,
            Duration.ofSeconds(60), Duration.ofSeconds(10));

    public AllowanceSettings {
        if (instancesHint < 1 || maxSliceUsdMicros < 1 || maxSliceTokens < 1 || maxSliceRequests < 1) {
            throw new IllegalArgumentException("the instances hint and slice ceilings are positive");
        }
        if (ttl.compareTo(margin) <= 0 || margin.isNegative()) {
            throw new IllegalArgumentException("a lease lives longer than its margin");
        }
    }

    /** From the environment (every value optional, bounded). */
    public static AllowanceSettings fromEnvironment(Settings env) {
        return new AllowanceSettings(
                (int) env.number("GATEROUTER_INSTANCES_HINT", DEFAULT.instancesHint, 1, 1_000),
                env.number("GATEROUTER_MAX_SLICE_USD_MICROS", DEFAULT.maxSliceUsdMicros, 1, 1_000_000_000),
                env.number("GATEROUTER_MAX_SLICE_TOKENS", DEFAULT.maxSliceTokens, 1, 100_000_000),
                env.number("GATEROUTER_MAX_SLICE_REQUESTS", DEFAULT.maxSliceRequests, 1, 1_000_000),
                DEFAULT.ttl, DEFAULT.margin);
    }

    /** The slice sizer of {@code measure}. */
    public SliceSizer sizer(Measure measure) {
        return SliceSizer.standard(instancesHint, switch (measure) {
            case USD_MICROS -> maxSliceUsdMicros;
            case TOKENS -> maxSliceTokens;
            case REQUESTS -> maxSliceRequests;
        });
    }
}
