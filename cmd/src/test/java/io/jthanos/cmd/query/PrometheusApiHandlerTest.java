package io.jthanos.cmd.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.cmd.http.HttpRequest;
import io.jthanos.cmd.http.HttpResponse;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.query.QueryOptions;
import io.jthanos.query.api.ApiSettings;
import io.jthanos.query.api.PrometheusApi;
import io.jthanos.query.api.StatusInfo;
import io.jthanos.storage.Queryable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API's CORS headers and preflight answer, as Thanos's. */
class PrometheusApiHandlerTest {

  private static PrometheusApiHandler handler(boolean cors) {
    Queryable nothing = (mint, maxt) -> {
      throw new AssertionError("a number needs no storage");
    };
    PrometheusApi api = new PrometheusApi(new ApiSettings(o -> nothing, EngineOptions.DEFAULT, QueryOptions.defaults(List.of()),
        false, Clock.systemUTC()), new StatusInfo("0", "", "", "", "", "25", Map.of(), Instant.EPOCH), List::of, 2,
        new SimpleMeterRegistry());
    return new PrometheusApiHandler(api, "/prefix", cors);
  }

  private static HttpRequest request(String method) {
    return new HttpRequest(method, "/prefix/api/v1/query", Map.of("query", List.of("1"), "time", List.of("100")), Map.of(),
        new byte[0]);
  }

  @Test
  void answersCarryThanosCorsHeadersAndAPreflightGets204() throws Exception {
    HttpResponse get = handler(true).handle(request("GET"));
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.bodyAsText()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[100,\"1\"]}}");
    assertThat(get.headers()).containsAllEntriesOf(PrometheusApiHandler.CORS)
        .containsEntry("Access-Control-Allow-Origin", "*");
    HttpResponse options = handler(true).handle(request("OPTIONS"));
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.headers()).isEqualTo(PrometheusApiHandler.CORS);
  }

  @Test
  void webDisableCorsLeavesThemOut() throws Exception {
    assertThat(handler(false).handle(request("GET")).headers()).doesNotContainKey("Access-Control-Allow-Origin");
    assertThat(handler(false).handle(request("OPTIONS")).headers()).isEmpty();
  }
}
