package io.jthanos.cmd.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jthanos.store.grpc.tls.ServerTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --http.config} file of Prometheus's exporter-toolkit, which Thanos reads for its HTTP servers. jthanos
 * supports its {@code tls_server_config} with {@code cert_file}, {@code key_file}, {@code client_ca_file},
 * {@code client_auth_type} ({@code NoClientCert} or {@code RequireAndVerifyClientCert}) and {@code min_version}
 * ({@code TLS10} … {@code TLS13}, default TLS 1.2 as in the toolkit); anything else in the file (such as
 * {@code basic_auth_users}) is refused by name rather than ignored. File paths are relative to the file.
 */
final class WebConfig {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP = Set.of("tls_server_config");
  private static final Set<String> TLS = Set.of("cert_file", "key_file", "client_ca_file", "client_auth_type", "min_version");
  private static final Set<String> KNOWN_UNSUPPORTED = Set.of("http_server_config", "basic_auth_users", "rate_limit",
      "cert", "key", "client_ca", "max_version", "cipher_suites", "curve_preferences", "prefer_server_cipher_suites",
      "client_allowed_sans");
  private static final Map<String, String> VERSIONS = Map.of("TLS10", "1.0", "TLS11", "1.1", "TLS12", "1.2", "TLS13", "1.3");

  private WebConfig() {}

  /**
   * The HTTP server's TLS from {@code --http.config} ({@link ServerTls#NONE} for an empty flag or a file without
   * {@code tls_server_config}).
   *
   * @throws UserError naming the file and what in it is wrong or not supported
   */
  static ServerTls tls(String flag) {
    if (flag == null || flag.isEmpty()) {
      return ServerTls.NONE;
    }
    Path file = Path.of(flag);
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new UserError("--http.config " + file + ": invalid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UserError("--http.config: read " + file + ": " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return ServerTls.NONE;
    }
    checkKeys(file, "", root, TOP);
    JsonNode tls = root.path("tls_server_config");
    if (tls.isMissingNode() || tls.isNull()) {
      return ServerTls.NONE;
    }
    checkKeys(file, "tls_server_config.", tls, TLS);
    Path dir = file.toAbsolutePath().getParent();
    Path cert = path(dir, tls, "cert_file");
    Path key = path(dir, tls, "key_file");
    Path clientCa = path(dir, tls, "client_ca_file");
    String auth = tls.path("client_auth_type").asText("");
    switch (auth) {
      case "", "NoClientCert" -> {
        if (clientCa != null) {
          throw new UserError("--http.config " + file + ": tls_server_config.client_ca_file needs client_auth_type:"
              + " RequireAndVerifyClientCert");
        }
      }
      case "RequireAndVerifyClientCert" -> {
        if (clientCa == null) {
          throw new UserError("--http.config " + file + ": client_auth_type RequireAndVerifyClientCert needs"
              + " tls_server_config.client_ca_file");
        }
      }
      default -> throw new UserError("--http.config " + file + ": tls_server_config.client_auth_type \"" + auth
          + "\" is not supported yet by jthanos (supported: NoClientCert, RequireAndVerifyClientCert)");
    }
    String min = tls.path("min_version").asText("TLS12");
    String version = VERSIONS.get(min);
    if (version == null) {
      throw new UserError("--http.config " + file + ": tls_server_config.min_version: unknown TLS version \"" + min
          + "\" (allowed: TLS10, TLS11, TLS12, TLS13)");
    }
    if (cert == null || key == null) {
      throw new UserError("--http.config " + file + ": tls_server_config needs both cert_file and key_file");
    }
    return new ServerTls(cert, key, clientCa, version);
  }

  private static Path path(Path dir, JsonNode node, String key) {
    String v = node.path(key).asText("");
    return v.isEmpty() ? null : dir.resolve(v);
  }

  private static void checkKeys(Path file, String prefix, JsonNode node, Set<String> supported) {
    if (!node.isObject()) {
      throw new UserError("--http.config " + file + ": " + (prefix.isEmpty() ? "the file" : prefix) + " must be a mapping");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (supported.contains(k)) {
        continue;
      }
      throw new UserError("--http.config " + file + ": " + prefix + k + (KNOWN_UNSUPPORTED.contains(k)
          ? " is not supported yet by jthanos" : " is not a known field"));
    }
  }
}
