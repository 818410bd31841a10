package com.gaterouter.simulator.billing;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Billed calls summed per UTC day, model and account ({@code model} or {@code account} null when an
 * export does not group by it).
 */
record DailyUsage(LocalDate day, String model, String account, long requests, long uncachedInput, long cacheRead,
        long cacheWrite, long output) {

    long tokens(TokenKind kind) {
        return switch (kind) {
            case INPUT -> uncachedInput;
            case CACHED_INPUT -> cacheRead;
            case CACHE_WRITE -> cacheWrite;
            case OUTPUT -> output;
        };
    }

    DailyUsage plus(DailyUsage other) {
        return new DailyUsage(day, model, account, requests + other.requests, uncachedInput + other.uncachedInput,
                cacheRead + other.cacheRead, cacheWrite + other.cacheWrite, output + other.output);
    }

    /** The calls from {@code from} (inclusive) to {@code to} (exclusive), per day, model and account, in that order. */
    static List<DailyUsage> of(List<BilledCall> calls, LocalDate from, LocalDate to) {
        List<DailyUsage> rows = new ArrayList<>();
        for (BilledCall call : calls) {
            LocalDate day = LocalDate.ofInstant(call.at(), ZoneOffset.UTC);
            if (!day.isBefore(from) && day.isBefore(to)) {
                rows.add(new DailyUsage(day, call.model(), call.account(), call.requests(), call.uncachedInput(), call.cacheRead(),
                        call.cacheWrite(), call.output()));
            }
        }
        return grouped(rows, true, true);
    }

    /** Sums rows that agree on day and, when kept, model and account; the dropped fields become null. */
    static List<DailyUsage> grouped(List<DailyUsage> rows, boolean byModel, boolean byAccount) {
        Map<List<Object>, DailyUsage> sums = new LinkedHashMap<>();
        for (DailyUsage row : rows) {
            DailyUsage keyed = new DailyUsage(row.day, byModel ? row.model : null, byAccount ? row.account : null,
                    row.requests, row.uncachedInput, row.cacheRead, row.cacheWrite, row.output);
            sums.merge(java.util.Arrays.asList(keyed.day, keyed.model, keyed.account), keyed, DailyUsage::plus);
        }
        List<DailyUsage> out = new ArrayList<>(sums.values());
        out.sort(Comparator.comparing(DailyUsage::day)
                .thenComparing(r -> Objects.toString(r.model, ""))
                .thenComparing(r -> Objects.toString(r.account, "")));
        return out;
    }
}
