package io.jthanos.store.grpc;

import io.grpc.stub.StreamObserver;
import io.jthanos.model.Labels;
import io.jthanos.proto.infopb.InfoGrpc;
import io.jthanos.proto.infopb.InfoRequest;
import io.jthanos.proto.infopb.InfoResponse;
import io.jthanos.proto.infopb.StoreInfo;
import io.jthanos.proto.labelpb.ZLabelSet;
import io.jthanos.store.StoreApi;
import java.util.Objects;

/** Serves {@code thanos.info.Info} for a {@link StoreApi}: its label sets, time range and component type. */
public final class InfoGrpcService extends InfoGrpc.InfoImplBase {
    private final StoreApi store;

    public InfoGrpcService(StoreApi store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> responses) {
        try {
            responses.onNext(toProto(store.info()));
            responses.onCompleted();
        } catch (Throwable t) {
            responses.onError(StoreProtos.toStatus(t));
        }
    }

    static InfoResponse toProto(io.jthanos.store.StoreInfo info) {
        InfoResponse.Builder b = InfoResponse.newBuilder().setComponentType(info.componentType().wireName());
        for (Labels set : info.labelSets()) {
            b.addLabelSets(ZLabelSet.newBuilder().addAllLabels(StoreProtos.labels(set)));
        }
        b.setStore(StoreInfo.newBuilder().setMinTime(info.minTime()).setMaxTime(info.maxTime())
                .setSupportsWithoutReplicaLabels(info.supportsWithoutReplicaLabels()));
        return b.build();
    }
}
