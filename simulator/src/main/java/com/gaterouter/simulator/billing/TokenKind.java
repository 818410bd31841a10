package com.gaterouter.simulator.billing;

import com.gaterouter.simulator.SimPrice;

/** The token classes vendors bill separately. */
public enum TokenKind {
    INPUT, CACHED_INPUT, CACHE_WRITE, OUTPUT;

    long tokens(BilledCall call) {
        return switch (this) {
            case INPUT -> call.uncachedInput();
            case CACHED_INPUT -> call.cacheRead();
            case CACHE_WRITE -> call.cacheWrite();
            case OUTPUT -> call.output();
        };
    }

    long price(SimPrice price) {
        return switch (this) {
            case INPUT -> price.input();
            case CACHED_INPUT -> price.cachedInput();
            case CACHE_WRITE -> price.cacheWrite();
            case OUTPUT -> price.output();
        };
    }
}
