package io.jthanos.objstore.retry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Runs an I/O action under a {@link RetryPolicy}, retrying failures the classifier calls transient.
 * Clock, sleep and randomness are injectable so tests are deterministic.
 */
public final class Retrier {
    /** An I/O action. */
    @FunctionalInterface
    public interface IoAction<T> {
        T run() throws IOException;
    }

    /** Sleeps; the production one is {@link Thread#sleep(Duration)}. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final RetryPolicy policy;
    private final Predicate<Throwable> retryable;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    /** A retrier on the system clock. */
    public Retrier(RetryPolicy policy, Predicate<Throwable> retryable) {
        this(policy, retryable, System::nanoTime, Thread::sleep, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** A retrier with injected time, sleep and a random source in {@code [0, 1)}. */
    public Retrier(RetryPolicy policy, Predicate<Throwable> retryable, LongSupplier nanoClock, Sleeper sleeper, DoubleSupplier random) {
        this.policy = Objects.requireNonNull(policy);
        this.retryable = Objects.requireNonNull(retryable);
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.random = random;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** Whether the classifier calls {@code error} transient. */
    public boolean isRetryable(Throwable error) {
        return retryable.test(error);
    }

    /** Starts a budget now; use it to retry steps that are not a single action, like resumed reads. */
    public Budget startBudget() {
        return new Budget(nanoClock.getAsLong());
    }

    /**
     * Runs {@code action} until it succeeds, fails permanently or the budget runs out. The last failure
     * is rethrown; when retries happened, its message says how many attempts were made (earlier
     * failures are attached as suppressed). Runtime exceptions are retried only if the classifier says
     * so, and are rethrown as they are.
     */
    public <T> T call(IoAction<T> action) throws IOException {
        Budget budget = startBudget();
        while (true) {
            try {
                return action.run();
            } catch (IOException | RuntimeException e) {
                budget.onFailure(e);
            }
        }
    }

    /** The attempts and time left for one logical operation. */
    public final class Budget {
        private final long startNanos;
        private int attempts;
        private final java.util.List<Throwable> earlier = new java.util.ArrayList<>();

        private Budget(long startNanos) {
            this.startNanos = startNanos;
        }

        /** Attempts made so far. */
        public int attempts() {
            return attempts;
        }

        /**
         * Records a failed attempt: returns after backing off if another attempt is allowed, else
         * rethrows {@code failure} (annotated with the attempt count when retries happened).
         */
        public <E extends Throwable> void onFailure(E failure) throws IOException {
            attempts++;
            if (!retryable.test(failure) || attempts >= policy.maxAttempts()) {
                throw giveUp(failure, null);
            }
            Duration cap = policy.backoffCap(attempts);
            long delay = (long) (random.getAsDouble() * cap.toNanos());
            long elapsed = nanoClock.getAsLong() - startNanos;
            if (elapsed + delay > policy.maxTotal().toNanos()) {
                throw giveUp(failure, "retry time budget of " + policy.maxTotal() + " exhausted");
            }
            if (earlier.size() < 10) {
                earlier.add(failure);
            }
            try {
                sleeper.sleep(Duration.ofNanos(delay));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                InterruptedIOException ie = new InterruptedIOException("interrupted while backing off after: " + failure.getMessage());
                ie.initCause(failure);
                throw ie;
            }
        }

        private IOException giveUp(Throwable failure, String reason) {
            if (attempts == 1 && reason == null) {
                return sneaky(failure);
            }
            String detail = "gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                    + " in " + Duration.ofNanos(nanoClock.getAsLong() - startNanos).toMillis() + " ms"
                    + (reason == null ? "" : " (" + reason + ")");
            Throwable result = failure;
            if (failure instanceof IOException io) {
                result = new IOException(io.getMessage() + " [" + detail + "]", io);
            } else {
                failure.addSuppressed(new RetriesExhausted(detail));
            }
            for (Throwable e : earlier) {
                if (e != failure) {
                    result.addSuppressed(e);
                }
            }
            return result instanceof IOException io ? io : sneaky(result);
        }
    }

    /** Marks, as a suppressed exception, how many attempts were made before giving up. */
    static final class RetriesExhausted extends Exception {
        private static final long serialVersionUID = 1L;

        RetriesExhausted(String message) {
            super(message, null, false, false);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> IOException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
