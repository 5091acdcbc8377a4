package io.jthanos.cmd.http;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps (method, path) to handlers. Paths match exactly; a route registered with
 * {@link #prefix} matches every path under it, the longest prefix winning. A path that matches
 * with another method answers 405, an unknown path 404. Routes may be added while serving.
 */
public final class HttpRouter {

  private final Map<String, Map<String, HttpHandler>> exact = new ConcurrentHashMap<>();
  // Sorted descending so the first matching prefix is the longest.
  private final Map<String, Map<String, HttpHandler>> prefixes =
      java.util.Collections.synchronizedMap(new TreeMap<String, Map<String, HttpHandler>>(java.util.Comparator.reverseOrder()));
  private volatile HttpMiddleware middleware = HttpMiddleware.NONE;

  /** Runs every routed request through {@code middleware}; 404 and 405 answers do not pass through it. */
  public HttpRouter use(HttpMiddleware middleware) {
    this.middleware = middleware;
    return this;
  }

  /** Routes {@code GET path} (and HEAD) to {@code handler}. */
  public HttpRouter get(String path, HttpHandler handler) {
    route("GET", path, handler);
    return route("HEAD", path, handler);
  }

  /** Routes {@code POST path} to {@code handler}. */
  public HttpRouter post(String path, HttpHandler handler) {
    return route("POST", path, handler);
  }

  /** Routes {@code method path} to {@code handler}, replacing an earlier route. */
  public HttpRouter route(String method, String path, HttpHandler handler) {
    exact.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).put(method, handler);
    return this;
  }

  /** Routes {@code method} on every path starting with {@code pathPrefix} to {@code handler}. */
  public HttpRouter prefix(String method, String pathPrefix, HttpHandler handler) {
    prefixes.computeIfAbsent(pathPrefix, p -> new ConcurrentHashMap<>()).put(method, handler);
    return this;
  }

  /** Dispatches {@code request} to its handler, or answers 404/405. */
  public HttpResponse dispatch(HttpRequest request) throws Exception {
    Map<String, HttpHandler> byMethod = exact.get(request.path());
    if (byMethod == null) {
      byMethod = longestPrefix(request.path());
    }
    if (byMethod == null) {
      return HttpResponse.text(404, "404 page not found\n");
    }
    HttpHandler handler = byMethod.get(request.method());
    if (handler == null) {
      return new HttpResponse(405, HttpResponse.TEXT_PLAIN, "method not allowed\n".getBytes(),
          Map.of("Allow", String.join(", ", Set.copyOf(byMethod.keySet()))));
    }
    return middleware.handle(request, handler);
  }

  private Map<String, HttpHandler> longestPrefix(String path) {
    synchronized (prefixes) {
      for (Map.Entry<String, Map<String, HttpHandler>> e : prefixes.entrySet()) {
        if (path.startsWith(e.getKey())) {
          return e.getValue();
        }
      }
    }
    return null;
  }
}
