package io.jthanos.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.store.Aggregation;
import io.jthanos.store.StoreChunk;
import io.jthanos.tsdb.chunkenc.Encoding;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import io.jthanos.tsdb.chunkenc.XorAppender;
import io.jthanos.tsdb.chunkenc.XorChunk;
import io.jthanos.tsdb.downsample.AggrChunk;
import io.jthanos.tsdb.downsample.AggrType;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The aggregate each kind of select reads from downsampled chunks, with raw chunks (from raw blocks filling gaps)
 * in between, as Thanos's querier reads them.
 */
class DownsampledChunkDecoderTest {
    private static XorChunk xor(double... tv) {
        XorChunk c = new XorChunk();
        XorAppender a = c.appender();
        for (int i = 0; i < tv.length; i += 2) {
            a.append((long) tv[i], tv[i + 1]);
        }
        return c;
    }

    /** An aggregate chunk; {@code parts} in {@link AggrType} order, {@code null} for absent ones. */
    private static StoreChunk aggr(long minTime, long maxTime, XorChunk... parts) {
        return new StoreChunk(minTime, maxTime, Encoding.AGGR, AggrChunk.encode(parts).bytes());
    }

    private static StoreChunk raw(double... tv) {
        return new StoreChunk((long) tv[0], (long) tv[tv.length - 2], Encoding.XOR,
                MemorySegment.ofArray(xor(tv).toByteArray()));
    }

    private static List<String> samples(List<Aggregation> aggregates, StoreChunk... chunks) {
        SampleIterator it = DownsampledChunkDecoder.of(XorChunkDecoder.INSTANCE, aggregates).samples(List.of(chunks), null);
        List<String> out = new ArrayList<>();
        while (it.next() == ValueType.FLOAT) {
            out.add(it.atT() + "=" + it.atF());
        }
        return out;
    }

    private static final StoreChunk WINDOWS = aggr(0, 600_000,
            xor(299_999, 10, 599_999, 10),
            xor(299_999, 100, 599_999, 300),
            xor(299_999, 5, 599_999, 20),
            xor(299_999, 15, 599_999, 40),
            null);

    @Test
    void oneAggregateIsReadAndRawChunksPassThrough() {
        StoreChunk after = raw(600_000, 7, 630_000, 8);
        assertThat(samples(List.of(Aggregation.MIN), WINDOWS, after))
                .containsExactly("299999=5.0", "599999=20.0", "600000=7.0", "630000=8.0");
        assertThat(samples(List.of(Aggregation.MAX), WINDOWS)).containsExactly("299999=15.0", "599999=40.0");
        assertThat(samples(List.of(Aggregation.COUNT), WINDOWS)).containsExactly("299999=10.0", "599999=10.0");
        assertThat(samples(List.of(Aggregation.SUM), WINDOWS)).containsExactly("299999=100.0", "599999=300.0");
    }

    @Test
    void countAndSumGiveTheAverageOfEachWindowInEitherOrder() {
        assertThat(samples(List.of(Aggregation.COUNT, Aggregation.SUM), WINDOWS))
                .containsExactly("299999=10.0", "599999=30.0");
        assertThat(samples(List.of(Aggregation.SUM, Aggregation.COUNT), WINDOWS))
                .containsExactly("299999=10.0", "599999=30.0");
    }

    @Test
    void counterResetsAreAppliedAcrossChunksAndTheirEndMarkers() {
        // each counter chunk starts with its first raw sample and ends with its last raw value repeated
        StoreChunk first = aggr(0, 600_000, null, null, null, null,
                xor(0, 10, 300_000, 50, 600_000, 80, 600_000, 80));
        StoreChunk second = aggr(600_500, 900_000, null, null, null, null,
                xor(600_500, 5, 900_000, 30, 900_000, 30));
        StoreChunk rawAfterReset = raw(930_000, 2, 960_000, 4);
        assertThat(samples(List.of(Aggregation.COUNTER), first, second, rawAfterReset)).containsExactly(
                "0=10.0", "300000=50.0", "600000=80.0", "600500=85.0", "900000=110.0", "930000=112.0", "960000=114.0");
    }

    @Test
    void rawOnlyCountersKeepTheirResetsForPromQlToSee() {
        assertThat(samples(List.of(Aggregation.COUNTER), raw(0, 10, 30_000, 2)))
                .containsExactly("0=10.0", "30000=2.0");
    }

    @Test
    void aMissingAggregateIsAnErrorNotAnEmptySeries() {
        assertThatThrownBy(() -> samples(List.of(Aggregation.COUNTER), WINDOWS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("aggregate chunk [0, 600000] has no counter aggregate");
        StoreChunk sumOnly = aggr(0, 300_000, null, xor(299_999, 1), null, null, null);
        assertThatThrownBy(() -> samples(List.of(Aggregation.COUNT, Aggregation.SUM), sumOnly))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no count aggregate");
    }

    @Test
    void onlyThanosAggregateCombinationsAreAccepted() {
        assertThatThrownBy(() -> DownsampledChunkDecoder.of(XorChunkDecoder.INSTANCE,
                List.of(Aggregation.MIN, Aggregation.MAX)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unexpected result aggregate types [MIN, MAX]");
    }
}
