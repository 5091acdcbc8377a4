package io.jthanos.cmd.cli;

import io.jthanos.store.grpc.tls.ClientTls;
import io.jthanos.store.grpc.tls.ServerTls;
import java.nio.file.Path;

/** TLS flag values as the TLS settings take them; the querier's and the receiver's client flags differ only by name. */
final class TlsFlags {
  private TlsFlags() {}

  /**
   * A gRPC client's TLS from its flags, named {@code prefix-cert}, {@code prefix-key} …
   *
   * @throws UserError naming the flags when a certificate comes without its key or the other way round
   */
  static ClientTls client(String prefix, boolean secure, boolean skipVerify, String cert, String key, String ca,
      String serverName) {
    try {
      return new ClientTls(secure, skipVerify, path(cert), path(key), path(ca), serverName);
    } catch (IllegalArgumentException e) {
      throw new UserError(prefix + "-cert and " + prefix + "-key: " + e.getMessage());
    }
  }

  /**
   * A server's TLS from its flags, named {@code prefix-cert}, {@code prefix-key}, {@code prefix-client-ca} and
   * {@code prefix-min-version}.
   *
   * @throws UserError naming the flags when they do not go together
   */
  static ServerTls server(String prefix, String cert, String key, String clientCa, String minVersion) {
    try {
      return new ServerTls(path(cert), path(key), path(clientCa), minVersion);
    } catch (IllegalArgumentException e) {
      throw new UserError(prefix + "-cert, " + prefix + "-key, " + prefix + "-client-ca, " + prefix + "-min-version: "
          + e.getMessage());
    }
  }

  /** A file flag's path, or {@code null} when the flag is empty (Thanos's "leave blank to disable"). */
  static Path path(String flag) {
    return flag == null || flag.isEmpty() ? null : Path.of(flag);
  }
}
