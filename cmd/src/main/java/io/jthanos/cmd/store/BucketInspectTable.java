package io.jthanos.cmd.store;

import io.jthanos.tsdb.block.BlockMeta;
import io.jthanos.tsdb.tool.GoFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table of {@code thanos tools bucket inspect} ({@code cmd/thanos/tools_bucket.go} {@code printTable}): one row
 * per block with Thanos's columns, number formats ({@code 1,234}), Go durations and {@code 02-01-2006 15:04:05}
 * times, drawn as Thanos's tablewriter draws it (left and right borders, centred headers, left-aligned cells).
 */
public final class BucketInspectTable {
    public static final List<String> COLUMNS = List.of("ULID", "FROM", "UNTIL", "RANGE", "UNTIL-DOWN", "#SERIES",
            "#SAMPLES", "#CHUNKS", "COMP-LEVEL", "COMP-FAILED", "LABELS", "RESOLUTION", "SOURCE");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm:ss");
    private static final long RES_5M = 300_000;
    private static final long RES_1H = 3_600_000;
    private static final long DOWNSAMPLE_RANGE_5M = 40 * 3_600_000L;
    private static final long DOWNSAMPLE_RANGE_1H = 10 * 24 * 3_600_000L;

    private BucketInspectTable() {}

    /**
     * Renders the blocks carrying every label of {@code selector}, sorted by the {@code sortBy} columns, then ULID.
     *
     * @throws IllegalArgumentException naming an unknown sort column
     */
    public static String render(List<BlockMeta> metas, Map<String, String> selector, List<String> sortBy, ZoneId zone) {
        List<Integer> sortIdx = new ArrayList<>();
        for (String c : sortBy) {
            int i = COLUMNS.indexOf(c);
            if (i < 0) {
                throw new IllegalArgumentException("column " + c + " not found");
            }
            sortIdx.add(i);
        }
        List<List<String>> rows = new ArrayList<>();
        for (BlockMeta m : metas) {
            Map<String, String> labels = m.thanos() == null ? Map.of() : m.thanos().labels();
            if (!selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
                continue;
            }
            rows.add(row(m, labels, zone));
        }
        Comparator<List<String>> order = (a, b) -> {
            for (int i : sortIdx) {
                int c = compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return compare(a.get(0), b.get(0));
        };
        rows.sort(order);
        return draw(rows);
    }

    private static List<String> row(BlockMeta m, Map<String, String> labels, ZoneId zone) {
        long range = m.maxTime() - m.minTime();
        long res = m.thanos() == null ? 0 : m.thanos().downsampleResolution();
        String untilDown = res == 0 ? GoFormat.duration(DOWNSAMPLE_RANGE_5M - range)
                : res == RES_5M ? GoFormat.duration(DOWNSAMPLE_RANGE_1H - range) : "-";
        List<String> kv = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> kv.add(k + "=" + v));
        return List.of(m.ulid(), TIME.format(Instant.ofEpochSecond(m.minTime() / 1000).atZone(zone)),
                TIME.format(Instant.ofEpochSecond(m.maxTime() / 1000).atZone(zone)), GoFormat.duration(range), untilDown,
                number(m.stats().numSeries()), number(m.stats().numSamples()), number(m.stats().numChunks()),
                number(m.compaction().level()), Boolean.toString(m.compaction().failed()), String.join(",", kv),
                GoFormat.duration(res), m.thanos() == null ? "" : m.thanos().source());
    }

    private static String number(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    private static int compare(String a, String b) {
        try {
            return java.time.LocalDateTime.parse(a, TIME).compareTo(java.time.LocalDateTime.parse(b, TIME));
        } catch (java.time.format.DateTimeParseException e) {
            return a.compareTo(b);
        }
    }

    private static String draw(List<List<String>> rows) {
        int[] width = new int[COLUMNS.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = COLUMNS.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append('|');
        for (int i = 0; i < width.length; i++) {
            String h = COLUMNS.get(i);
            int pad = width[i] - h.length();
            sb.append(' ').append(" ".repeat(pad / 2)).append(h).append(" ".repeat(pad - pad / 2)).append(" |");
        }
        sb.append('\n').append('|');
        for (int w : width) {
            sb.append("-".repeat(w + 2)).append('|');
        }
        sb.append('\n');
        for (List<String> r : rows) {
            sb.append('|');
            for (int i = 0; i < width.length; i++) {
                sb.append(' ').append(r.get(i)).append(" ".repeat(width[i] - r.get(i).length())).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
