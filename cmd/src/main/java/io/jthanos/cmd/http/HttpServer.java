package io.jthanos.cmd.http;

import io.jthanos.store.grpc.tls.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 server on Netty that hands every complete request to an {@link HttpRouter}.
 * Handlers run on virtual threads, never on the event loop.
 *
 * <p>Lifecycle: {@link #start()} binds (so a taken port fails before anything else runs),
 * {@link #awaitTermination()} blocks until {@link #shutdown(Duration)}, which stops accepting,
 * waits up to the grace period for in-flight requests, then closes all connections.
 */
public final class HttpServer {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private final InetSocketAddress requestedAddress;
  private final HttpRouter router;
  private final int maxRequestBytes;
  private final ServerTls tls;
  private final InFlight inFlight = new InFlight();
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final java.util.concurrent.CountDownLatch terminated = new java.util.concurrent.CountDownLatch(1);
  private EventLoopGroup bossGroup;
  private EventLoopGroup workerGroup;
  private ExecutorService handlers;
  private Channel serverChannel;

  /**
   * @param address where to listen
   * @param router routes requests to handlers
   * @param maxRequestBytes largest accepted request body; larger requests get 413
   */
  public HttpServer(InetSocketAddress address, HttpRouter router, int maxRequestBytes) {
    this(address, router, maxRequestBytes, ServerTls.NONE);
  }

  /** As above, serving HTTPS when {@code tls} is enabled. */
  public HttpServer(InetSocketAddress address, HttpRouter router, int maxRequestBytes, ServerTls tls) {
    this.requestedAddress = address;
    this.router = router;
    this.maxRequestBytes = maxRequestBytes;
    this.tls = tls;
  }

  /** Netty's (unshaded) TLS context for {@code tls}, with the files read now. */
  private static SslContext sslContext(ServerTls tls) throws IOException {
    SslContextBuilder b = SslContextBuilder.forServer(tls.privateKey(), tls.certificateChain());
    if (tls.clientCa() != null) {
      b.trustManager(tls.clientCaCertificates()).clientAuth(ClientAuth.REQUIRE);
    }
    return b.protocols(tls.protocols()).build();
  }

  /** Binds the listening socket. */
  public synchronized void start() throws IOException {
    if (serverChannel != null) {
      throw new IllegalStateException("already started");
    }
    SslContext ssl = tls.enabled() ? sslContext(tls) : null;
    bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    workerGroup = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-handler-", 0).factory());
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(bossGroup, workerGroup)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    if (ssl != null) {
                      ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpServerExpectContinueHandler())
                        .addLast(new HttpObjectAggregator(maxRequestBytes))
                        .addLast(new RequestHandler(router, handlers, inFlight));
                  }
                });
    try {
      serverChannel = bootstrap.bind(requestedAddress).sync().channel();
    } catch (Exception e) {
      releaseResources();
      throw new IOException("listen on " + format(requestedAddress) + " for HTTP: " + e.getMessage(), e);
    } 
    LOG.atInfo().addKeyValue("address", format(requestedAddress.getHostString(), boundAddress().getPort()))
        .log("listening for requests and metrics");
    if (ssl != null) {
      LOG.atInfo().addKeyValue("address", format(requestedAddress.getHostString(), boundAddress().getPort()))
          .addKeyValue("client_verification", tls.clientCa() != null).log("TLS is enabled.");
    }
  }

  /** The address actually bound (resolves port 0). */
  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Blocks until the server has shut down. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /**
   * Stops accepting connections, lets in-flight requests finish for up to {@code gracePeriod},
   * then closes every connection. Safe to call more than once.
   */
  public void shutdown(Duration gracePeriod) {
    synchronized (this) {
      if (terminated.getCount() == 0 || serverChannel == null) {
        terminated.countDown();
        return;
      }
      serverChannel.close().syncUninterruptibly();
    }
    try {
      if (!inFlight.awaitIdle(gracePeriod)) {
        LOG.atWarn().addKeyValue("grace_period", gracePeriod).log("HTTP requests still running after grace period; closing");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connections.close().awaitUninterruptibly();
    releaseResources();
    LOG.info("internal server is shutdown gracefully");
    terminated.countDown();
  }

  private void releaseResources() {
    if (handlers != null) {
      handlers.shutdownNow();
    }
    if (workerGroup != null) {
      workerGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    }
    if (bossGroup != null) {
      bossGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  public static String format(InetSocketAddress address) {
    return format(address.getHostString(), address.getPort());
  }

  /**
   * {@code host:port} as Go's {@code net.JoinHostPort} writes it ({@code [v6]:port}). Listeners log the host as
   * configured, with the bound port: the bound wildcard address would print as {@code 0:0:0:0:0:0:0:0}.
   */
  public static String format(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
