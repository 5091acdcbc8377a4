package io.jthanos.tsdb;

import io.jthanos.model.Labels;
import io.jthanos.storage.Appender;
import io.jthanos.tsdb.head.Head;
import io.jthanos.tsdb.head.HeadOptions;
import io.jthanos.tsdb.wal.DurabilityMode;
import io.jthanos.tsdb.wal.WalOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process {@link CrashTest} kills. {@code args[0]} is the directory, {@code args[1]} the mode:
 * {@code head} appends to a bare head and truncates it now and then (printing {@code T <mint>} first);
 * {@code tsdb} appends to a {@link Tsdb} with 100ms blocks (a batch per ms) and compacts every 50 batches. Either way it
 * commits batch after batch at full speed and prints {@code C <id>} once a commit has returned.
 */
public final class CrashChild {
    static final int SERIES = 10;
    static final HeadOptions HEAD_OPTIONS = HeadOptions.defaults()
            .withWal(WalOptions.defaults().withDurability(DurabilityMode.FSYNC_EACH_COMMIT).withSegmentSize(1024 * 1024));
    static final TsdbOptions TSDB_OPTIONS = TsdbOptions.defaults()
            .withBlockDuration(Duration.ofMillis(100))
            .withRetention(Duration.ZERO)
            .withCompactionInterval(Duration.ZERO)
            .withWalSegmentSize(1024 * 1024);

    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        Path dir = Path.of(args[0]);
        boolean tsdbMode = args[1].equals("tsdb");
        Tsdb db = tsdbMode ? Tsdb.open(dir, TSDB_OPTIONS, new SimpleMeterRegistry()) : null;
        Head head = tsdbMode ? db.head() : Head.open(dir, HEAD_OPTIONS, Long.MIN_VALUE, new SimpleMeterRegistry());
        long max = tsdbMode ? db.maxTime() : head.maxTime();
        long b = max == Long.MIN_VALUE ? 0 : max + 1;
        Appender app = head.appender();
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
            if (tsdbMode && b % 50 == 0) {
                db.compact();
            } else if (!tsdbMode && b % 500 == 0) {
                out.println("T " + (b - 200));
                out.flush();
                head.truncate(b - 200);
            }
        }
    }
}
