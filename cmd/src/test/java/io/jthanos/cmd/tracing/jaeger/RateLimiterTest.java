package io.jthanos.cmd.tracing.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(42 * SECOND);

  @Test
  void startsWithAFullBalanceAndEarnsCreditOverTime() {
    RateLimiter limiter = new RateLimiter(2, 2, now::get);

    assertThat(limiter.checkCredit(1)).isTrue();
    assertThat(limiter.checkCredit(1)).isTrue();
    assertThat(limiter.checkCredit(1)).isFalse();

    now.addAndGet(SECOND / 2);
    assertThat(limiter.checkCredit(1)).isTrue();
    assertThat(limiter.checkCredit(1)).isFalse();
  }

  @Test
  void balanceIsCappedAtMaxBalance() {
    RateLimiter limiter = new RateLimiter(2, 2, now::get);
    limiter.checkCredit(1);
    limiter.checkCredit(1);

    now.addAndGet(100 * SECOND);

    assertThat(limiter.checkCredit(1)).isTrue();
    assertThat(limiter.checkCredit(1)).isTrue();
    assertThat(limiter.checkCredit(1)).isFalse();
  }

  @Test
  void updateProRatesTheBalanceToTheNewCap() {
    RateLimiter limiter = new RateLimiter(2, 2, now::get);
    limiter.checkCredit(1);

    limiter.update(10, 10);

    assertThat(limiter.checkCredit(5)).isTrue();
    assertThat(limiter.checkCredit(1)).isFalse();
  }

  @Test
  void zeroRateStillAllowsTheInitialCredit() {
    RateLimiter limiter = new RateLimiter(0, 1, now::get);

    assertThat(limiter.checkCredit(1)).isTrue();
    now.addAndGet(1_000 * SECOND);
    assertThat(limiter.checkCredit(1)).isFalse();
  }
}
