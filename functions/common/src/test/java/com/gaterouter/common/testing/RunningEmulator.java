package com.gaterouter.common.testing;

import org.junit.jupiter.api.extension.ExtensionContext;

/** A started emulator; JUnit closes it when the root context closes (the end of the test run). */
interface RunningEmulator extends ExtensionContext.Store.CloseableResource {

    AwsEmulator emulator();
}
