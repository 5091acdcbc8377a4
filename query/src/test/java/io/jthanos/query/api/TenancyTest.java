package io.jthanos.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.promql.parser.ParserOptions;
import io.jthanos.query.QueryOptions;
import io.jthanos.query.StoreQueryable;
import io.jthanos.query.XorChunkDecoder;
import io.jthanos.store.ComponentType;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.proxy.ProxyStore;
import io.jthanos.store.proxy.StoreClient;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --query.enforce-tenancy}: the tenant's matcher on every selector and match[], as Thanos injects it. */
class TenancyTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final Tenancy ENFORCED = new Tenancy(true, "THANOS-TENANT", "default-tenant", "tenant_id");

    private static ApiRequest request(String tenant) {
        return new ApiRequest("GET", Map.of(), tenant == null ? Map.of() : Map.of("thanos-tenant", tenant));
    }

    @Test
    void everySelectorGetsTheTenantsMatcherInPlaceOfItsOwn() {
        ApiRequest a = request("team-a");
        assertThat(ENFORCED.enforceQuery(a, "up", ParserOptions.DEFAULT)).isEqualTo("up{tenant_id=\"team-a\"}");
        assertThat(ENFORCED.enforceQuery(a, "sum by (job) (rate(http_requests_total{tenant_id=~\"team-.*\",code=\"500\"}[5m]))"
                + " / on (job) group_left max_over_time(up[10m:1m] offset 1m)", ParserOptions.DEFAULT))
                .isEqualTo("sum by (job) (rate(http_requests_total{code=\"500\",tenant_id=\"team-a\"}[5m])) / on (job) "
                        + "group_left () max_over_time(up{tenant_id=\"team-a\"}[10m:1m] offset 1m)");
        // without the header, the default tenant
        assertThat(ENFORCED.enforceQuery(request(null), "up", ParserOptions.DEFAULT)).isEqualTo("up{tenant_id=\"default-tenant\"}");
        // not enforced, or not a query: as given
        assertThat(Tenancy.DEFAULT.enforceQuery(a, "up", ParserOptions.DEFAULT)).isEqualTo("up");
        assertThat(ENFORCED.enforceQuery(a, "sum(", ParserOptions.DEFAULT)).isEqualTo("sum(");
        assertThat(ENFORCED.enforceQuery(a, "1 + 1", ParserOptions.DEFAULT)).isEqualTo("1 + 1");
    }

    @Test
    void matchSetsGetTheTenantsMatcherAndNoneBecomesItAlone() {
        ApiRequest a = request("team-a");
        Matcher tenant = Matcher.equal("tenant_id", "team-a");
        assertThat(ENFORCED.enforceMatchers(a, List.of())).containsExactly(List.of(tenant));
        assertThat(ENFORCED.enforceMatchers(a, List.of(List.of(Matcher.equal("__name__", "up"), Matcher.equal("tenant_id", "b")))))
                .containsExactly(List.of(Matcher.equal("__name__", "up"), tenant));
        assertThat(Tenancy.DEFAULT.enforceMatchers(a, List.of())).isEmpty();
    }

    @Test
    void theApiAnswersWithTheTenantsSeriesOnly() {
        InMemoryChunkQueryable data = new InMemoryChunkQueryable()
                .add(Labels.of("__name__", "up", "job", "api", "tenant_id", "team-a"), new long[] {T0}, new double[] {1}, 120)
                .add(Labels.of("__name__", "up", "job", "api", "tenant_id", "team-b"), new long[] {T0}, new double[] {2}, 120);
        TsdbStore store = new TsdbStore(data, Labels.empty(), ComponentType.STORE, () -> T0, () -> T0 + 1);
        List<StoreClient> clients = List.of(new StoreClient("s", store, store.info()));
        ProxyStore proxy = new ProxyStore(() -> clients, Labels.empty(), ComponentType.QUERY, Duration.ZERO);
        PrometheusApi api = new PrometheusApi(new ApiSettings(o -> new StoreQueryable(proxy, XorChunkDecoder.INSTANCE, o),
                EngineOptions.DEFAULT, QueryOptions.defaults(List.of()), false, Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC),
                ENFORCED), new StatusInfo("0", "", "", "", "", "25", Map.of(), Instant.EPOCH), List::of, 2, new SimpleMeterRegistry());

        String teamB = body(api, "/query", "team-b", "query", "sum(up{tenant_id=\"team-a\"})");
        assertThat(teamB).contains("\"value\":[1700000000,\"2\"]").doesNotContain("\"1\"");
        assertThat(body(api, "/series", "team-a", "match[]", "up")).contains("team-a").doesNotContain("team-b");
        assertThat(body(api, "/label/tenant_id/values", "team-b")).isEqualTo("{\"status\":\"success\",\"data\":[\"team-b\"]}");
        assertThat(body(api, "/query_range", "nobody", "query", "up", "start", "1700000000", "end", "1700000060", "step", "60"))
                .contains("\"result\":[]");
    }

    private static String body(PrometheusApi api, String path, String tenant, String... kv) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            params.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return new String(api.handle(path, new ApiRequest("GET", params, Map.of("thanos-tenant", tenant))).body(),
                StandardCharsets.UTF_8);
    }
}
