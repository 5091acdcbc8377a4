package io.jthanos.receive.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * {@code --receive.limits-config}: Thanos's YAML
 * <pre>
 * write:
 *   global: {max_concurrency: 0}
 *   default:
 *     request: {size_bytes_limit: 0, series_limit: 0, samples_limit: 0}
 *     head_series_limit: 0
 *   tenants:
 *     &lt;tenant&gt;: {request: {...}, head_series_limit: ...}
 * </pre>
 * A tenant's unset fields fall back to {@code default}. {@code head_series_limit} is enforced against the
 * tenant's head on this receiver (Thanos asks a meta-monitoring Prometheus for the global count).
 */
public final class LimitsConfig {
    private static final Set<String> REQUEST_FIELDS = Set.of("size_bytes_limit", "series_limit", "samples_limit");
    private static final Set<String> TENANT_FIELDS = Set.of("request", "head_series_limit");
    /** Thanos's global fields; the meta-monitoring ones are read and not used (see the class comment). */
    private static final Set<String> GLOBAL_FIELDS = Set.of("max_concurrency", "meta_monitoring_url",
            "meta_monitoring_limit_query", "meta_monitoring_http_client");

    private final TenantLimits defaults;
    private final Map<String, TenantLimits> tenants;
    private final int maxConcurrency;

    private LimitsConfig(TenantLimits defaults, Map<String, TenantLimits> tenants, int maxConcurrency) {
        this.defaults = defaults;
        this.tenants = Map.copyOf(tenants);
        this.maxConcurrency = maxConcurrency;
    }

    /** No limits. */
    public static LimitsConfig unlimited() {
        return new LimitsConfig(TenantLimits.UNLIMITED, Map.of(), 0);
    }

    /**
     * Parses the YAML.
     *
     * @throws IllegalArgumentException naming the bad field
     */
    public static LimitsConfig parse(String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("parse limits configuration: " + e.getMessage(), e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return unlimited();
        }
        // Thanos reads this file strictly (yaml.UnmarshalStrict): a misspelt field is an error, not no limit
        fields(root, Set.of("write"), "");
        JsonNode write = root.path("write");
        fields(write, Set.of("global", "default", "tenants"), "write");
        fields(write.path("global"), GLOBAL_FIELDS, "write.global");
        int maxConcurrency = (int) number(write.path("global"), "max_concurrency", 0, "write.global");
        TenantLimits defaults = limits(write.path("default"), TenantLimits.UNLIMITED, "write.default");
        Map<String, TenantLimits> tenants = new HashMap<>();
        JsonNode t = write.path("tenants");
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            tenants.put(e.getKey(), limits(e.getValue(), defaults, "write.tenants." + e.getKey()));
        }
        return new LimitsConfig(defaults, tenants, maxConcurrency);
    }

    private static TenantLimits limits(JsonNode node, TenantLimits fallback, String where) {
        fields(node, TENANT_FIELDS, where);
        JsonNode request = node.path("request");
        fields(request, REQUEST_FIELDS, where + ".request");
        return new TenantLimits(
                number(request, "size_bytes_limit", fallback.sizeBytesLimit(), where + ".request"),
                number(request, "series_limit", fallback.seriesLimit(), where + ".request"),
                number(request, "samples_limit", fallback.samplesLimit(), where + ".request"),
                number(node, "head_series_limit", fallback.headSeriesLimit(), where));
    }

    private static void fields(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new IllegalArgumentException((where.isEmpty() ? "" : where + ": ") + "unknown field " + f);
            }
        }
    }

    private static long number(JsonNode node, String field, long fallback, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToLong() || v.asLong() < 0) {
            throw new IllegalArgumentException(where + "." + field + " must be a non-negative integer, got " + v);
        }
        return v.asLong();
    }

    /** The limits of {@code tenant}. */
    public TenantLimits forTenant(String tenant) {
        return tenants.getOrDefault(tenant, defaults);
    }

    /** {@code write.global.max_concurrency}; 0 = unlimited. */
    public int maxConcurrency() {
        return maxConcurrency;
    }
}
