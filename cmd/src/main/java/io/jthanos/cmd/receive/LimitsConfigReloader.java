package io.jthanos.cmd.receive;

import io.jthanos.receive.handler.LimitsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads {@code --receive.limits-config-file} when its content changes, checking at most every
 * {@code --receive.limits-config-reload-timer}, as Thanos's limiter does: a file that does not parse is logged
 * ({@code error reloading tenant limits config}) and counted, and the limits in force stay.
 */
final class LimitsConfigReloader {
    private static final Logger LOG = LoggerFactory.getLogger(LimitsConfigReloader.class);

    private final Path file;
    private final Duration interval;
    private final AtomicReference<LimitsConfig> current;
    private final Counter reloads;
    private final Counter failures;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private String lastContent;
    private String lastError;

    /**
     * @param file    the limits file
     * @param content its content when the limits in force were read
     */
    LimitsConfigReloader(Path file, String content, Duration interval, AtomicReference<LimitsConfig> current,
            MeterRegistry registry) {
        this.file = file;
        this.lastContent = content;
        this.interval = interval.isZero() || interval.isNegative() ? Duration.ofSeconds(1) : interval;
        this.current = current;
        this.reloads = Counter.builder("thanos_receive_limits_config_reload")
                .description("How many times the limit configuration was reloaded.").register(registry);
        this.failures = Counter.builder("thanos_receive_limits_config_reload_err")
                .description("How many times the limit configuration failed to reload.").register(registry);
    }

    /** Checks the file until {@link #stop()}. */
    void run() throws InterruptedException {
        while (!stopped.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
            check();
        }
    }

    void stop() {
        stopped.countDown();
    }

    /** Reloads the file if its content changed since the last check. */
    void check() {
        String content;
        try {
            content = Files.readString(file);
        } catch (IOException e) {
            fail("read " + file + ": " + e.getMessage());
            return;
        }
        if (content.equals(lastContent)) {
            lastError = null;
            return;
        }
        lastContent = content;
        try {
            current.set(LimitsConfig.parse(content));
            lastError = null;
            reloads.increment();
            LOG.atInfo().addKeyValue("file", file).log("reloaded tenant limits config");
        } catch (IllegalArgumentException e) {
            fail(file + ": " + e.getMessage());
        }
    }

    /** Counts every failure; logs one only when it differs from the previous (a file being replaced can fail for a while). */
    private void fail(String err) {
        failures.increment();
        if (!err.equals(lastError)) {
            LOG.atError().addKeyValue("err", err).log("error reloading tenant limits config");
        }
        lastError = err;
    }
}
