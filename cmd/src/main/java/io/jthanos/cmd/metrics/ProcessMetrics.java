package io.jthanos.cmd.metrics;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Process metrics under the names the Go Prometheus client uses, so Thanos dashboards work:
 * {@code process_cpu_seconds_total}, {@code process_start_time_seconds},
 * {@code process_open_fds}, {@code process_max_fds}, {@code process_resident_memory_bytes},
 * {@code process_virtual_memory_bytes} (the last two on Linux only).
 */
public final class ProcessMetrics implements MeterBinder {

  private static final Path STATM = Path.of("/proc/self/statm");
  private static final long PAGE_SIZE = 4096;

  @Override
  public void bindTo(MeterRegistry registry) {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof OperatingSystemMXBean sun) {
      FunctionCounter.builder("process.cpu.seconds", sun, b -> b.getProcessCpuTime() / 1e9)
          .description("Total user and system CPU time spent in seconds.")
          .register(registry);
    }
    if (os instanceof UnixOperatingSystemMXBean unix) {
      Gauge.builder("process.open.fds", unix, UnixOperatingSystemMXBean::getOpenFileDescriptorCount)
          .description("Number of open file descriptors.")
          .register(registry);
      Gauge.builder("process.max.fds", unix, UnixOperatingSystemMXBean::getMaxFileDescriptorCount)
          .description("Maximum number of open file descriptors.")
          .register(registry);
    }
    double startSeconds = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;
    Gauge.builder("process.start.time.seconds", () -> startSeconds)
        .description("Start time of the process since unix epoch in seconds.")
        .register(registry);
    if (Files.isReadable(STATM)) {
      Gauge.builder("process.resident.memory.bytes", () -> statmPages(1) * PAGE_SIZE)
          .description("Resident memory size in bytes.")
          .register(registry);
      Gauge.builder("process.virtual.memory.bytes", () -> statmPages(0) * PAGE_SIZE)
          .description("Virtual memory size in bytes.")
          .register(registry);
    }
  }

  private static double statmPages(int field) {
    try {
      String[] fields = Files.readString(STATM).trim().split(" ");
      return Double.parseDouble(fields[field]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
