package io.jthanos.objstore.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML mapping read strictly: every accessor records the key as known, and {@link #finish()} rejects
 * keys nobody asked for. Errors are {@link ObjstoreConfigException}s naming the source and the dotted
 * path of the key (e.g. {@code objstore.yml: config.http_config.idle_conn_timeout: not a duration}).
 */
public final class ConfigNode {
    private final String source;
    private final String path;
    private final JsonNode node;
    private final Set<String> known = new LinkedHashSet<>();

    private ConfigNode(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node;
    }

    /**
     * Wraps a mapping (or null/missing, read as empty) found at {@code path} in {@code source}.
     *
     * @throws ObjstoreConfigException if the node is not a mapping
     */
    public static ConfigNode of(String source, String path, JsonNode node) {
        JsonNode n = node == null || node.isNull() ? MissingNode.getInstance() : node;
        if (!n.isMissingNode() && !n.isObject()) {
            throw new ObjstoreConfigException(source + ": " + (path.isEmpty() ? "document" : path) + " must be a mapping, got " + describe(n));
        }
        return new ConfigNode(source, path, n);
    }

    /** The source name, for messages. */
    public String source() {
        return source;
    }

    /** An error about {@code key} of this node. */
    public ObjstoreConfigException error(String key, String message) {
        return new ObjstoreConfigException(source + ": " + qualify(key) + ": " + message);
    }

    /** Whether the key is present with a non-null value. */
    public boolean has(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    public String string(String key, String defaultValue) {
        JsonNode v = value(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isValueNode()) {
            throw error(key, "must be a string, got " + describe(v));
        }
        return v.asText();
    }

    public boolean bool(String key, boolean defaultValue) {
        JsonNode v = value(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
            return Boolean.parseBoolean(v.textValue());
        }
        throw error(key, "must be true or false, got " + describe(v));
    }

    public long longValue(String key, long defaultValue) {
        JsonNode v = value(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw error(key, "must be an integer, got " + describe(v));
    }

    public double doubleValue(String key, double defaultValue) {
        JsonNode v = value(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw error(key, "must be a number, got " + describe(v));
    }

    public Duration duration(String key, Duration defaultValue) {
        JsonNode v = value(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.isIntegralNumber() && v.longValue() == 0) {
            return Duration.ZERO;
        }
        if (!v.isTextual()) {
            throw error(key, "must be a duration like 90s or 1m30s, got " + describe(v));
        }
        try {
            return GoDuration.parse(v.textValue());
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    /** A mapping of strings to strings; absent means empty. */
    public Map<String, String> stringMap(String key) {
        JsonNode v = value(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            throw error(key, "must be a mapping, got " + describe(v));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw error(key + "." + e.getKey(), "must be a string, got " + describe(e.getValue()));
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** A nested mapping; absent means empty. The caller must {@link #finish()} it too. */
    public ConfigNode child(String key) {
        known.add(key);
        return of(source, qualify(key), node.get(key));
    }

    /**
     * Rejects unknown keys.
     *
     * @throws ObjstoreConfigException naming the first unknown key and listing the valid ones
     */
    public void finish() {
        List<String> unknown = unknownKeys();
        if (!unknown.isEmpty()) {
            throw new ObjstoreConfigException(source + ": unknown key " + unknown.get(0)
                    + " (valid keys" + (path.isEmpty() ? "" : " in " + path) + ": " + String.join(", ", known) + ")");
        }
    }

    /** The keys of this mapping nobody asked for so far, dotted from the document's root. */
    public List<String> unknownKeys() {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                unknown.add(qualify(k));
            }
        }
        return unknown;
    }

    private JsonNode value(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private String qualify(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return v.isTextual() ? "\"" + v.textValue() + "\"" : v.toString();
    }
}
