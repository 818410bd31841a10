package com.gaterouter.common.rollup;

import java.time.Duration;

/**
 * What one roll-up run did.
 *
 * @param tenants  tenants rolled up
 * @param days     tenant-days recomputed
 * @param records  usage records read
 * @param rows     roll-up rows written
 * @param complete false when the run stopped at its deadline; the next run resumes from the watermark
 */
public record RollupRun(int tenants, int days, long records, long rows, boolean complete, Duration took) {
}
