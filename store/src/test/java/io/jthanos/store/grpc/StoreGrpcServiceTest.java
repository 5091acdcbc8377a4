package io.jthanos.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.store.ComponentType;
import io.jthanos.store.LabelNamesRequest;
import io.jthanos.store.LabelValuesRequest;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreInfo;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.testing.LoopbackStore;
import io.jthanos.tsdb.chunkenc.Encoding;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StoreGrpcService} behaviour beyond the conformance suite. */
class StoreGrpcServiceTest {
    private static final int SERIES = 10;

    /**
     * A store whose chunk data is valid only during {@code onSeries}, as the contract allows: one buffer,
     * overwritten after each series. Batching (which {@link GrpcStoreClient} asks for) holds series past
     * {@code onSeries}, so it must not send views of that buffer.
     */
    private static final class ReusingBufferStore implements StoreApi {
        @Override
        public StoreInfo info() {
            return new StoreInfo(List.of(), 0, 1000, ComponentType.STORE, true);
        }

        @Override
        public void series(SeriesRequest request, SeriesObserver observer) {
            byte[] buffer = new byte[64];
            MemorySegment data = MemorySegment.ofArray(buffer);
            for (int i = 0; i < SERIES; i++) {
                Arrays.fill(buffer, (byte) i);
                observer.onSeries(new StoreSeries(Labels.of("__name__", "m", "i", String.format("%02d", i)),
                        List.of(new StoreChunk(0, 1000, Encoding.XOR, data))));
                Arrays.fill(buffer, (byte) 0xff);
            }
        }

        @Override
        public LabelQueryResult labelNames(LabelNamesRequest request) {
            return new LabelQueryResult(List.of(), Annotations.EMPTY);
        }

        @Override
        public LabelQueryResult labelValues(LabelValuesRequest request) {
            return new LabelQueryResult(List.of(), Annotations.EMPTY);
        }
    }

    @Test
    void batchedSeriesCarryTheChunkBytesTheyHadWhenEmitted() {
        try (LoopbackStore server = new LoopbackStore(new ReusingBufferStore())) {
            List<byte[]> received = new ArrayList<>();
            server.client().series(SeriesRequest.of(0, 1000, Matcher.equal("__name__", "m")), new SeriesObserver() {
                @Override
                public void onSeries(StoreSeries s) {
                    received.add(s.chunks().get(0).data().toArray(ValueLayout.JAVA_BYTE));
                }

                @Override
                public void onWarning(String warning) {
                    throw new AssertionError(warning);
                }
            });
            assertThat(received).hasSize(SERIES);
            for (int i = 0; i < SERIES; i++) {
                byte[] expected = new byte[64];
                Arrays.fill(expected, (byte) i);
                assertThat(received.get(i)).as("series %d", i).isEqualTo(expected);
            }
        }
    }
}
