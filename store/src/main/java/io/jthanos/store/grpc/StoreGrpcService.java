package io.jthanos.store.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jthanos.proto.storepb.LabelNamesResponse;
import io.jthanos.proto.storepb.LabelValuesResponse;
import io.jthanos.proto.storepb.Series;
import io.jthanos.proto.storepb.SeriesBatch;
import io.jthanos.proto.storepb.SeriesResponse;
import io.jthanos.proto.storepb.StoreGrpc;
import io.jthanos.model.Labels;
import io.jthanos.proto.labelpb.Label;
import io.jthanos.storage.Annotation;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreSeries;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serves any {@link StoreApi} as the gRPC service {@code thanos.Store}.
 *
 * <p>Each {@code Series} call runs on its own virtual thread and sends a frame only when the transport
 * is ready, so a slow client holds back the store instead of filling memory. A series whose chunks exceed
 * {@link #MAX_BYTES_PER_FRAME} is split over several frames with the same labels, as Thanos does; chunk
 * bytes are wrapped, not copied. A request with {@code response_batch_size} above 1 gets its series in
 * {@code SeriesBatch} responses (Thanos v0.41); peers that do not ask get one series per response. A batched
 * series' chunk bytes are copied once, since the batch outlives the store's chunk data.
 */
public final class StoreGrpcService extends StoreGrpc.StoreImplBase {
    /** Thanos's {@code RemoteReadFrameLimit}: the soft limit of one frame's size. */
    public static final int MAX_BYTES_PER_FRAME = 1 << 20;
    /** The most series put in one {@code SeriesBatch}, whatever the request asks for. */
    static final int MAX_SERIES_PER_BATCH = 1024;

    private final StoreApi store;

    public StoreGrpcService(StoreApi store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void series(io.jthanos.proto.storepb.SeriesRequest request, StreamObserver<SeriesResponse> responses) {
        ServerCallStreamObserver<SeriesResponse> call = (ServerCallStreamObserver<SeriesResponse>) responses;
        Readiness readiness = new Readiness(call);
        Thread.ofVirtual().name("store-series").start(() -> {
            try {
                FrameWriter frames = new FrameWriter(call, readiness, request.getResponseBatchSize());
                store.series(StoreProtos.fromProto(request), frames);
                frames.flush();
                if (!readiness.cancelled) {
                    call.onCompleted();
                }
            } catch (Throwable t) {
                if (!readiness.cancelled) {
                    call.onError(StoreProtos.toStatus(t));
                }
            }
        });
    }

    @Override
    public void labelNames(io.jthanos.proto.storepb.LabelNamesRequest request,
            StreamObserver<LabelNamesResponse> responses) {
        try {
            LabelQueryResult r = store.labelNames(StoreProtos.fromProto(request));
            responses.onNext(LabelNamesResponse.newBuilder().addAllNames(r.values())
                    .addAllWarnings(r.warnings().messages(Annotation.Severity.WARNING)).build());
            responses.onCompleted();
        } catch (Throwable t) {
            responses.onError(StoreProtos.toStatus(t));
        }
    }

    @Override
    public void labelValues(io.jthanos.proto.storepb.LabelValuesRequest request,
            StreamObserver<LabelValuesResponse> responses) {
        try {
            LabelQueryResult r = store.labelValues(StoreProtos.fromProto(request));
            responses.onNext(LabelValuesResponse.newBuilder().addAllValues(r.values())
                    .addAllWarnings(r.warnings().messages(Annotation.Severity.WARNING)).build());
            responses.onCompleted();
        } catch (Throwable t) {
            responses.onError(StoreProtos.toStatus(t));
        }
    }

    /** Blocks the producer until the transport can take another frame or the client went away. */
    private static final class Readiness {
        private final ServerCallStreamObserver<SeriesResponse> call;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition ready = lock.newCondition();
        volatile boolean cancelled;

        Readiness(ServerCallStreamObserver<SeriesResponse> call) {
            this.call = call;
            call.setOnReadyHandler(this::signal);
            call.setOnCancelHandler(() -> {
                cancelled = true;
                signal();
            });
        }

        private void signal() {
            lock.lock();
            try {
                ready.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void await() {
            lock.lock();
            try {
                while (!cancelled && !call.isReady()) {
                    ready.await(1, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for the client");
            } finally {
                lock.unlock();
            }
            if (cancelled) {
                throw new CancellationException("client cancelled the series call");
            }
        }
    }

    /**
     * Turns series into frames of at most about {@link #MAX_BYTES_PER_FRAME} bytes. When the request asks for
     * {@code response_batch_size} above 1, frames go out in {@code SeriesBatch} responses of up to that many
     * series (Thanos's {@code batchableServer}), and also before a batch would exceed
     * {@link #MAX_BYTES_PER_FRAME}; a warning first sends the series batched before it.
     */
    private static final class FrameWriter implements SeriesObserver {
        private final ServerCallStreamObserver<SeriesResponse> call;
        private final Readiness readiness;
        private final int batchSize;
        private SeriesBatch.Builder batch;
        private long batchBytes;

        FrameWriter(ServerCallStreamObserver<SeriesResponse> call, Readiness readiness, long batchSize) {
            this.call = call;
            this.readiness = readiness;
            this.batchSize = (int) Math.min(Math.max(batchSize, 1), MAX_SERIES_PER_BATCH);
        }

        @Override
        public void onSeries(StoreSeries series) {
            List<Label> labels = StoreProtos.labels(series.labels());
            Series.Builder frame = Series.newBuilder().addAllLabels(labels);
            long labelBytes = labelBytes(series.labels());
            long left = MAX_BYTES_PER_FRAME - labelBytes;
            List<StoreChunk> chunks = batchSize > 1 ? ownCopies(series.chunks()) : series.chunks();
            for (int i = 0; i < chunks.size(); i++) {
                StoreChunk c = chunks.get(i);
                frame.addChunks(StoreProtos.toProto(c));
                left -= c.data().byteSize() + 32;
                if (left <= 0 && i < chunks.size() - 1) {
                    sendSeries(frame.build(), MAX_BYTES_PER_FRAME - left);
                    frame = Series.newBuilder().addAllLabels(labels);
                    left = MAX_BYTES_PER_FRAME - labelBytes;
                }
            }
            sendSeries(frame.build(), MAX_BYTES_PER_FRAME - left);
        }

        /**
         * The chunks over one heap copy of their bytes: a batch is sent after {@code onSeries} returned, and the
         * store's chunk data is only valid until then (mapped blocks, pooled buffers).
         */
        private static List<StoreChunk> ownCopies(List<StoreChunk> chunks) {
            long total = 0;
            for (StoreChunk c : chunks) {
                total += c.data().byteSize();
            }
            MemorySegment copy = MemorySegment.ofArray(new byte[Math.toIntExact(total)]);
            List<StoreChunk> out = new ArrayList<>(chunks.size());
            long offset = 0;
            for (StoreChunk c : chunks) {
                long n = c.data().byteSize();
                MemorySegment.copy(c.data(), 0, copy, offset, n);
                out.add(new StoreChunk(c.minTime(), c.maxTime(), c.encoding(), copy.asSlice(offset, n)));
                offset += n;
            }
            return out;
        }

        /** About the encoded size of the labels (UTF-16 lengths, a few bytes of tags per label): a soft limit. */
        private static long labelBytes(Labels labels) {
            long n = 0;
            for (int i = 0; i < labels.size(); i++) {
                n += labels.name(i).length() + labels.value(i).length() + 6;
            }
            return n;
        }

        @Override
        public void onWarning(String warning) {
            flush();
            send(SeriesResponse.newBuilder().setWarning(warning).build());
        }

        private void sendSeries(Series frame, long bytes) {
            if (batchSize <= 1) {
                send(SeriesResponse.newBuilder().setSeries(frame).build());
                return;
            }
            if (batch != null && batchBytes + bytes > MAX_BYTES_PER_FRAME) {
                flush();
            }
            if (batch == null) {
                batch = SeriesBatch.newBuilder();
            }
            batch.addSeries(frame);
            batchBytes += bytes;
            if (batch.getSeriesCount() >= batchSize) {
                flush();
            }
        }

        /** Sends the series batched so far, if any. */
        void flush() {
            if (batch != null) {
                SeriesBatch b = batch.build();
                batch = null;
                batchBytes = 0;
                send(SeriesResponse.newBuilder().setBatch(b).build());
            }
        }

        private void send(SeriesResponse r) {
            readiness.await();
            call.onNext(r);
        }
    }
}
