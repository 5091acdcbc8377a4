package io.jthanos.cmd.cli;

import java.net.InetSocketAddress;

/** Parses Go-style listen addresses: {@code host:port}, {@code [v6]:port}, {@code :port} (all interfaces). */
final class HostPort {

  private HostPort() {}

  /** @throws UserError naming {@code flag} when {@code value} is not a listen address */
  static InetSocketAddress parse(String flag, String value) {
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new UserError(flag + "=" + value + ": missing port in address");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new UserError(flag + "=" + value + ": invalid port");
    }
    if (port < 0 || port > 65535) {
      throw new UserError(flag + "=" + value + ": invalid port");
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }
}
