package io.jthanos.tsdb.block;

import io.jthanos.model.Labels;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.tsdb.chunks.HeadChunker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds blocks from an in-memory model of series → samples. */
final class TestBlocks {
    private TestBlocks() {}

    /** Samples of one series as parallel arrays. */
    record Samples(long[] t, double[] v) {}

    static ChunkSeriesSet set(TreeMap<Labels, Samples> model) {
        Iterator<Map.Entry<Labels, Samples>> it = model.entrySet().iterator();
        return new ChunkSeriesSet() {
            private ChunkSeries cur;

            @Override
            public boolean next() {
                if (!it.hasNext()) {
                    return false;
                }
                Map.Entry<Labels, Samples> e = it.next();
                HeadChunker c = new HeadChunker(2 * 3_600_000L);
                for (int i = 0; i < e.getValue().t().length; i++) {
                    c.append(e.getValue().t()[i], e.getValue().v()[i]);
                }
                List<ChunkMeta> chunks = c.finish();
                cur = new ChunkSeries() {
                    @Override
                    public Labels labels() {
                        return e.getKey();
                    }

                    @Override
                    public ChunkIterator chunks() {
                        return ChunkIterator.of(chunks);
                    }
                };
                return true;
            }

            @Override
            public ChunkSeries at() {
                return cur;
            }

            @Override
            public Annotations warnings() {
                return Annotations.EMPTY;
            }
        };
    }

    static BlockMeta write(Path dir, TreeMap<Labels, Samples> model) throws IOException {
        return new BlockWriter(dir).write(set(model));
    }
}
