package io.jthanos.store.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the fields of one YAML mapping the way Go's {@code yaml.v2} fills a struct: a missing or null field keeps
 * its default, a field of the wrong kind is an error, keys the struct does not have are ignored (and collected).
 * Every error message starts with {@code "<source>: <path><key>: "}.
 */
final class ConfigFields {
    private final JsonNode node;
    private final String source;
    private final String path;

    /** {@code path} is the prefix of the keys in messages, e.g. {@code "config."}. */
    ConfigFields(JsonNode node, String source, String path) {
        this.node = node;
        this.source = source;
        this.path = path;
    }

    /** {@code <source>: <path><key>: <message>}, for a check the caller makes itself. */
    IllegalArgumentException error(String key, String message) {
        return new IllegalArgumentException(source + ": " + path + key + ": " + message);
    }

    /** The value of {@code key}, or null when it is absent or YAML null. */
    JsonNode get(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String key) {
        return get(key) != null;
    }

    /** The nested mapping under {@code key}, or null when absent. */
    ConfigFields object(String key) {
        JsonNode v = get(key);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw error(key, "expected a mapping");
        }
        return new ConfigFields(v, source, path + key + ".");
    }

    List<String> strings(String key) {
        JsonNode v = get(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw error(key, "expected a list of strings");
        }
        for (JsonNode item : v) {
            if (!item.isValueNode() || item.isNull() || item.isBoolean()) {
                throw error(key, "expected a list of strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    int integer(String key, int defaultValue) {
        JsonNode v = get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw error(key, "invalid integer \"" + v.asText() + "\"");
    }

    /** A non-negative integer (Go's {@code uint32}). */
    int unsigned(String key, int defaultValue) {
        int n = integer(key, defaultValue);
        if (n < 0) {
            throw error(key, "must not be negative, got " + n);
        }
        return n;
    }

    double decimal(String key, double defaultValue) {
        JsonNode v = get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        try {
            return Double.parseDouble(v.asText().trim());
        } catch (NumberFormatException e) {
            throw error(key, "invalid number \"" + v.asText() + "\"");
        }
    }

    boolean bool(String key, boolean defaultValue) {
        JsonNode v = get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        throw error(key, "invalid boolean \"" + v.asText() + "\"");
    }

    /** A Go duration string; a bare integer is nanoseconds, as {@code yaml.v2} reads it into {@code time.Duration}. */
    Duration duration(String key, Duration defaultValue) {
        JsonNode v = get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Duration.ofNanos(v.longValue());
        }
        try {
            return GoUnits.parseDuration(v.asText());
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    long bytes(String key, long defaultValue) {
        JsonNode v = get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return GoUnits.parseBytes(v.asText());
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    /** The keys of this mapping that are not in {@code known}, with their path, e.g. {@code config.foo}. */
    List<String> unknownKeys(Set<String> known) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                out.add(path + k);
            }
        }
        return out;
    }
}
