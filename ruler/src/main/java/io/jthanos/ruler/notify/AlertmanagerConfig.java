package io.jthanos.ruler.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jthanos.model.ModelDuration;
import io.jthanos.ruler.http.HttpClientSettings;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Alertmanager endpoints from {@code --alertmanagers.url} or Thanos's {@code --alertmanagers.config}
 * (static configs only; {@code http_config} as {@link HttpClientSettings} reads it; other fields are refused by name):
 *
 * <pre>
 * alertmanagers:
 *   - static_configs: ["am-0:9093", "am-1:9093"]
 *     scheme: http          # default http
 *     path_prefix: /am      # default none
 *     timeout: 10s          # default --alertmanagers.send-timeout
 *     api_version: v2       # only v2
 * </pre>
 */
public final class AlertmanagerConfig {
    private static final Set<String> FIELDS =
            Set.of("static_configs", "scheme", "path_prefix", "timeout", "api_version", "file_sd_configs", "dns_sd_configs",
                    "http_config");

    private AlertmanagerConfig() {}

    /** One Alertmanager: the base URL ({@code /api/v2/alerts} is appended), its send timeout and HTTP client settings. */
    public record Endpoint(URI baseUrl, Duration timeout, HttpClientSettings http) {
        /** Without authentication or TLS settings. */
        public Endpoint(URI baseUrl, Duration timeout) {
            this(baseUrl, timeout, HttpClientSettings.NONE);
        }
    }

    /** Endpoints for {@code --alertmanagers.url} values ({@code http://host:9093[/prefix]}). */
    public static List<Endpoint> fromUrls(List<String> urls, Duration timeout) {
        List<Endpoint> out = new ArrayList<>();
        for (String u : urls) {
            URI uri = URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("invalid Alertmanager URL \"" + u + "\"");
            }
            if (uri.getScheme().startsWith("dns")) {
                throw new IllegalArgumentException("DNS service discovery of Alertmanagers is not supported: " + u);
            }
            out.add(new Endpoint(uri, timeout));
        }
        return out;
    }

    /** Endpoints from the YAML of {@code --alertmanagers.config}. */
    public static List<Endpoint> parse(String yaml, Duration defaultTimeout) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("parse alertmanagers config: " + e.getMessage(), e);
        }
        List<Endpoint> out = new ArrayList<>();
        if (root == null) {
            return out;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("alertmanagers")) {
                throw new IllegalArgumentException("--alertmanagers.config: " + k + " is not a known field");
            }
        }
        for (JsonNode am : root.path("alertmanagers")) {
            for (Iterator<String> it = am.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!FIELDS.contains(k)) {
                    throw new IllegalArgumentException("--alertmanagers.config: alertmanagers[]." + k + " is not a known field");
                }
            }
            String version = am.path("api_version").asText("v2");
            if (!version.equals("v2")) {
                throw new IllegalArgumentException("unsupported Alertmanager API version \"" + version + "\"; only v2");
            }
            if (am.has("file_sd_configs") || am.has("dns_sd_configs")) {
                throw new IllegalArgumentException("only static_configs are supported in --alertmanagers.config");
            }
            String scheme = am.path("scheme").asText("http");
            String prefix = am.path("path_prefix").asText("");
            if (prefix.endsWith("/")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
            if (!prefix.isEmpty() && !prefix.startsWith("/")) {
                prefix = "/" + prefix;
            }
            Duration timeout = am.has("timeout") ? ModelDuration.parse(am.path("timeout").asText()) : defaultTimeout;
            HttpClientSettings http = HttpClientSettings.parse(am.get("http_config"), "--alertmanagers.config: http_config");
            for (JsonNode target : am.path("static_configs")) {
                out.add(new Endpoint(URI.create(scheme + "://" + target.asText() + prefix), timeout, http));
            }
        }
        return out;
    }
}
