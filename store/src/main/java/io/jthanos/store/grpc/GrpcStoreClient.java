package io.jthanos.store.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.jthanos.model.Labels;
import io.jthanos.proto.infopb.InfoGrpc;
import io.jthanos.proto.infopb.InfoRequest;
import io.jthanos.proto.infopb.InfoResponse;
import io.jthanos.proto.labelpb.ZLabelSet;
import io.jthanos.proto.storepb.LabelNamesResponse;
import io.jthanos.proto.storepb.LabelValuesResponse;
import io.jthanos.proto.storepb.StoreGrpc;
import io.jthanos.storage.Annotation;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A {@link StoreApi} backed by a remote {@code thanos.Store} and {@code thanos.info.Info} over gRPC.
 *
 * <p>{@link #series} reads the response stream one message at a time, so gRPC flow control holds the
 * server back while the observer is busy. It asks for series in batches of {@link #RESPONSE_BATCH_SIZE}
 * and reads both batched and single-series responses. Frames of one series split by the server are joined
 * again; chunk bytes are views into the received messages, which are read
 * without protobuf's copies ({@link SeriesResponseDecoder}).
 */
public final class GrpcStoreClient implements StoreApi {
    /**
     * The {@code response_batch_size} asked of every store, as Thanos's querier does
     * ({@code DefaultResponseBatchSize}); stores that predate batching ignore it and send one series per response.
     */
    public static final int RESPONSE_BATCH_SIZE = 64;
    /** {@code thanos.Store/Series} with responses read by {@link SeriesResponseDecoder}, not protobuf messages. */
    private static final MethodDescriptor<io.jthanos.proto.storepb.SeriesRequest, SeriesResponseDecoder.Decoded> SERIES =
            StoreGrpc.getSeriesMethod().toBuilder(StoreGrpc.getSeriesMethod().getRequestMarshaller(),
                    SeriesResponseDecoder.MARSHALLER).build();

    private final Channel channel;
    private final String target;

    /**
     * @param channel the connection
     * @param target a name for error messages, usually the address
     */
    public GrpcStoreClient(Channel channel, String target) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.target = Objects.requireNonNull(target, "target");
    }

    @Override
    public String toString() {
        return target;
    }

    @Override
    public StoreInfo info() {
        try {
            return fromProto(InfoGrpc.newBlockingStub(channel).info(InfoRequest.getDefaultInstance()));
        } catch (StatusRuntimeException e) {
            throw StoreProtos.fromStatus(e, target);
        }
    }

    static StoreInfo fromProto(InfoResponse r) {
        List<Labels> sets = new ArrayList<>(r.getLabelSetsCount());
        for (ZLabelSet s : r.getLabelSetsList()) {
            sets.add(StoreProtos.labels(s.getLabelsList()));
        }
        long min = r.hasStore() ? r.getStore().getMinTime() : Long.MIN_VALUE;
        long max = r.hasStore() ? r.getStore().getMaxTime() : Long.MAX_VALUE;
        boolean withoutReplicaLabels = r.hasStore() && r.getStore().getSupportsWithoutReplicaLabels();
        return new StoreInfo(sets, min, max, ComponentType.fromWireName(r.getComponentType()), withoutReplicaLabels);
    }

    @Override
    public void series(SeriesRequest request, SeriesObserver observer) {
        io.jthanos.proto.storepb.SeriesRequest proto = StoreProtos.toProto(request).toBuilder()
                .setResponseBatchSize(RESPONSE_BATCH_SIZE).build();
        Context.CancellableContext ctx = Context.current().withCancellation();
        try {
            ctx.run(() -> stream(proto, observer));
        } catch (StatusRuntimeException e) {
            throw StoreProtos.fromStatus(e, target);
        } finally {
            ctx.cancel(null);
        }
    }

    private void stream(io.jthanos.proto.storepb.SeriesRequest proto, SeriesObserver observer) {
        Iterator<SeriesResponseDecoder.Decoded> it =
                ClientCalls.blockingServerStreamingCall(channel, SERIES, CallOptions.DEFAULT, proto);
        Joiner joiner = new Joiner(observer);
        while (it.hasNext()) {
            SeriesResponseDecoder.Decoded r = it.next();
            for (StoreSeries s : r.series()) {
                joiner.add(s);
            }
            if (r.warning() != null) {
                observer.onWarning(r.warning());
            }
        }
        joiner.flush();
    }

    /** Joins consecutive frames with equal labels into one series. */
    private static final class Joiner {
        private final SeriesObserver observer;
        /** The series held back until a frame with other labels (or the end) shows it is complete. */
        private StoreSeries pending;
        private List<StoreChunk> joined;

        Joiner(SeriesObserver observer) {
            this.observer = observer;
        }

        void add(StoreSeries frame) {
            if (pending != null && pending.labels().equals(frame.labels())) {
                if (joined == null) {
                    joined = new ArrayList<>(pending.chunks());
                }
                joined.addAll(frame.chunks());
                return;
            }
            flush();
            pending = frame;
        }

        void flush() {
            if (pending != null) {
                observer.onSeries(joined == null ? pending : new StoreSeries(pending.labels(), joined));
                pending = null;
                joined = null;
            }
        }
    }

    @Override
    public LabelQueryResult labelNames(LabelNamesRequest request) {
        try {
            LabelNamesResponse r = StoreGrpc.newBlockingStub(channel).labelNames(StoreProtos.toProto(request));
            return new LabelQueryResult(r.getNamesList(), warnings(r.getWarningsList()));
        } catch (StatusRuntimeException e) {
            throw StoreProtos.fromStatus(e, target);
        }
    }

    @Override
    public LabelQueryResult labelValues(LabelValuesRequest request) {
        try {
            LabelValuesResponse r = StoreGrpc.newBlockingStub(channel).labelValues(StoreProtos.toProto(request));
            return new LabelQueryResult(r.getValuesList(), warnings(r.getWarningsList()));
        } catch (StatusRuntimeException e) {
            throw StoreProtos.fromStatus(e, target);
        }
    }

    private static Annotations warnings(List<String> ws) {
        Annotations a = Annotations.EMPTY;
        for (String w : ws) {
            a = a.with(Annotation.warning(w));
        }
        return a;
    }
}
