package io.jthanos.tsdb.block;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.LabelQuerier;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.storage.SelectHints;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import io.jthanos.tsdb.index.ChunkRefMeta;
import io.jthanos.tsdb.index.IndexReader;
import io.jthanos.tsdb.index.Postings;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** What the sample and the chunk querier of a block share: the time range, postings and label lookups. */
abstract sealed class BlockQuerierBase implements LabelQuerier permits BlockQuerier, BlockChunkQuerier {
    final Block block;
    final long minTime;
    final long maxTime;
    private boolean closed;

    BlockQuerierBase(Block block, long minTime, long maxTime) {
        this.block = block;
        this.minTime = minTime;
        this.maxTime = maxTime;
        block.acquire();
    }

    /** A cursor over the series matching {@code matchers} with the range and trimming of {@code hints}. */
    SeriesCursor cursor(SelectHints hints, Matcher... matchers) {
        long mint = hints == null ? minTime : hints.start();
        long maxt = hints == null ? maxTime : hints.end();
        boolean trim = hints == null || !hints.disableTrimming();
        try {
            Postings p = PostingsForMatchers.select(block.index(), matchers);
            return new SeriesCursor(block.index(), block.tombstones(), p, mint, maxt, trim);
        } catch (CorruptBlockException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public LabelQueryResult labelValues(String name, LabelHints hints, Matcher... matchers) {
        IndexReader ix = block.index();
        try {
            List<String> values;
            if (matchers.length == 0) {
                values = ix.labelValues(name);
            } else {
                TreeSet<String> set = new TreeSet<>(Labels::compareStrings);
                Postings p = PostingsForMatchers.select(ix, matchers);
                List<ChunkRefMeta> scratch = new ArrayList<>();
                while (p.next()) {
                    String v = ix.series(p.at(), scratch).get(name);
                    if (v != null) {
                        set.add(v);
                    }
                }
                values = new ArrayList<>(set);
            }
            return new LabelQueryResult(limit(values, hints), Annotations.EMPTY);
        } catch (CorruptBlockException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public LabelQueryResult labelNames(LabelHints hints, Matcher... matchers) {
        IndexReader ix = block.index();
        try {
            List<String> names;
            if (matchers.length == 0) {
                names = ix.labelNames();
            } else {
                TreeSet<String> set = new TreeSet<>(Labels::compareStrings);
                Postings p = PostingsForMatchers.select(ix, matchers);
                List<ChunkRefMeta> scratch = new ArrayList<>();
                while (p.next()) {
                    set.addAll(ix.series(p.at(), scratch).names());
                }
                names = new ArrayList<>(set);
            }
            return new LabelQueryResult(limit(names, hints), Annotations.EMPTY);
        } catch (CorruptBlockException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> limit(List<String> values, LabelHints hints) {
        if (hints != null && hints.limit() > 0 && values.size() > hints.limit()) {
            return values.subList(0, hints.limit());
        }
        return values;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            block.release();
        }
    }
}
