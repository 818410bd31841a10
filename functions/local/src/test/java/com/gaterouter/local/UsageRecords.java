package com.gaterouter.local;

import com.gaterouter.common.testing.Since;
import com.gaterouter.common.usage.UsageRecord;
import java.time.Duration;
import java.util.Optional;

/** The demo tenant's usage records as the local gateway stores them, for tests that check what a request recorded. */
final class UsageRecords {

    private UsageRecords() {
    }

    /**
     * The usage record of {@code requestId}, waiting up to 15 s for the journal applier to store it (it lingers while
     * records keep coming); an {@link AssertionError} if none comes.
     */
    static UsageRecord await(LocalGateway gateway, Since since, String requestId) throws InterruptedException {
        var usage = gateway.usageStore();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<UsageRecord> record = since.days().stream()
                    .flatMap(day -> usage.findByTenantAndDay(DemoTenant.TENANT_ID, day).stream())
                    .filter(r -> r.requestId().equals(requestId)).findFirst();
            if (record.isPresent()) {
                return record.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no usage record for request " + requestId);
    }
}
