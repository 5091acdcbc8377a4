package io.jthanos.cmd.query;

import io.jthanos.cmd.http.ClientConnection;
import io.jthanos.cmd.http.HttpHandler;
import io.jthanos.cmd.http.HttpRequest;
import io.jthanos.cmd.http.HttpResponse;
import io.jthanos.query.api.ApiRequest;
import io.jthanos.query.api.ApiResponse;
import io.jthanos.query.api.PrometheusApi;
import java.util.HashMap;
import java.util.Map;

/**
 * Serves the Prometheus HTTP API under {@code <routePrefix>/api/v1/}: hands each request to
 * {@link PrometheusApi} and cancels its query when the client goes away. Register it for every method
 * with {@link io.jthanos.cmd.http.HttpRouter#prefix}.
 */
public final class PrometheusApiHandler implements HttpHandler {
  private final PrometheusApi api;
  private final String apiPrefix;

  /**
   * @param api the API
   * @param routePrefix the {@code --web.route-prefix}, empty for none
   */
  public PrometheusApiHandler(PrometheusApi api, String routePrefix) {
    this.api = api;
    this.apiPrefix = routePrefix + "/api/v1";
  }

  /** The router prefix to register this handler under. */
  public String routerPrefix() {
    return apiPrefix + "/";
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    // A client that goes away cancels its query: the interrupt reaches the select waits, which cancel
    // their fan-out and with it the StoreAPI streams (Thanos: the request context is cancelled).
    Thread worker = Thread.currentThread();
    try (ClientConnection.Registration r = ClientConnection.current().onClose(worker::interrupt)) {
      return toHttp(api.handle(request.path().substring(apiPrefix.length()), toApi(request)));
    }
  }

  static ApiRequest toApi(HttpRequest r) {
    Map<String, String> headers = new HashMap<>();
    r.headers().forEach((k, v) -> {
      if (!v.isEmpty()) {
        headers.put(k, v.getFirst());
      }
    });
    return ApiRequest.of(r.method(), r.query(), headers, r.header("content-type"), r.body());
  }

  static HttpResponse toHttp(ApiResponse r) {
    return new HttpResponse(r.status(), r.contentType(), r.body(), r.headers());
  }
}
