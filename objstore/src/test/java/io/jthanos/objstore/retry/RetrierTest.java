package io.jthanos.objstore.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {
    private final List<Duration> sleeps = new ArrayList<>();
    private long nowNanos;

    private Retrier retrier(RetryPolicy policy, double random) {
        return new Retrier(policy, e -> e instanceof IOException && !e.getMessage().contains("permanent"),
                () -> nowNanos,
                d -> {
                    sleeps.add(d);
                    nowNanos += d.toNanos();
                },
                () -> random);
    }

    private static Retrier.IoAction<String> failing(AtomicInteger calls, int failures, String message) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw new IOException(message + " " + calls.get());
            }
            return "ok";
        };
    }

    @Test
    void retriesTransientFailuresWithExponentialFullJitterBackoff() throws IOException {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofMinutes(1));
        AtomicInteger calls = new AtomicInteger();
        assertThat(retrier(policy, 0.5).call(failing(calls, 5, "transient"))).isEqualTo("ok");
        assertThat(calls).hasValue(6);
        // Half of the cap: caps 100, 200, 400, 800, then the 1000 ms maximum.
        assertThat(sleeps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(500));
    }

    @Test
    void fullJitterCanBeZero() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        retrier(RetryPolicy.DEFAULT, 0.0).call(failing(calls, 2, "transient"));
        assertThat(sleeps).containsExactly(Duration.ZERO, Duration.ZERO);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastErrorAndAttemptCount() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMinutes(1));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier(policy, 1.0).call(failing(calls, 100, "transient")))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("transient 3 [gave up after 3 attempts")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("transient 1", "transient 2"));
        assertThat(calls).hasValue(3);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void givesUpWhenTheNextBackoffWouldExceedTheTimeBudget() {
        RetryPolicy policy = new RetryPolicy(100, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(2500));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier(policy, 0.9).call(failing(calls, 100, "transient")))
                .hasMessageContaining("retry time budget of PT2.5S exhausted");
        // 0.9 s per backoff: retries at 0.9 s and 1.8 s fit, a third would end at 2.7 s.
        assertThat(calls).hasValue(3);
    }

    @Test
    void permanentFailuresAreNotRetriedAndPassUnchanged() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier(RetryPolicy.DEFAULT, 0.5).call(failing(calls, 100, "permanent")))
                .isInstanceOf(IOException.class)
                .hasMessage("permanent 1");
        assertThat(calls).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void runtimeExceptionsAreNotRetriedUnlessClassifiedSo() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier(RetryPolicy.DEFAULT, 0.5).call(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void interruptDuringBackoffStopsAndKeepsTheInterrupt() {
        Retrier r = new Retrier(RetryPolicy.DEFAULT, e -> true, () -> 0, d -> {
            throw new InterruptedException();
        }, () -> 0.5);
        try {
            assertThatThrownBy(() -> r.call(() -> {
                throw new IOException("transient");
            })).isInstanceOf(InterruptedIOException.class).hasMessageContaining("transient");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void backoffCapDoesNotOverflow() {
        RetryPolicy policy = new RetryPolicy(1000, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofDays(1));
        assertThat(policy.backoffCap(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoffCap(200)).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
