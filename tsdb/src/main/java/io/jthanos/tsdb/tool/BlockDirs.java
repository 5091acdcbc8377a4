package io.jthanos.tsdb.tool;

import io.jthanos.tsdb.block.Block;
import io.jthanos.tsdb.block.BlockMetaJson;
import io.jthanos.tsdb.block.Ulid;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The blocks of a TSDB directory: sub-directories named by a ULID that hold a {@code meta.json}. */
final class BlockDirs {
    private BlockDirs() {}

    /** Opens all blocks under {@code dbDir}, sorted by min time (then ULID), as Prometheus's DB does. */
    static List<Block> openAll(Path dbDir) throws IOException {
        List<Block> blocks = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dbDir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && Ulid.isValid(p.getFileName().toString())
                        && Files.exists(p.resolve(BlockMetaJson.FILE_NAME))) {
                    try {
                        blocks.add(Block.open(p));
                    } catch (IOException | RuntimeException e) {
                        blocks.forEach(Block::close);
                        throw e;
                    }
                }
            }
        }
        blocks.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()).thenComparing(b -> b.meta().ulid()));
        return blocks;
    }
}
