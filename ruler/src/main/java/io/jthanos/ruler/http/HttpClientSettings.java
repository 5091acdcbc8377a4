package io.jthanos.ruler.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jthanos.store.grpc.tls.TlsFiles;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The {@code http_config} of Thanos's {@code --query.config} and {@code --alertmanagers.config} entries (Prometheus's
 * HTTP client configuration): {@code basic_auth} ({@code username}, {@code password} or {@code password_file}),
 * {@code bearer_token} or {@code bearer_token_file}, {@code authorization} ({@code type}, {@code credentials} or
 * {@code credentials_file}) and {@code tls_config} ({@code ca_file}, {@code cert_file}, {@code key_file}).
 * Secret files are read when the configuration is loaded. {@code server_name}, {@code insecure_skip_verify},
 * {@code proxy_url}, {@code oauth2} and other fields are refused by name rather than ignored.
 *
 * @param authorization the {@code Authorization} header value, or null
 * @param sslContext the TLS context, or null for the JDK's default
 */
public record HttpClientSettings(String authorization, SSLContext sslContext) {
    /** No authentication, the JDK's TLS defaults. */
    public static final HttpClientSettings NONE = new HttpClientSettings(null, null);

    private static final Set<String> FIELDS = Set.of("basic_auth", "bearer_token", "bearer_token_file",
            "authorization", "tls_config", "follow_redirects", "enable_http2");
    private static final Set<String> TLS_FIELDS = Set.of("ca_file", "cert_file", "key_file", "server_name",
            "insecure_skip_verify");

    /**
     * Reads an {@code http_config} node (missing or null: {@link #NONE}).
     *
     * @param where names the node in error messages
     * @throws IllegalArgumentException naming the field that is wrong or not supported, or the file that cannot be read
     */
    public static HttpClientSettings parse(JsonNode node, String where) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return NONE;
        }
        fields(node, FIELDS, where);
        String authorization = null;
        JsonNode basic = node.path("basic_auth");
        if (!basic.isMissingNode()) {
            fields(basic, Set.of("username", "password", "password_file"), where + ".basic_auth");
            String password = secret(basic, "password", "password_file", where + ".basic_auth");
            String credentials = basic.path("username").asText("") + ":" + (password == null ? "" : password);
            authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        }
        String bearer = secret(node, "bearer_token", "bearer_token_file", where);
        if (bearer != null) {
            authorization = only(authorization, "Bearer " + bearer, where);
        }
        JsonNode auth = node.path("authorization");
        if (!auth.isMissingNode()) {
            fields(auth, Set.of("type", "credentials", "credentials_file"), where + ".authorization");
            String credentials = secret(auth, "credentials", "credentials_file", where + ".authorization");
            authorization = only(authorization, auth.path("type").asText("Bearer") + " " + (credentials == null ? "" : credentials),
                    where);
        }
        SSLContext ssl = null;
        JsonNode tls = node.path("tls_config");
        if (!tls.isMissingNode()) {
            fields(tls, TLS_FIELDS, where + ".tls_config");
            if (!tls.path("server_name").asText("").isEmpty() || tls.path("insecure_skip_verify").asBoolean(false)) {
                throw new IllegalArgumentException(where + ".tls_config: " + (tls.path("insecure_skip_verify").asBoolean(false)
                        ? "insecure_skip_verify" : "server_name") + " is not supported yet by jthanos");
            }
            Path ca = path(tls, "ca_file");
            Path cert = path(tls, "cert_file");
            Path key = path(tls, "key_file");
            if ((cert == null) != (key == null)) {
                throw new IllegalArgumentException(where + ".tls_config: cert_file and key_file go together");
            }
            try {
                ssl = TlsFiles.clientContext(ca, cert, key);
            } catch (IOException e) {
                throw new IllegalArgumentException(where + ".tls_config: " + e.getMessage(), e);
            }
        }
        return new HttpClientSettings(authorization, ssl);
    }

    /** A client with these TLS settings. */
    public HttpClient newClient(Duration connectTimeout) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        return b.build();
    }

    /** {@code request} with the {@code Authorization} header, when there is one. */
    public HttpRequest.Builder authorize(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static String only(String existing, String next, String where) {
        if (existing != null) {
            throw new IllegalArgumentException(where + ": at most one of basic_auth, bearer_token[_file] and authorization");
        }
        return next;
    }

    private static String secret(JsonNode node, String inline, String file, String where) {
        boolean hasInline = !node.path(inline).asText("").isEmpty();
        boolean hasFile = !node.path(file).asText("").isEmpty();
        if (hasInline && hasFile) {
            throw new IllegalArgumentException(where + ": at most one of " + inline + " and " + file);
        }
        if (hasInline) {
            return node.path(inline).asText();
        }
        if (!hasFile) {
            return null;
        }
        Path p = Path.of(node.path(file).asText());
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(where + "." + file + ": read " + p + ": " + e.getMessage(), e);
        }
    }

    private static Path path(JsonNode node, String field) {
        String v = node.path(field).asText("");
        return v.isEmpty() ? null : Path.of(v);
    }

    private static void fields(JsonNode node, Set<String> known, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new IllegalArgumentException(where + "." + f + " is not supported yet by jthanos");
            }
        }
    }
}
