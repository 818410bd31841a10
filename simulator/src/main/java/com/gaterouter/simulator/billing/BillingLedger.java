package com.gaterouter.simulator.billing;

import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.core.Usage;
import com.gaterouter.simulator.http.SimExchange;
import java.time.Clock;
import java.util.List;

/**
 * Every successful (2xx) model call the simulator answered, for the vendors' billing exports: kept as
 * one entry per vendor, model, account and UTC day (the exports' finest grain), so the ledger stays
 * small however long the simulator runs and a call costs one map update.
 */
public final class BillingLedger {

    /** The header an OpenAI request names its project with. */
    public static final String OPENAI_PROJECT_HEADER = "OpenAI-Project";

    private final Clock clock;
    private final java.util.concurrent.ConcurrentHashMap<List<Object>, BilledCall> byDay = new java.util.concurrent.ConcurrentHashMap<>();

    public BillingLedger(Clock clock) {
        this.clock = clock;
    }

    /** Records a call answered with {@code usage}, billed now (by the configured clock). */
    public void record(SimVendor vendor, String model, Usage usage, SimExchange ex) {
        String account = vendor == SimVendor.OPENAI
                ? ex.header(OPENAI_PROJECT_HEADER).filter(p -> !p.isBlank()).orElse(defaultAccount(vendor))
                : defaultAccount(vendor);
        java.time.Instant at = clock.instant();
        BilledCall call = new BilledCall(vendor, model, at, usage.uncachedPromptTokens(),
                usage.cachedPromptTokens(), usage.cacheCreationTokens(), usage.completionTokens(), account, 1);
        byDay.merge(List.of(vendor, model, account, java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC)), call, BilledCall::plus);
    }

    /** The account a vendor bills a call to when the request names none. */
    public static String defaultAccount(SimVendor vendor) {
        return switch (vendor) {
            case OPENAI -> "proj_sim";
            case ANTHROPIC -> "wrkspc_sim";
            case BEDROCK -> "123456789012";
            case GEMINI -> "sim-project";
            case DEEPSEEK -> "deepseek_sim";
        };
    }

    /** The entries, by their first call's instant (then vendor, model, account). */
    public List<BilledCall> all() {
        return byDay.values().stream().sorted(java.util.Comparator.comparing(BilledCall::at).thenComparing(BilledCall::vendor)
                .thenComparing(BilledCall::model).thenComparing(BilledCall::account)).toList();
    }

    public List<BilledCall> all(SimVendor vendor) {
        return all().stream().filter(call -> call.vendor() == vendor).toList();
    }

    public void clear() {
        byDay.clear();
    }
}
