package io.jthanos.cmd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.store.grpc.tls.ServerTls;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --http.config}: exporter-toolkit's web config, its TLS part, and a clear refusal of the rest. */
class WebConfigTest {
  @TempDir Path tmp;

  private String write(String yaml) throws Exception {
    Path f = tmp.resolve("web.yml");
    Files.writeString(f, yaml);
    return f.toString();
  }

  @Test
  void noFileOrNoTlsSectionIsPlainHttp() throws Exception {
    assertThat(WebConfig.tls("")).isEqualTo(ServerTls.NONE);
    assertThat(WebConfig.tls(write(""))).isEqualTo(ServerTls.NONE);
    assertThat(WebConfig.tls(write("tls_server_config:\n"))).isEqualTo(ServerTls.NONE);
  }

  @Test
  void tlsFilesAreRelativeToTheConfigAndTheToolkitsDefaultMinimumIsTls12() throws Exception {
    ServerTls tls = WebConfig.tls(write("tls_server_config:\n  cert_file: s.crt\n  key_file: /abs/s.key\n"));
    assertThat(tls).isEqualTo(new ServerTls(tmp.resolve("s.crt"), Path.of("/abs/s.key"), null, "1.2"));

    ServerTls mutual = WebConfig.tls(write("""
        tls_server_config:
          cert_file: s.crt
          key_file: s.key
          client_ca_file: ca.crt
          client_auth_type: RequireAndVerifyClientCert
          min_version: TLS13
        """));
    assertThat(mutual).isEqualTo(new ServerTls(tmp.resolve("s.crt"), tmp.resolve("s.key"), tmp.resolve("ca.crt"), "1.3"));
  }

  @Test
  void whatIsNotSupportedIsRefusedByName() throws Exception {
    String f = tmp.resolve("web.yml").toString();
    assertThatThrownBy(() -> WebConfig.tls(write("basic_auth_users:\n  admin: $2y$10$abc\n")))
        .isInstanceOf(UserError.class).hasMessage("--http.config " + f + ": basic_auth_users is not supported yet by jthanos");
    assertThatThrownBy(() -> WebConfig.tls(write("tls_server_config:\n  cert_file: a\n  key_file: b\n  cipher_suites: [x]\n")))
        .hasMessage("--http.config " + f + ": tls_server_config.cipher_suites is not supported yet by jthanos");
    assertThatThrownBy(() -> WebConfig.tls(write("tls_config:\n  cert_file: a\n")))
        .hasMessage("--http.config " + f + ": tls_config is not a known field");
    assertThatThrownBy(() -> WebConfig.tls(write(
        "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c\n  client_auth_type: RequestClientCert\n")))
        .hasMessageContaining("client_auth_type \"RequestClientCert\" is not supported yet by jthanos");
    assertThatThrownBy(() -> WebConfig.tls(write("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c\n")))
        .hasMessageContaining("client_ca_file needs client_auth_type: RequireAndVerifyClientCert");
    assertThatThrownBy(() -> WebConfig.tls(write("tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS14\n")))
        .hasMessageContaining("unknown TLS version \"TLS14\"");
    assertThatThrownBy(() -> WebConfig.tls(write("tls_server_config:\n  cert_file: a\n")))
        .hasMessageContaining("needs both cert_file and key_file");
    assertThatThrownBy(() -> WebConfig.tls(tmp.resolve("missing.yml").toString()))
        .hasMessageStartingWith("--http.config: read " + tmp.resolve("missing.yml"));
  }
}
