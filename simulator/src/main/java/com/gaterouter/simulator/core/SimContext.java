package com.gaterouter.simulator.core;

import com.gaterouter.simulator.FaultQueue;
import com.gaterouter.simulator.SimulatorConfig;
import com.gaterouter.simulator.billing.BillingLedger;
import com.gaterouter.simulator.faults.DirectiveLedger;

/** Everything request handlers share; one per simulator. */
public record SimContext(
        SimulatorConfig config,
        FaultQueue faults,
        DirectiveLedger ledger,
        PromptCache promptCache,
        Ids ids,
        ReplyEngine engine,
        BillingLedger billing) {
}
