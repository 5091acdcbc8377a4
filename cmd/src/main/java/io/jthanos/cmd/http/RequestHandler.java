package io.jthanos.cmd.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies each aggregated Netty request into an {@link HttpRequest} and runs the router off the event loop,
 * with the request's {@link ClientConnection} bound for the handler.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

  private final HttpRouter router;
  private final ExecutorService handlers;
  private final InFlight inFlight;

  RequestHandler(HttpRouter router, ExecutorService handlers, InFlight inFlight) {
    this.router = router;
    this.handlers = handlers;
    this.inFlight = inFlight;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest netty) {
    HttpRequest request = convert(netty);
    boolean keepAlive = HttpUtil.isKeepAlive(netty);
    boolean head = netty.method().equals(HttpMethod.HEAD);
    inFlight.begin();
    try {
      handlers.execute(() -> {
        try {
          ClientConnection client = new ClientConnection(ctx.channel());
          write(ctx, ScopedValue.where(ClientConnection.CURRENT, client).call(() -> respond(request)), keepAlive, head);
        } finally {
          inFlight.end();
        }
      });
    } catch (RejectedExecutionException e) {
      inFlight.end();
      write(ctx, HttpResponse.text(503, "shutting down\n"), false, head);
    }
  }

  private HttpResponse respond(HttpRequest request) {
    try {
      return router.dispatch(request);
    } catch (Exception e) {
      LOG.atDebug().setCause(e).addKeyValue("path", request.path()).log("HTTP handler failed");
      return HttpResponse.text(500, String.valueOf(e.getMessage()) + "\n");
    }
  }

  private static void write(ChannelHandlerContext ctx, HttpResponse response, boolean keepAlive, boolean head) {
    FullHttpResponse out =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(response.status()),
            head
                ? Unpooled.EMPTY_BUFFER
                : Unpooled.wrappedBuffer(response.bodyBuffer(), 0, response.bodyLength()));
    out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
    out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.bodyLength());
    response.headers().forEach(out.headers()::set);
    if (keepAlive) {
      out.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
      ctx.writeAndFlush(out);
    } else {
      out.headers().set(HttpHeaderNames.CONNECTION, "close");
      ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static HttpRequest convert(FullHttpRequest netty) {
    QueryStringDecoder uri = new QueryStringDecoder(netty.uri(), StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : netty.headers()) {
      headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
    }
    byte[] body = ByteBufUtil.getBytes(netty.content());
    return new HttpRequest(netty.method().name(), uri.path(), uri.parameters(), headers, body);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.atDebug().setCause(cause).log("HTTP connection error");
    ctx.close();
  }
}
