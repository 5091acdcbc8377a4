package io.jthanos.query;

import io.jthanos.model.Labels;
import io.jthanos.query.dedup.BoundedSampleIterator;
import io.jthanos.query.dedup.ChainSampleIterator;
import io.jthanos.query.dedup.OverlapSplit;
import io.jthanos.query.dedup.PenaltyDedupArrays;
import io.jthanos.query.dedup.PenaltyDedupIterator;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.Series;
import io.jthanos.storage.SeriesSet;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreSeries;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.FloatArrayChunk;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import java.util.ArrayList;
import java.util.List;

/**
 * The series of a StoreAPI response as a {@link SeriesSet}. Consecutive series with equal labels (replicas
 * once the replica labels are gone) and overlapping chunks within one series (several replicas merged by
 * the proxy) are both treated as replicas and merged by the chosen {@link DedupFunction}; without dedup,
 * overlaps are merged by timestamp. Samples are bounded to the querier's range. Two replicas of XOR chunks
 * under penalty dedup (an HA pair) are deduplicated in one pass into arrays ({@link PenaltyDedupArrays});
 * any other series is read through the dedup iterators.
 */
final class StoreSeriesSet implements SeriesSet {
    private final List<StoreSeries> series;
    private final Annotations warnings;
    private final DedupFunction dedup;
    private final boolean counter;
    private final ChunkDecoder decoder;
    private final long minTime;
    private final long maxTime;
    private int next;
    private Series current;
    /** The iterator last handed out and its chunk iterators, whose decoders the next series may reuse. */
    private SampleIterator lastIterator;
    private SampleIterator[] lastReplicaIterators;
    /** Deduplicates HA pairs, with buffers shared by the series of this set. */
    private PenaltyDedupArrays pairDedup;

    /**
     * @param series sorted by labels
     * @param dedup how to merge replicas, {@code null} for no deduplication
     * @param counter whether the select is for a counter function (penalty dedup adjusts counters)
     */
    StoreSeriesSet(List<StoreSeries> series, Annotations warnings, DedupFunction dedup, boolean counter,
            ChunkDecoder decoder, long minTime, long maxTime) {
        this.series = series;
        this.warnings = warnings;
        this.dedup = dedup;
        this.counter = counter;
        this.decoder = decoder;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    @Override
    public boolean next() {
        if (next >= series.size()) {
            current = null;
            return false;
        }
        int from = next;
        Labels labels = series.get(from).labels();
        next++;
        if (dedup != null) {
            while (next < series.size() && series.get(next).labels().equals(labels)) {
                next++;
            }
        }
        List<List<StoreChunk>> replicas = new ArrayList<>();
        for (int i = from; i < next; i++) {
            replicas.addAll(OverlapSplit.split(series.get(i).chunks()));
        }
        current = new Merged(labels, replicas);
        return true;
    }

    @Override
    public Series at() {
        return current;
    }

    @Override
    public Annotations warnings() {
        return warnings;
    }

    /** A series of this set: its replicas' chunks, merged when read. */
    final class Merged implements Series {
        private final Labels labels;
        private final List<List<StoreChunk>> replicas;

        Merged(Labels labels, List<List<StoreChunk>> replicas) {
            this.labels = labels;
            this.replicas = replicas;
        }

        @Override
        public Labels labels() {
            return labels;
        }

        /**
         * The chunks as received when they are raw XOR chunks of one replica without overlaps, which the sample
         * path would only bound to the querier's range; otherwise {@code null}.
         */
        ChunkSeries receivedChunks() {
            if (replicas.size() != 1 || !(decoder instanceof XorChunkDecoder)) {
                return null;
            }
            List<StoreChunk> chunks = replicas.get(0);
            List<ChunkMeta> metas = new ArrayList<>(chunks.size());
            for (StoreChunk c : chunks) {
                if (c.encoding() != Encoding.XOR) {
                    return null;
                }
                metas.add(new ChunkMeta(c.minTime(), c.maxTime(), decoder.decode(c)));
            }
            return ChunkSeries.of(labels, metas);
        }

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            if (dedup == DedupFunction.PENALTY && replicas.size() == 2 && allXor()) {
                FloatArrayChunk spare = reuse instanceof FloatArrayChunk.Iterator d && reuse == lastIterator
                        ? d.chunk() : null;
                if (pairDedup == null) {
                    pairDedup = new PenaltyDedupArrays();
                }
                SampleIterator it = pairDedup.dedup(replicas.get(0), replicas.get(1), decoder::decode,
                        counter, minTime, maxTime, spare).iterator(null);
                lastIterator = it;
                lastReplicaIterators = null;
                return it;
            }
            // Handing back the previous series' iterator frees its chunk decoders (and their buffers) for this one.
            SampleIterator[] previous = reuse != null && reuse == lastIterator ? lastReplicaIterators : null;
            SampleIterator[] replicaIterators = new SampleIterator[replicas.size()];
            List<SampleIterator> its = new ArrayList<>(replicas.size());
            for (int i = 0; i < replicaIterators.length; i++) {
                SampleIterator spare = previous != null && i < previous.length ? previous[i] : null;
                replicaIterators[i] = decoder.samples(replicas.get(i), spare);
                its.add(replicaIterators[i]);
            }
            // Penalty dedup bounds each replica itself; the chain merge reads bounded iterators.
            SampleIterator it;
            if (dedup == DedupFunction.PENALTY) {
                it = PenaltyDedupIterator.of(its, counter, minTime, maxTime);
            } else {
                its.replaceAll(r -> new BoundedSampleIterator(r, minTime, maxTime));
                it = ChainSampleIterator.of(its);
            }
            lastIterator = it;
            lastReplicaIterators = replicaIterators;
            return it;
        }

        private boolean allXor() {
            if (!(decoder instanceof XorChunkDecoder)) {
                return false;
            }
            for (List<StoreChunk> replica : replicas) {
                for (StoreChunk c : replica) {
                    if (c.encoding() != Encoding.XOR) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
