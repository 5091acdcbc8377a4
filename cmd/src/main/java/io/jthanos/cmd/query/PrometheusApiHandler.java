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
 * with {@link io.jthanos.cmd.http.HttpRouter#prefix}, {@code OPTIONS} included.
 *
 * <p>As Thanos's API, every answer carries its CORS headers unless {@code --web.disable-cors} ({@code *} for any
 * origin, {@code GET} and {@code OPTIONS}), and a preflight {@code OPTIONS} request gets 204.
 */
public final class PrometheusApiHandler implements HttpHandler {
  /** Thanos's {@code corsHeaders}. */
  static final Map<String, String> CORS = Map.of(
      "Access-Control-Allow-Headers", "Accept, Accept-Encoding, Authorization, Content-Type, Origin",
      "Access-Control-Allow-Methods", "GET, OPTIONS",
      "Access-Control-Allow-Origin", "*",
      "Access-Control-Expose-Headers", "Date");

  private final PrometheusApi api;
  private final String apiPrefix;
  private final boolean cors;

  /**
   * @param api the API
   * @param routePrefix the {@code --web.route-prefix}, empty for none
   * @param cors whether answers carry CORS headers (not {@code --web.disable-cors})
   */
  public PrometheusApiHandler(PrometheusApi api, String routePrefix, boolean cors) {
    this.api = api;
    this.apiPrefix = routePrefix + "/api/v1";
    this.cors = cors;
  }

  /** With CORS headers. */
  public PrometheusApiHandler(PrometheusApi api, String routePrefix) {
    this(api, routePrefix, true);
  }

  /** The router prefix to register this handler under. */
  public String routerPrefix() {
    return apiPrefix + "/";
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    if (request.method().equals("OPTIONS")) {
      return new HttpResponse(204, HttpResponse.TEXT_PLAIN, new byte[0], cors ? CORS : Map.of());
    }
    // A client that goes away cancels its query: the interrupt reaches the select waits, which cancel
    // their fan-out and with it the StoreAPI streams (Thanos: the request context is cancelled).
    Thread worker = Thread.currentThread();
    try (ClientConnection.Registration r = ClientConnection.current().onClose(worker::interrupt)) {
      HttpResponse response = toHttp(api.handle(request.path().substring(apiPrefix.length()), toApi(request)));
      if (!cors) {
        return response;
      }
      Map<String, String> headers = new HashMap<>(response.headers());
      headers.putAll(CORS);
      return new HttpResponse(response.status(), response.contentType(), response.bodyBuffer(), response.bodyLength(),
          headers);
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
    return new HttpResponse(r.status(), r.contentType(), r.bodyBuffer(), r.bodyLength(), r.headers());
  }
}
