package io.jthanos.tsdb.wal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The page and fragment layout of WAL segments, byte-compatible with Prometheus's
 * {@code tsdb/wlog} (see {@code tsdb/docs/format/wal.md}).
 *
 * <pre>
 * segment file  = page*            named %08d (00000000, 00000001, …), 128 MiB by default
 * page (32 KiB) = fragment* padding
 * fragment      = type(1B) len(2B, BE) CRC32C(4B, BE, over data) data(len B)
 * type          = 0 rest of page is zero padding | 1 full | 2 first | 3 middle | 4 last
 *                 (bits 3 and 4 flag snappy/zstd compression; we never set them and refuse them)
 * </pre>
 *
 * A fragment header never straddles a page: if fewer than 7 bytes remain, the page is padded. A
 * record never spans segments. Only the last page of a segment may be partial.
 */
final class WalFormat {
    private WalFormat() {}

    static final int PAGE_SIZE = 32 * 1024;
    static final int HEADER_SIZE = 7;

    static final int PAGE_TERM = 0;
    static final int FULL = 1;
    static final int FIRST = 2;
    static final int MIDDLE = 3;
    static final int LAST = 4;
    static final int TYPE_MASK = 0b111;
    static final int COMPRESSION_MASK = 0b11000;

    static final String CHECKPOINT_PREFIX = "checkpoint.";

    static String segmentName(int index) {
        return String.format("%08d", index);
    }

    /** Indices of the segment files in {@code dir}, ascending; other files are ignored. */
    static List<Integer> segments(Path dir) throws IOException {
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.length() == 8 && isDigits(name) && Files.isRegularFile(p)) {
                    out.add(Integer.parseInt(name));
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
