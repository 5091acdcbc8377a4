package io.jthanos.cmd.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.receive.handler.LimitsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --receive.limits-config-file} is reloaded when it changes; a broken file keeps the limits in force. */
class LimitsConfigReloaderTest {
  @TempDir
  Path dir;

  private static String limits(int series) {
    return "write:\n  default:\n    request:\n      series_limit: " + series + "\n";
  }

  @Test
  void aChangedFileReplacesTheLimitsAndABrokenOneKeepsThem() throws Exception {
    Path file = dir.resolve("limits.yml");
    Files.writeString(file, limits(10));
    AtomicReference<LimitsConfig> current = new AtomicReference<>(LimitsConfig.parse(Files.readString(file)));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LimitsConfigReloader reloader = new LimitsConfigReloader(file, Files.readString(file), Duration.ofMillis(20), current,
        registry);
    Thread t = Thread.ofPlatform().start(() -> {
      try {
        reloader.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      assertThat(current.get().forTenant("a").seriesLimit()).isEqualTo(10);
      Files.writeString(file, limits(3));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (current.get().forTenant("a").seriesLimit() != 3) {
        assertThat(System.nanoTime()).as("the new limits were loaded").isLessThan(deadline);
        Thread.sleep(10);
      }
      assertThat(registry.get("thanos_receive_limits_config_reload").counter().count()).isEqualTo(1);

      Files.writeString(file, "write:\n  default:\n    request:\n      series_limt: 1\n");
      while (registry.get("thanos_receive_limits_config_reload_err").counter().count() < 1) {
        assertThat(System.nanoTime()).as("the broken file was read").isLessThan(deadline);
        Thread.sleep(10);
      }
      assertThat(current.get().forTenant("a").seriesLimit()).as("the limits in force stay").isEqualTo(3);
    } finally {
      reloader.stop();
      t.join(5_000);
    }
    assertThat(t.isAlive()).isFalse();
  }
}
