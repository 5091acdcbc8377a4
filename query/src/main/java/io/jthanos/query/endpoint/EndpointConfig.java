package io.jthanos.query.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoint configuration of {@code --endpoint.sd-config[-file]} (Thanos's {@code EndpointConfig}):
 *
 * <pre>
 * endpoints:
 *   - address: store-1:10901        # or dns+…, dnssrv+…, dnssrvnoa+…
 *     strict: false
 *     group: false
 * </pre>
 *
 * Per-endpoint TLS and compression ({@code grpc_client_config}) are accepted and ignored: every endpoint is
 * dialled with the querier's {@code --grpc-client-tls-*} settings.
 */
public final class EndpointConfig {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private EndpointConfig() {
    }

    /**
     * Parses {@code content} (YAML; empty means no endpoints) and validates it.
     *
     * @throws IllegalArgumentException when it does not parse or a dynamic address is strict
     */
    public static List<EndpointSettings> parse(String content) {
        if (content == null || content.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = YAML.readTree(content);
        } catch (IOException e) {
            throw new IllegalArgumentException("unable to unmarshal config content: " + e.getMessage(), e);
        }
        List<EndpointSettings> out = new ArrayList<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return out;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("unable to unmarshal config content: expected a mapping with 'endpoints'");
        }
        JsonNode endpoints = root.path("endpoints");
        if (!endpoints.isMissingNode() && !endpoints.isNull() && !endpoints.isArray()) {
            throw new IllegalArgumentException("unable to unmarshal config content: 'endpoints' must be a list");
        }
        for (JsonNode e : endpoints) {
            String address = e.path("address").asText("");
            if (address.isEmpty()) {
                throw new IllegalArgumentException("endpoint without address in endpoint config");
            }
            out.add(new EndpointSettings(address, e.path("strict").asBoolean(false), e.path("group").asBoolean(false)));
        }
        validate(out);
        return List.copyOf(out);
    }

    /** Rejects strict dynamic endpoints, as Thanos does. */
    public static void validate(List<EndpointSettings> settings) {
        for (EndpointSettings s : settings) {
            if (s.strict() && s.dynamic()) {
                throw new IllegalArgumentException(s.address()
                        + " is a dynamically specified endpoint i.e. it uses SD and that is not permitted under strict mode.");
            }
        }
    }
}
