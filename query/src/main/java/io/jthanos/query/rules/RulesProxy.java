package io.jthanos.query.rules;

import io.jthanos.proto.rulespb.RulesRequest;
import io.jthanos.proto.storepb.PartialResponseStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The querier's Rules API: asks every endpoint that announced one, concurrently, and returns all their groups
 * as they came (after Thanos's {@code pkg/rules/proxy.go}; merging and replica dedup are {@link RulesDedup}'s).
 * A failing endpoint aborts the call under partial response ABORT and becomes a warning under WARN.
 */
public final class RulesProxy implements RulesSource {
    private final Supplier<List<RulesEndpoint>> endpoints;

    public RulesProxy(Supplier<List<RulesEndpoint>> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public RulesResult rules(RulesRequest request) {
        List<RulesEndpoint> targets = endpoints.get();
        List<Future<RulesResult>> answers = new ArrayList<>(targets.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (RulesEndpoint e : targets) {
                answers.add(executor.submit(() -> e.source().rules(request)));
            }
            List<io.jthanos.proto.rulespb.RuleGroup> groups = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                try {
                    RulesResult r = answers.get(i).get();
                    groups.addAll(r.groups());
                    warnings.addAll(r.warnings());
                } catch (ExecutionException e) {
                    String message = e.getCause() instanceof RulesException ? e.getCause().getMessage()
                            : "fetching rules from rules client " + targets.get(i).name() + ": " + e.getCause();
                    if (request.getPartialResponseStrategy() == PartialResponseStrategy.ABORT) {
                        throw new RulesException(message, e.getCause());
                    }
                    warnings.add(message);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RulesException("fetching rules: interrupted", e);
                }
            }
            return new RulesResult(groups, warnings);
        }
    }
}
