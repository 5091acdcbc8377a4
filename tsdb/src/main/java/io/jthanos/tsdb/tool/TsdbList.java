package io.jthanos.tsdb.tool;

import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.block.BlockMeta;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code tsdb list}: the block table of {@code promtool tsdb list} (ULID, min/max time, duration,
 * samples, chunks, series, size), columns aligned like promtool's {@code tabwriter} (minimum cell width 13, padding 2).
 */
public final class TsdbList {
    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'").withZone(ZoneOffset.UTC);

    private static final int MIN_WIDTH = 13;

    private TsdbList() {}

    public static void list(Path dbDir, boolean humanReadable, PrintStream out) throws IOException {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"BLOCK ULID", "MIN TIME", "MAX TIME", "DURATION", "NUM SAMPLES", "NUM CHUNKS", "NUM SERIES", "SIZE"});
        List<Block> blocks = BlockDirs.openAll(dbDir);
        try {
            for (Block b : blocks) {
                BlockMeta m = b.meta();
                long size = dirSize(b.dir());
                rows.add(new String[] {m.ulid(), time(m.minTime(), humanReadable), time(m.maxTime(), humanReadable),
                    GoFormat.duration(m.maxTime() - m.minTime()), Long.toString(m.stats().numSamples()),
                    Long.toString(m.stats().numChunks()), Long.toString(m.stats().numSeries()),
                    humanReadable ? humanBytes(size) : Long.toString(size)});
            }
        } finally {
            blocks.forEach(Block::close);
        }
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(Math.max(MIN_WIDTH, w[i] + 2) - r[i].length()));
                }
            }
            out.println(sb);
        }
    }

    private static String time(long ms, boolean human) {
        return human ? HUMAN.format(Instant.ofEpochSecond(Math.floorDiv(ms, 1000))) : Long.toString(ms);
    }

    /** Go's {@code units.Base2Bytes.String()}: non-zero parts from the largest unit, e.g. {@code 1MiB145KiB103B}. */
    static String humanBytes(long n) {
        if (n == 0) {
            return "0B";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        StringBuilder sb = new StringBuilder();
        for (int u = units.length - 1; u >= 0; u--) {
            long scale = 1L << (10 * u);
            long q = n / scale;
            if (q > 0) {
                sb.append(q).append(units[u]);
                n -= q * scale;
            }
        }
        return sb.toString();
    }

    private static long dirSize(Path dir) throws IOException {
        long total = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            }
        }
        return total;
    }
}
