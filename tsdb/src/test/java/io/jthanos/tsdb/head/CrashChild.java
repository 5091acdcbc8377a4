package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import io.jthanos.tsdb.wal.DurabilityMode;
import io.jthanos.tsdb.wal.WalOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The process {@link HeadCrashTest} kills: opens the head in {@code args[0]}, then commits batch after
 * batch at full speed, printing {@code C <id>} once each commit returned and {@code T <mint>} before
 * each truncation.
 */
public final class CrashChild {
    static final int SERIES = 10;
    static final HeadOptions OPTIONS = HeadOptions.defaults()
            .withWal(WalOptions.defaults().withDurability(DurabilityMode.FSYNC_EACH_COMMIT).withSegmentSize(1024 * 1024));

    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        Head head = Head.open(Path.of(args[0]), OPTIONS, Long.MIN_VALUE, new SimpleMeterRegistry());
        long b = head.maxTime() == Long.MIN_VALUE ? 0 : head.maxTime() + 1;
        out.println("R " + b);
        out.flush();
        HeadAppender app = head.appender();
        long[] refs = new long[SERIES];
        while (true) {
            for (int s = 0; s < SERIES; s++) {
                refs[s] = app.append(refs[s], Labels.of("__name__", "crash", "s", "" + s), b, b);
            }
            if (b % 10 == 0) {
                app.append(0, Labels.of("__name__", "crash_new", "b", "" + b), b, b);
            }
            app.commit();
            out.println("C " + b);
            out.flush();
            b++;
            if (b % 3000 == 0) {
                out.println("T " + (b - 1000));
                out.flush();
                head.truncate(b - 1000);
            }
        }
    }
}
