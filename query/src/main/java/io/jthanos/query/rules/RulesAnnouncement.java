package io.jthanos.query.rules;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.jthanos.proto.infopb.InfoGrpc;
import io.jthanos.proto.infopb.InfoResponse;

/**
 * Whether an endpoint announced the Rules API: installed on the endpoint's channel, it reads the {@code rules}
 * field of every {@code thanos.info.Info} response that passes, so the endpoint set's one Info call per
 * refresh serves the StoreAPI and the Rules API alike.
 */
public final class RulesAnnouncement implements ClientInterceptor {
    private static final String INFO_METHOD = InfoGrpc.getInfoMethod().getFullMethodName();

    private volatile boolean announced;

    /** Whether the last Info response seen had a {@code rules} field. */
    public boolean announced() {
        return announced;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        ClientCall<Q, R> call = next.newCall(method, options);
        if (!method.getFullMethodName().equals(INFO_METHOD)) {
            return call;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onMessage(R message) {
                        if (message instanceof InfoResponse info) {
                            announced = info.hasRules();
                        }
                        super.onMessage(message);
                    }
                }, headers);
            }
        };
    }
}
