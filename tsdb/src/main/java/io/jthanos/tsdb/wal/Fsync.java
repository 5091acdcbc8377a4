package io.jthanos.tsdb.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync of directories, so that created, renamed and deleted entries survive power loss. */
public final class Fsync {
    private Fsync() {}

    /** Fsyncs the directory entry list of {@code dir}. */
    public static void directory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
