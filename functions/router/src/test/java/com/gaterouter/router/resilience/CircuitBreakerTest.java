package com.gaterouter.router.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.router.vendors.VendorFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T00:00:00Z"));
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

    @Test
    void opensAfterConsecutiveFailuresThenProbesOnceAndClosesOnSuccess() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess(); // resets the count
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();

        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).as("one probe").isTrue();
        assertThat(breaker.tryAcquire()).as("only one probe at a time").isFalse();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aFailedProbeReopensForAnotherFullPeriod() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure();
        }
        clock.advance(Duration.ofSeconds(31));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(29));
        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void retryPolicyHonoursShortRetryAfterAndGivesUpOnLongOnes() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        var rateLimited = new VendorFailure(VendorFailure.Kind.RATE_LIMITED, 429, Optional.of(Duration.ofSeconds(2)), "busy");
        assertThat(policy.retryDelay(rateLimited, 1)).contains(Duration.ofSeconds(2));
        var longWait = new VendorFailure(VendorFailure.Kind.RATE_LIMITED, 429, Optional.of(Duration.ofSeconds(60)), "busy");
        assertThat(policy.retryDelay(longWait, 1)).isEmpty();
        var serverError = VendorFailure.of(VendorFailure.Kind.SERVER_ERROR, 500, "down");
        for (int i = 0; i < 100; i++) {
            assertThat(policy.retryDelay(serverError, 1).orElseThrow()).isBetween(Duration.ZERO, Duration.ofMillis(200));
            assertThat(policy.retryDelay(serverError, 2).orElseThrow()).isBetween(Duration.ZERO, Duration.ofMillis(400));
        }
        assertThat(policy.retryDelay(serverError, 3)).as("attempts used up").isEmpty();
        assertThat(policy.retryDelay(VendorFailure.of(VendorFailure.Kind.BAD_REQUEST, 400, "no"), 1)).isEmpty();
        assertThat(policy.retryDelay(VendorFailure.of(VendorFailure.Kind.MALFORMED_RESPONSE, 200, "junk"), 1)).isEmpty();
    }
}
