package com.gaterouter.router.vendors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.usage.TokenUsage;

/** A non-streaming call's outcome: an OpenAI-format completion with its usage, or a failure. */
public sealed interface VendorResult permits VendorResult.Completed, VendorResult.Failed {

    record Completed(ObjectNode completion, TokenUsage usage) implements VendorResult {
    }

    record Failed(VendorFailure failure) implements VendorResult {
    }
}
