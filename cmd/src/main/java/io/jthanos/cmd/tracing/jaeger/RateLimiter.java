package io.jthanos.cmd.tracing.jaeger;

import java.util.function.LongSupplier;

/**
 * Jaeger's credit-balance rate limiter. It starts with a full balance of {@code maxBalance}
 * credits; {@link #checkCredit} pays for an item out of the balance if it can, and only when the
 * balance is short does it first add the credits earned since the last top-up
 * ({@code creditsPerSecond} per elapsed second, capped at {@code maxBalance}). Thread-safe.
 */
final class RateLimiter {

  private final LongSupplier nanoClock;
  private double creditsPerSecond;
  private double maxBalance;
  private double balance;
  private long lastTick;

  /** @param nanoClock a monotonic clock in nanoseconds, e.g. {@code System::nanoTime} */
  RateLimiter(double creditsPerSecond, double maxBalance, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.creditsPerSecond = creditsPerSecond;
    this.maxBalance = maxBalance;
    this.balance = maxBalance;
    this.lastTick = nanoClock.getAsLong();
  }

  synchronized boolean checkCredit(double itemCost) {
    if (balance < itemCost) {
      topUp();
    }
    if (balance >= itemCost) {
      balance -= itemCost;
      return true;
    }
    return false;
  }

  /** Changes the rate and cap, keeping the current balance pro-rated to the new cap. */
  synchronized void update(double creditsPerSecond, double maxBalance) {
    topUp();
    this.balance = balance * maxBalance / this.maxBalance;
    this.creditsPerSecond = creditsPerSecond;
    this.maxBalance = maxBalance;
  }

  private void topUp() {
    long now = nanoClock.getAsLong();
    balance = Math.min(balance + (now - lastTick) / 1e9 * creditsPerSecond, maxBalance);
    lastTick = now;
  }
}
