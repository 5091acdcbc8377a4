package io.jthanos.query.rules;

import io.grpc.stub.StreamObserver;
import io.jthanos.proto.infopb.InfoGrpc;
import io.jthanos.proto.infopb.InfoRequest;
import io.jthanos.proto.infopb.InfoResponse;
import io.jthanos.proto.infopb.RulesInfo;
import io.jthanos.store.StoreApi;
import io.jthanos.store.grpc.InfoGrpcService;

/**
 * {@code thanos.info.Info} of a component that serves the Rules API beside its StoreAPI (ruler, querier): the
 * StoreAPI's Info with a {@code rules} field, which queriers take as the announcement of {@code thanos.Rules}.
 */
public final class InfoWithRules extends InfoGrpc.InfoImplBase {
    private final InfoGrpc.InfoImplBase store;

    public InfoWithRules(StoreApi store) {
        this.store = new InfoGrpcService(store);
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> responses) {
        store.info(request, new StreamObserver<>() {
            @Override
            public void onNext(InfoResponse value) {
                responses.onNext(value.toBuilder().setRules(RulesInfo.getDefaultInstance()).build());
            }

            @Override
            public void onError(Throwable t) {
                responses.onError(t);
            }

            @Override
            public void onCompleted() {
                responses.onCompleted();
            }
        });
    }
}
