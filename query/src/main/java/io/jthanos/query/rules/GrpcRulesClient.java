package io.jthanos.query.rules;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.jthanos.proto.rulespb.RuleGroup;
import io.jthanos.proto.rulespb.RulesGrpc;
import io.jthanos.proto.rulespb.RulesRequest;
import io.jthanos.proto.rulespb.RulesResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A remote {@code thanos.Rules} over gRPC; reads the whole stream of groups and warnings. */
public final class GrpcRulesClient implements RulesSource {
    private final Channel channel;
    private final String target;
    private final Duration timeout;

    /**
     * @param channel the connection
     * @param target the endpoint's address, for error messages
     * @param timeout deadline of one call
     */
    public GrpcRulesClient(Channel channel, String target, Duration timeout) {
        this.channel = channel;
        this.target = target;
        this.timeout = timeout;
    }

    @Override
    public RulesResult rules(RulesRequest request) {
        List<RuleGroup> groups = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try {
            Iterator<RulesResponse> stream = RulesGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).rules(request);
            while (stream.hasNext()) {
                RulesResponse r = stream.next();
                switch (r.getResultCase()) {
                    case GROUP -> groups.add(r.getGroup());
                    case WARNING -> warnings.add(r.getWarning());
                    case RESULT_NOT_SET -> throw new RulesException("rules from " + target + ": response without group or warning", null);
                }
            }
        } catch (StatusRuntimeException e) {
            throw new RulesException("fetching rules from rules client " + target + ": " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()), e);
        }
        return new RulesResult(groups, warnings);
    }

    @Override
    public String toString() {
        return target;
    }
}
