package io.jthanos.receive.replication;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.proto.storepb.WriteRequest;
import io.jthanos.proto.storepb.WriteResponse;
import io.jthanos.proto.storepb.WriteableStoreGrpc;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code thanos.WriteableStore/RemoteWrite}: writes forwarded by other receivers, with the request's
 * tenant and replica number. Errors map to gRPC codes as in Thanos: not ready / unavailable →
 * {@code UNAVAILABLE}, conflict → {@code ALREADY_EXISTS}, bad replica or invalid data →
 * {@code INVALID_ARGUMENT}, the rest → {@code INTERNAL}.
 */
public final class WriteableStoreService extends WriteableStoreGrpc.WriteableStoreImplBase {
    private final WriteRouter router;

    public WriteableStoreService(WriteRouter router) {
        this.router = router;
    }

    @Override
    public void remoteWrite(WriteRequest request, StreamObserver<WriteResponse> responses) {
        List<TimeSeries> series = new ArrayList<>(request.getTimeseriesCount());
        try {
            for (io.jthanos.proto.storepb.prompb.TimeSeries ts : request.getTimeseriesList()) {
                series.add(WireConversions.fromCopy(ts));
            }
        } catch (InvalidProtocolBufferException e) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        RouteResult result = router.write(request.getTenant(), request.getReplica(), series);
        if (result.ok()) {
            responses.onNext(WriteResponse.getDefaultInstance());
            responses.onCompleted();
            return;
        }
        Status status = switch (result.cause()) {
            case UNAVAILABLE, NOT_READY -> Status.UNAVAILABLE;
            case CONFLICT -> Status.ALREADY_EXISTS;
            case INVALID -> Status.INVALID_ARGUMENT;
            case INTERNAL -> Status.INTERNAL;
        };
        responses.onError(status.withDescription(result.message()).asRuntimeException());
    }
}
