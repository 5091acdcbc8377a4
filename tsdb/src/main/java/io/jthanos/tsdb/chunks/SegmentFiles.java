package io.jthanos.tsdb.chunks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Naming and listing of chunk segment files ({@code 000001}, {@code 000002}, …). */
public final class SegmentFiles {
    /** Magic number at the start of every chunk segment file. */
    public static final int MAGIC = 0x85BD40DD;
    public static final int FORMAT_V1 = 1;
    /** magic (4) + version (1) + padding (3). */
    public static final int HEADER_SIZE = 8;
    /** Prometheus's {@code DefaultChunkSegmentSize}. */
    public static final long DEFAULT_SEGMENT_SIZE = 512L * 1024 * 1024;

    private SegmentFiles() {}

    /** The file name of the segment with 1-based sequence number {@code seq}. */
    public static String name(int seq) {
        return String.format("%06d", seq);
    }

    /** The segment files in {@code dir} (names that parse as unsigned integers), in name order. */
    public static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.isEmpty() && n.chars().allMatch(c -> c >= '0' && c <= '9') && n.length() <= 19) {
                    out.add(p);
                }
            }
        }
        out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return out;
    }
}
