package com.gaterouter.local.initbench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** The baseline: a handler that does nothing, measured the same way as the real ones. */
public final class EmptyHandler implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "ok";
    }
}
