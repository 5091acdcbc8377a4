package io.jthanos.cmd.tracing.jaeger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

/**
 * Sends datagrams to a host name that may move, as Go's reconnecting UDP client does: the name is resolved at the
 * first send, again once the last resolution is older than the interval, and again (with one retry of the send)
 * after a send fails. A name that does not resolve yet is not fatal: sends fail until it does. Not thread-safe.
 */
final class ResolvingUdpChannel implements AutoCloseable {

  private final String host;
  private final int port;
  private final long reResolveNanos;
  private final DatagramChannel channel;
  private InetSocketAddress address;
  private long resolvedAt;

  ResolvingUdpChannel(String host, int port, int maxPacketSize, Duration reResolveInterval) throws IOException {
    this.host = host;
    this.port = port;
    this.reResolveNanos = reResolveInterval.toNanos();
    this.channel = DatagramChannel.open();
    if (channel.getOption(StandardSocketOptions.SO_SNDBUF) < maxPacketSize) {
      channel.setOption(StandardSocketOptions.SO_SNDBUF, maxPacketSize);
    }
  }

  void send(byte[] datagram) throws IOException {
    if (address == null || System.nanoTime() - resolvedAt >= reResolveNanos) {
      resolve();
    }
    try {
      channel.send(ByteBuffer.wrap(datagram), address);
    } catch (IOException e) {
      resolve();
      channel.send(ByteBuffer.wrap(datagram), address);
    }
  }

  /** Keeps the previous address when the name does not resolve now, as Go keeps its connection. */
  private void resolve() throws UnknownHostException {
    InetSocketAddress resolved = new InetSocketAddress(host, port);
    if (resolved.isUnresolved()) {
      if (address == null) {
        throw new UnknownHostException("cannot resolve Jaeger agent host " + host);
      }
      return;
    }
    address = resolved;
    resolvedAt = System.nanoTime();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
