package io.jthanos.receive.hashring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code hashrings.json}: a JSON array of entries with {@code hashring}, {@code tenants},
 * {@code tenant_matcher_type} ({@code exact}|{@code glob}), {@code endpoints} (each a
 * {@code "host:port"} string or an object with {@code address} and {@code az}), {@code algorithm} and
 * {@code external_labels}. Unknown fields are ignored, as Go's {@code encoding/json} does.
 */
public final class HashringConfigParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HashringConfigParser() {}

    /**
     * The entries of {@code json}.
     *
     * @throws IllegalArgumentException naming what is wrong, for unparsable or empty configuration
     */
    public static List<HashringConfig> parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("configuration file is not parsable: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw new IllegalArgumentException("configuration file is empty");
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException("configuration file is not parsable: expected a JSON array of hashrings");
        }
        if (root.isEmpty()) {
            throw new IllegalArgumentException("configuration file is empty");
        }
        List<HashringConfig> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            out.add(entry(root.get(i), i));
        }
        return out;
    }

    private static HashringConfig entry(JsonNode node, int index) {
        String where = "hashring #" + index;
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object");
        }
        String name = text(node, "hashring", where);
        List<String> tenants = new ArrayList<>();
        JsonNode tenantsNode = node.get("tenants");
        if (tenantsNode != null && !tenantsNode.isNull()) {
            if (!tenantsNode.isArray()) {
                throw new IllegalArgumentException(where + ": tenants must be an array of strings");
            }
            for (JsonNode t : tenantsNode) {
                if (!t.isTextual()) {
                    throw new IllegalArgumentException(where + ": tenants must be an array of strings");
                }
                tenants.add(t.asText());
            }
        }
        TenantMatcherType matcher = switch (text(node, "tenant_matcher_type", where)) {
            case "", "exact" -> TenantMatcherType.EXACT;
            case "glob" -> TenantMatcherType.GLOB;
            default -> throw new IllegalArgumentException(where + ": tenant_matcher_type must be exact or glob, got \""
                    + node.get("tenant_matcher_type").asText() + "\"");
        };
        if (matcher == TenantMatcherType.GLOB) {
            for (String t : tenants) {
                GoGlob.validate(t);
            }
        }
        List<Endpoint> endpoints = new ArrayList<>();
        JsonNode endpointsNode = node.get("endpoints");
        if (endpointsNode != null && !endpointsNode.isNull()) {
            if (!endpointsNode.isArray()) {
                throw new IllegalArgumentException(where + ": endpoints must be an array");
            }
            for (JsonNode e : endpointsNode) {
                if (e.isTextual()) {
                    endpoints.add(Endpoint.of(e.asText()));
                } else if (e.isObject()) {
                    endpoints.add(new Endpoint(text(e, "address", where + " endpoint"), text(e, "az", where + " endpoint")));
                } else {
                    throw new IllegalArgumentException(where + ": an endpoint must be a string or an object with address and az");
                }
            }
        }
        String algorithmName = text(node, "algorithm", where);
        HashringAlgorithm algorithm = algorithmName.isEmpty() ? null : HashringAlgorithm.fromName(algorithmName);
        if (!algorithmName.isEmpty() && algorithm == null) {
            // Thanos logs "Unrecognizable hashring algorithm. Fall back to hashmod algorithm."
            algorithm = HashringAlgorithm.HASHMOD;
        }
        Map<String, String> external = new LinkedHashMap<>();
        JsonNode labels = node.get("external_labels");
        if (labels != null && !labels.isNull()) {
            if (!labels.isObject()) {
                throw new IllegalArgumentException(where + ": external_labels must be an object of strings");
            }
            labels.properties().forEach(p -> external.put(p.getKey(), p.getValue().asText()));
        }
        return new HashringConfig(name, tenants, matcher, endpoints, algorithm, external);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + ": " + field + " must be a string");
        }
        return v.asText();
    }
}
