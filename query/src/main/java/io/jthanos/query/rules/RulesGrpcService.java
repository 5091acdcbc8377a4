package io.jthanos.query.rules;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jthanos.proto.rulespb.RuleGroup;
import io.jthanos.proto.rulespb.RulesGrpc;
import io.jthanos.proto.rulespb.RulesRequest;
import io.jthanos.proto.rulespb.RulesResponse;
import java.util.Objects;

/** Serves a {@link RulesSource} as {@code thanos.Rules}: its warnings, then one message per rule group. */
public final class RulesGrpcService extends RulesGrpc.RulesImplBase {
    private final RulesSource source;

    public RulesGrpcService(RulesSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public void rules(RulesRequest request, StreamObserver<RulesResponse> responses) {
        RulesResult result;
        try {
            result = source.rules(request);
        } catch (RuntimeException e) {
            responses.onError(Status.UNKNOWN.withDescription(e.getMessage()).withCause(e).asRuntimeException());
            return;
        }
        for (String warning : result.warnings()) {
            responses.onNext(RulesResponse.newBuilder().setWarning(warning).build());
        }
        for (RuleGroup group : result.groups()) {
            responses.onNext(RulesResponse.newBuilder().setGroup(group).build());
        }
        responses.onCompleted();
    }
}
