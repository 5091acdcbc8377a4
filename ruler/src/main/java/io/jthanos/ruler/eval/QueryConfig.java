package io.jthanos.ruler.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jthanos.ruler.http.HttpClientSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Thanos's {@code --query.config} for the ruler: a list of query API groups, each
 *
 * <pre>
 * - static_configs: ["querier:9090"]
 *   file_sd_configs: [{files: ["/etc/sd/*.yml"], refresh_interval: 5m}]
 *   scheme: https            # default http
 *   path_prefix: /thanos     # default none
 *   http_config: {basic_auth: …, bearer_token: …, tls_config: {ca_file: …}}
 * </pre>
 *
 * File-SD files are re-read at each evaluation ({@code refresh_interval} is accepted). Unknown fields are refused.
 */
public final class QueryConfig {
    private static final Set<String> FIELDS = Set.of("static_configs", "file_sd_configs", "scheme", "path_prefix",
            "http_config");

    private QueryConfig() {}

    /** One group: its endpoints' base URL parts and client settings. */
    record Group(Supplier<List<String>> addresses, String scheme, String pathPrefix, HttpClientSettings http) {}

    /**
     * The query targets of {@code yaml}, re-resolved at each call.
     *
     * @throws IllegalArgumentException naming the field that is wrong or not supported
     */
    public static Supplier<List<HttpQueryClient.Target>> parse(String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("--query.config: invalid YAML: " + e.getMessage(), e);
        }
        List<Group> groups = new ArrayList<>();
        if (root != null && !root.isNull() && !root.isMissingNode()) {
            if (!root.isArray()) {
                throw new IllegalArgumentException("--query.config: expected a list of query API configurations");
            }
            int i = 0;
            for (JsonNode g : root) {
                groups.add(group(g, "--query.config[" + i++ + "]"));
            }
        }
        return () -> {
            List<HttpQueryClient.Target> out = new ArrayList<>();
            for (Group g : groups) {
                for (String address : g.addresses().get()) {
                    out.add(new HttpQueryClient.Target(g.scheme() + "://" + address + g.pathPrefix(), g.http()));
                }
            }
            return out;
        };
    }

    private static Group group(JsonNode g, String where) {
        if (!g.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping");
        }
        for (Iterator<String> it = g.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(where + "." + f + " is not a known field");
            }
        }
        List<String> statics = new ArrayList<>();
        for (JsonNode t : g.path("static_configs")) {
            statics.add(t.asText());
        }
        List<String> files = new ArrayList<>();
        for (JsonNode sd : g.path("file_sd_configs")) {
            for (Iterator<String> it = sd.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("files") && !f.equals("refresh_interval")) {
                    throw new IllegalArgumentException(where + ".file_sd_configs." + f + " is not a known field");
                }
            }
            for (JsonNode f : sd.path("files")) {
                files.add(f.asText());
            }
        }
        String scheme = g.path("scheme").asText("http");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(where + ".scheme must be http or https, got \"" + scheme + "\"");
        }
        String prefix = g.path("path_prefix").asText("");
        prefix = prefix.replaceAll("/+$", "");
        if (!prefix.isEmpty() && !prefix.startsWith("/")) {
            prefix = "/" + prefix;
        }
        return new Group(new FileSdEndpoints(statics, files), scheme, prefix,
                HttpClientSettings.parse(g.get("http_config"), where + ".http_config"));
    }
}
