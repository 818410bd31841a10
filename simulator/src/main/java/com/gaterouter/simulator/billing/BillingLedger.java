package com.gaterouter.simulator.billing;

import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.core.Usage;
import com.gaterouter.simulator.http.SimExchange;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Every successful (2xx) model call the simulator answered, for the vendors' billing exports. */
public final class BillingLedger {

    /** The header an OpenAI request names its project with. */
    public static final String OPENAI_PROJECT_HEADER = "OpenAI-Project";

    private final Clock clock;
    private final List<BilledCall> calls = new ArrayList<>();

    public BillingLedger(Clock clock) {
        this.clock = clock;
    }

    /** Records a call answered with {@code usage}, billed now (by the configured clock). */
    public void record(SimVendor vendor, String model, Usage usage, SimExchange ex) {
        String account = vendor == SimVendor.OPENAI
                ? ex.header(OPENAI_PROJECT_HEADER).filter(p -> !p.isBlank()).orElse(defaultAccount(vendor))
                : defaultAccount(vendor);
        BilledCall call = new BilledCall(vendor, model, clock.instant(), usage.uncachedPromptTokens(),
                usage.cachedPromptTokens(), usage.cacheCreationTokens(), usage.completionTokens(), account);
        synchronized (calls) {
            calls.add(call);
        }
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

    public List<BilledCall> all() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<BilledCall> all(SimVendor vendor) {
        return all().stream().filter(call -> call.vendor() == vendor).toList();
    }

    public void clear() {
        synchronized (calls) {
            calls.clear();
        }
    }
}
