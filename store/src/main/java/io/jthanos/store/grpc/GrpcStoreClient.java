package io.jthanos.store.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
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
import io.jthanos.store.CursorStoreApi;
import io.jthanos.store.LabelNamesRequest;
import io.jthanos.store.LabelValuesRequest;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesCursor;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreInfo;
import io.jthanos.store.StoreSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * A {@link StoreApi} backed by a remote {@code thanos.Store} and {@code thanos.info.Info} over gRPC.
 *
 * <p>Series are read through a {@link SeriesCursor} ({@link #openSeries}; {@link #series} pushes what it
 * reads to the observer): gRPC flow control holds the server back while the reader is busy. It asks for
 * series in batches of {@link #RESPONSE_BATCH_SIZE} and reads both batched and single-series responses.
 * Frames of one series split by the server are joined again; chunk bytes are views into the received
 * messages, which are read without protobuf's copies ({@link SeriesResponseDecoder}).
 */
public final class GrpcStoreClient implements CursorStoreApi {
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
        try (SeriesCursor cursor = openSeries(request)) {
            StoreSeries s;
            while ((s = cursor.next(observer::onWarning, 0)) != null) {
                observer.onSeries(s);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Code.CANCELLED, "interrupted while reading series from " + target, e);
        } catch (TimeoutException e) {
            throw new AssertionError("no timeout was set", e);
        }
    }

    @Override
    public SeriesCursor openSeries(SeriesRequest request) {
        io.jthanos.proto.storepb.SeriesRequest proto = StoreProtos.toProto(request).toBuilder()
                .setResponseBatchSize(RESPONSE_BATCH_SIZE).build();
        ClientCall<io.jthanos.proto.storepb.SeriesRequest, SeriesResponseDecoder.Decoded> call =
                channel.newCall(SERIES, CallOptions.DEFAULT);
        GrpcSeriesCursor cursor = new GrpcSeriesCursor(call, target);
        try {
            call.start(cursor.listener(), new Metadata());
            call.sendMessage(proto);
            call.halfClose();
            call.request(GrpcSeriesCursor.PREFETCH);
        } catch (RuntimeException e) {
            call.cancel("starting the series call failed", e);
            throw e;
        }
        return cursor;
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
