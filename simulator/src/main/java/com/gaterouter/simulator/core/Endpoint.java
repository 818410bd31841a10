package com.gaterouter.simulator.core;

import java.io.IOException;

/** Handles one vendor route after routing, fault lookup and authentication. */
@FunctionalInterface
public interface Endpoint {
    void handle(Call call) throws IOException;
}
