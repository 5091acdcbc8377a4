package io.jthanos.query.rules;

import io.jthanos.proto.rulespb.RulesRequest;

/**
 * A Thanos Rules API ({@code thanos.Rules/Rules}) in unary form: a ruler's own rules, a remote endpoint over
 * gRPC, or the querier's fan-out over several of them.
 */
@FunctionalInterface
public interface RulesSource {
    /**
     * The rule groups selected by {@code request}'s type and filters.
     *
     * @throws RulesException when the rules cannot be fetched (or, under partial response ABORT, when one of
     *     several sources failed)
     */
    RulesResult rules(RulesRequest request);
}
