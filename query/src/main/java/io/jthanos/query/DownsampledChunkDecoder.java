package io.jthanos.query;

import io.jthanos.store.Aggregation;
import io.jthanos.store.StoreChunk;
import io.jthanos.tsdb.chunkenc.Chunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.XorChunk;
import io.jthanos.tsdb.downsample.AggrChunk;
import io.jthanos.tsdb.downsample.AggrType;
import io.jthanos.tsdb.downsample.AverageChunkIterator;
import io.jthanos.tsdb.downsample.CounterResetsIterator;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;

/**
 * Reads downsampled data as the select that asked for it needs (Thanos's {@code chunkSeries.Iterator} in
 * {@code pkg/query/iter.go}): raw chunks are decoded by the wrapped decoder; aggregate chunks
 * ({@link Encoding#AGGR}) yield the one aggregate requested (count, sum, min, max), the counter aggregate with
 * counter resets applied across chunks, or, for count and sum together, the average of each window.
 *
 * <p>One deviation from Thanos: counter resets are applied only to replicas that hold at least one aggregate
 * chunk, so a series read wholly from raw blocks gives exactly the samples Prometheus would see.
 */
public final class DownsampledChunkDecoder implements ChunkDecoder {
    private final ChunkDecoder raw;
    /** The single aggregate read, or {@code null} for the average of count and sum. */
    private final AggrType aggregate;

    private DownsampledChunkDecoder(ChunkDecoder raw, AggrType aggregate) {
        this.raw = raw;
        this.aggregate = aggregate;
    }

    /**
     * A decoder for the aggregates a series request asked for: one of count, sum, min, max, counter, or count
     * and sum (in either order) for averages.
     *
     * @throws IllegalArgumentException for any other combination
     */
    public static DownsampledChunkDecoder of(ChunkDecoder raw, List<Aggregation> aggregates) {
        Objects.requireNonNull(raw, "raw");
        if (aggregates.size() == 1 && aggregates.getFirst() != Aggregation.RAW) {
            return new DownsampledChunkDecoder(raw, AggrType.valueOf(aggregates.getFirst().name()));
        }
        if (aggregates.size() == 2 && aggregates.contains(Aggregation.COUNT) && aggregates.contains(Aggregation.SUM)) {
            return new DownsampledChunkDecoder(raw, null);
        }
        throw new IllegalArgumentException("unexpected result aggregate types " + aggregates);
    }

    @Override
    public Chunk decode(StoreChunk chunk) {
        if (chunk.encoding() != Encoding.AGGR) {
            return raw.decode(chunk);
        }
        AggrChunk c = AggrChunk.wrap(chunk.data());
        if (aggregate == null) {
            return new AverageChunk(c);
        }
        XorChunk sub = c.get(aggregate);
        if (sub == null) {
            throw new IllegalStateException("aggregate chunk [" + chunk.minTime() + ", " + chunk.maxTime()
                    + "] has no " + aggregate.name().toLowerCase() + " aggregate");
        }
        return sub;
    }

    @Override
    public SampleIterator samples(List<StoreChunk> chunks, SampleIterator reuse) {
        SampleIterator it = ChunkDecoder.super.samples(chunks, null);
        if (aggregate != AggrType.COUNTER || !hasAggregate(chunks)) {
            return it;
        }
        return new CounterResetsIterator(List.of(it));
    }

    private static boolean hasAggregate(List<StoreChunk> chunks) {
        for (StoreChunk c : chunks) {
            if (c.encoding() == Encoding.AGGR) {
                return true;
            }
        }
        return false;
    }

    /** An aggregate chunk read as the averages of its windows. */
    private record AverageChunk(AggrChunk chunk) implements Chunk {
        @Override
        public Encoding encoding() {
            return Encoding.AGGR;
        }

        @Override
        public MemorySegment bytes() {
            return chunk.bytes();
        }

        @Override
        public int numSamples() {
            return chunk.numSamples();
        }

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            return AverageChunkIterator.of(chunk);
        }
    }
}
