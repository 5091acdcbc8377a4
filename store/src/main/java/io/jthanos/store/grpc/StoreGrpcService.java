package io.jthanos.store.grpc;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.jthanos.proto.storepb.LabelNamesResponse;
import io.jthanos.proto.storepb.LabelValuesResponse;
import io.jthanos.proto.storepb.StoreGrpc;
import io.jthanos.storage.Annotation;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreSeries;
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
 * {@link #MAX_BYTES_PER_FRAME} is split over several frames with the same labels, as Thanos does. A request
 * with {@code response_batch_size} above 1 gets its series in {@code SeriesBatch} responses (Thanos v0.41);
 * peers that do not ask get one series per response. Responses are written without protobuf builders
 * ({@link SeriesResponseEncoder}); chunk bytes are copied once, into the response, while the store's chunk
 * data is valid.
 */
public final class StoreGrpcService implements StoreGrpc.AsyncService, BindableService {
    /** Thanos's {@code RemoteReadFrameLimit}: the soft limit of one frame's size. */
    public static final int MAX_BYTES_PER_FRAME = 1 << 20;
    /** The most series put in one {@code SeriesBatch}, whatever the request asks for. */
    static final int MAX_SERIES_PER_BATCH = 1024;

    private final StoreApi store;

    public StoreGrpcService(StoreApi store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * {@code thanos.Store/Series} with responses written by {@link SeriesResponseEncoder}: the same bytes as
     * the generated {@code SeriesResponse} messages, without building them.
     */
    private static final MethodDescriptor<io.jthanos.proto.storepb.SeriesRequest, EncodedSeriesResponse> SERIES =
            StoreGrpc.getSeriesMethod().toBuilder(StoreGrpc.getSeriesMethod().getRequestMarshaller(),
                    EncodedSeriesResponse.MARSHALLER).build();

    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition generated = StoreGrpc.bindService(this);
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(StoreGrpc.SERVICE_NAME)
                .setSchemaDescriptor(StoreGrpc.getServiceDescriptor().getSchemaDescriptor())
                .addMethod(SERIES);
        List<ServerMethodDefinition<?, ?>> others = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> m : generated.getMethods()) {
            if (!m.getMethodDescriptor().getFullMethodName().equals(SERIES.getFullMethodName())) {
                descriptor.addMethod(m.getMethodDescriptor());
                others.add(m);
            }
        }
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(descriptor.build())
                .addMethod(SERIES, ServerCalls.asyncServerStreamingCall(this::streamSeries));
        others.forEach(b::addMethod);
        return b.build();
    }

    private void streamSeries(io.jthanos.proto.storepb.SeriesRequest request,
            StreamObserver<EncodedSeriesResponse> responses) {
        ServerCallStreamObserver<EncodedSeriesResponse> call = (ServerCallStreamObserver<EncodedSeriesResponse>) responses;
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
        private final ServerCallStreamObserver<EncodedSeriesResponse> call;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition ready = lock.newCondition();
        volatile boolean cancelled;

        Readiness(ServerCallStreamObserver<EncodedSeriesResponse> call) {
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
     * Turns series into frames of at most about {@link #MAX_BYTES_PER_FRAME} bytes, encoded straight into the
     * response bytes ({@link SeriesResponseEncoder}). When the request asks for {@code response_batch_size}
     * above 1, frames go out in {@code SeriesBatch} responses of up to that many series (Thanos's
     * {@code batchableServer}), and also before a batch would exceed {@link #MAX_BYTES_PER_FRAME}; a warning
     * first sends the series batched before it.
     */
    private static final class FrameWriter implements SeriesObserver {
        private final ServerCallStreamObserver<EncodedSeriesResponse> call;
        private final Readiness readiness;
        private final int batchSize;
        private final SeriesResponseEncoder encoder = new SeriesResponseEncoder();

        FrameWriter(ServerCallStreamObserver<EncodedSeriesResponse> call, Readiness readiness, long batchSize) {
            this.call = call;
            this.readiness = readiness;
            this.batchSize = (int) Math.min(Math.max(batchSize, 1), MAX_SERIES_PER_BATCH);
        }

        @Override
        public void onSeries(StoreSeries series) {
            SeriesResponseEncoder.EncodedLabels labels = new SeriesResponseEncoder.EncodedLabels(series.labels());
            List<StoreChunk> chunks = series.chunks();
            long left = MAX_BYTES_PER_FRAME - labels.size;
            int from = 0;
            for (int i = 0; i < chunks.size(); i++) {
                left -= chunks.get(i).data().byteSize() + 32;
                if (left <= 0 && i < chunks.size() - 1) {
                    sendSeries(labels, chunks, from, i + 1, MAX_BYTES_PER_FRAME - left);
                    from = i + 1;
                    left = MAX_BYTES_PER_FRAME - labels.size;
                }
            }
            sendSeries(labels, chunks, from, chunks.size(), MAX_BYTES_PER_FRAME - left);
        }

        @Override
        public void onWarning(String warning) {
            flush();
            send(SeriesResponseEncoder.warning(warning));
        }

        private void sendSeries(SeriesResponseEncoder.EncodedLabels labels, List<StoreChunk> chunks, int from, int to,
                long bytes) {
            if (batchSize <= 1) {
                encoder.add(labels, chunks, from, to);
                send(encoder.finishSingle());
                return;
            }
            if (encoder.pendingSeries() > 0 && encoder.pendingBytes() + bytes > MAX_BYTES_PER_FRAME) {
                flush();
            }
            // The chunk bytes are copied into the pending response here, while they are valid.
            encoder.add(labels, chunks, from, to);
            if (encoder.pendingSeries() >= batchSize) {
                flush();
            }
        }

        /** Sends the series batched so far, if any. */
        void flush() {
            if (encoder.pendingSeries() > 0) {
                send(encoder.finishBatch());
            }
        }

        private void send(EncodedSeriesResponse r) {
            readiness.await();
            call.onNext(r);
        }
    }
}
