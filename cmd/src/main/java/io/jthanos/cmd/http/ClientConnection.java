package io.jthanos.cmd.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client connection of the request a handler is serving, so that a handler can stop work nobody will
 * read: {@link #onClose} runs an action when the client goes away (Go's request context being cancelled).
 * Handlers opt in; nothing is interrupted unless a handler asks for it.
 */
public final class ClientConnection {
  static final ScopedValue<ClientConnection> CURRENT = ScopedValue.newInstance();
  private static final ClientConnection NONE = new ClientConnection(null);

  /** A registration of an {@link #onClose} action; closing it withdraws the action. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private final Channel channel;

  ClientConnection(Channel channel) {
    this.channel = channel;
  }

  /** The connection of the request being handled on this thread; outside a request one that never closes. */
  public static ClientConnection current() {
    return CURRENT.orElse(NONE);
  }

  /**
   * Runs {@code action} once when the client closes the connection (at once if it is closed already),
   * unless the returned registration was closed before.
   */
  public Registration onClose(Runnable action) {
    if (channel == null) {
      return () -> {};
    }
    AtomicBoolean live = new AtomicBoolean(true);
    ChannelFutureListener listener = f -> {
      if (live.compareAndSet(true, false)) {
        action.run();
      }
    };
    channel.closeFuture().addListener(listener);
    return () -> {
      live.set(false);
      channel.closeFuture().removeListener(listener);
    };
  }
}
