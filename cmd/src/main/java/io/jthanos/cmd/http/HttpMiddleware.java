package io.jthanos.cmd.http;

/**
 * Wraps the handling of every request a {@link HttpRouter} dispatches to a handler (tracing, for one): it gets
 * the request and the handler the route chose, and returns the response, normally {@code next.handle(request)}
 * with something around it.
 */
@FunctionalInterface
public interface HttpMiddleware {

  /** Passes every request straight to its handler. */
  HttpMiddleware NONE = (request, next) -> next.handle(request);

  HttpResponse handle(HttpRequest request, HttpHandler next) throws Exception;
}
