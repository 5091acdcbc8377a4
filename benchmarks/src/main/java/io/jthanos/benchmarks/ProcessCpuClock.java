package io.jthanos.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole process in nanoseconds. {@code OperatingSystemMXBean.getProcessCpuTime} counts in
 * scheduler ticks on Linux (10 ms here), too coarse for one query; {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)}
 * is exact to the nanosecond. Falls back to the MXBean where that call is not available.
 */
final class ProcessCpuClock {
    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    private static final MethodHandle CLOCK_GETTIME = lookup();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final MemorySegment TIMESPEC = Arena.global().allocate(16, 8);

    private ProcessCpuClock() {}

    private static MethodHandle lookup() {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("clock_gettime").map(f -> linker.downcallHandle(f,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS)))
                    .orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether {@link #nanos()} is exact rather than tick-based. */
    static boolean exact() {
        return CLOCK_GETTIME != null;
    }

    /** The process's CPU time so far (all threads), in nanoseconds. */
    static synchronized long nanos() {
        if (CLOCK_GETTIME == null) {
            return OS.getProcessCpuTime();
        }
        long ns = read(CLOCK_PROCESS_CPUTIME_ID);
        return ns >= 0 ? ns : OS.getProcessCpuTime();
    }

    /**
     * The CPU time so far (all threads, ended ones included) of another process of this user, in nanoseconds, read
     * through Linux's clock id for it ({@code clock_getcpuclockid}: {@code (~pid << 3) | CPUCLOCK_SCHED}).
     *
     * @throws IllegalStateException where that clock cannot be read (not Linux, or the process is gone)
     */
    static synchronized long nanosOf(long pid) {
        long ns = CLOCK_GETTIME == null ? -1 : read((int) ((~pid) << 3) | 2);
        if (ns < 0) {
            throw new IllegalStateException("cannot read the CPU clock of process " + pid);
        }
        return ns;
    }

    private static long read(int clockId) {
        try {
            int rc = (int) CLOCK_GETTIME.invokeExact(clockId, TIMESPEC);
            if (rc != 0) {
                return -1;
            }
        } catch (Throwable t) {
            throw new IllegalStateException("clock_gettime failed", t);
        }
        return TIMESPEC.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + TIMESPEC.get(ValueLayout.JAVA_LONG, 8);
    }
}
