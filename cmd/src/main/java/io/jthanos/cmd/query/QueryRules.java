package io.jthanos.cmd.query;

import io.jthanos.cmd.http.HttpResponse;
import io.jthanos.cmd.runtime.ComponentContext;
import io.jthanos.query.endpoint.EndpointSet;
import io.jthanos.query.rules.RulesGrpcService;
import io.jthanos.query.rules.RulesHttpApi;
import io.jthanos.query.rules.RulesProxy;

/**
 * The querier's Rules API, as Thanos's: {@code thanos.Rules} fanned out to the endpoints that announced it,
 * served over gRPC and as {@code /api/v1/rules} and {@code /api/v1/alerts}, merged and deduplicated by
 * {@code --query.replica-label}.
 */
final class QueryRules {
    private QueryRules() {}

    static void install(ComponentContext ctx, QuerySettings s, EndpointSet endpoints) {
        RulesProxy proxy = new RulesProxy(endpoints::rulesEndpoints);
        if (ctx.grpc() != null) {
            ctx.grpc().addService(new RulesGrpcService(proxy));
        }
        // Partial response as Thanos's hidden --rule.partial-response at its default (true), independent of queries'.
        RulesHttpApi api = new RulesHttpApi(proxy, proxy, s.defaults().replicaLabels(), true);
        ctx.router().get(s.routePrefix() + "/api/v1/rules", r -> json(api.rules(r.query())));
        ctx.router().get(s.routePrefix() + "/api/v1/alerts", r -> json(api.alerts()));
    }

    private static HttpResponse json(RulesHttpApi.Response r) {
        return HttpResponse.of(r.status(), "application/json", r.body());
    }
}
