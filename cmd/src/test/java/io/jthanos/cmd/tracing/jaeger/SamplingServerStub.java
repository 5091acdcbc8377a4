package io.jthanos.cmd.tracing.jaeger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays a Jaeger agent's sampling endpoint {@code /sampling} on 127.0.0.1: answers every request
 * with the current status and body and records the request.
 */
final class SamplingServerStub implements AutoCloseable {

  record Request(String method, URI uri) {}

  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Answer answer = new Answer(404, "no strategy yet");

  SamplingServerStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/sampling";
  }

  void serve(String strategyJson) {
    answer = new Answer(200, strategyJson);
  }

  void fail(int status, String body) {
    answer = new Answer(status, body);
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  int requestCount() {
    return requests.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI()));
    Answer current = answer;
    byte[] body = current.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(current.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
