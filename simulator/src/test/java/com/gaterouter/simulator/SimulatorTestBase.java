package com.gaterouter.simulator;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One simulator per test class (starting one takes milliseconds); faults and records reset per test. */
abstract class SimulatorTestBase {

    protected static VendorSimulator sim;

    @BeforeAll
    static void startSimulator() {
        sim = VendorSimulator.start(SimulatorConfig.defaults());
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @BeforeEach
    void resetSimulator() {
        sim.faults().clear();
        sim.resetRecorded();
    }

    static URI openAiChat() {
        return URI.create(sim.openAiBaseUrl() + "/chat/completions");
    }

    static URI deepSeekChat() {
        return URI.create(sim.deepSeekBaseUrl() + "/chat/completions");
    }

    static URI anthropicMessages() {
        return URI.create(sim.anthropicBaseUrl() + "/v1/messages");
    }

    static URI gemini(String model, String action) {
        return URI.create(sim.geminiBaseUrl() + "/v1beta/models/" + model + ":" + action);
    }

    static final String[] ANTHROPIC_HEADERS = {"x-api-key", "sk-ant-test", "anthropic-version", "2023-06-01"};
}
