package io.jthanos.cmd.http;

/**
 * Handles one request. Handlers run on virtual threads, so they may block; an exception becomes
 * a 500 response whose body is the exception message.
 */
@FunctionalInterface
public interface HttpHandler {
  HttpResponse handle(HttpRequest request) throws Exception;
}
