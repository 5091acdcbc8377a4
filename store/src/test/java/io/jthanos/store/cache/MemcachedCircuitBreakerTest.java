package io.jthanos.store.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemcachedCircuitBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000);

    private CircuitBreaker breaker(int minRequests, int consecutiveFailures, double failurePercent) {
        return new CircuitBreaker(new CircuitBreakerConfig(true, 2, Duration.ofSeconds(5), minRequests,
                consecutiveFailures, failurePercent), now::get);
    }

    private void advanceSeconds(long seconds) {
        now.addAndGet(seconds * 1_000_000_000L);
    }

    private static void fail(CircuitBreaker b, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(b.tryAcquire()).isTrue();
            b.failure();
        }
    }

    @Test
    void disabledLetsEverythingThrough() {
        CircuitBreaker b = new CircuitBreaker(CircuitBreakerConfig.DEFAULT, now::get);
        for (int i = 0; i < 100; i++) {
            assertThat(b.tryAcquire()).isTrue();
            b.failure();
        }
        assertThat(b.isOpen()).isFalse();
    }

    @Test
    void opensOnConsecutiveFailuresOnceThereAreEnoughRequests() {
        CircuitBreaker b = breaker(4, 3, 1.0);
        fail(b, 3);
        assertThat(b.isOpen()).as("3 requests are below min_requests").isFalse();
        fail(b, 1);
        assertThat(b.isOpen()).isTrue();
        assertThat(b.tryAcquire()).isFalse();
    }

    @Test
    void opensOnTheFailedShare() {
        CircuitBreaker b = breaker(10, 100, 0.2);
        for (int i = 0; i < 8; i++) {
            assertThat(b.tryAcquire()).isTrue();
            b.success();
        }
        fail(b, 1);
        assertThat(b.isOpen()).isFalse();
        fail(b, 1);
        assertThat(b.isOpen()).as("2 of 10 failed").isTrue();
    }

    @Test
    void countsStartAfreshEveryTenSeconds() {
        CircuitBreaker b = breaker(4, 4, 1.0);
        fail(b, 3);
        advanceSeconds(11);
        fail(b, 3);
        assertThat(b.isOpen()).isFalse();
    }

    @Test
    void halfOpenAfterTheOpenDurationThenClosesOnSuccessesOrReopensOnAFailure() {
        CircuitBreaker b = breaker(1, 1, 1.0);
        fail(b, 1);
        assertThat(b.tryAcquire()).isFalse();
        advanceSeconds(6);
        assertThat(b.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).as("half_open_max_requests is 2").isFalse();
        b.success();
        b.success();
        assertThat(b.tryAcquire()).as("closed again").isTrue();
        b.failure();
        assertThat(b.isOpen()).isTrue();
        advanceSeconds(6);
        assertThat(b.tryAcquire()).isTrue();
        b.failure();
        assertThat(b.isOpen()).as("a failed probe opens it again").isTrue();
    }
}
