package io.jthanos.receive.handler;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jthanos.model.GoQuote;
import io.jthanos.model.Labels;
import io.jthanos.receive.tsdb.MultiTsdb;
import io.jthanos.tsdb.head.HeadStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /api/v1/status/tsdb} on the remote-write port, as Thanos receive serves it: the head's cardinality
 * stats of the tenant named by the tenant header (the default tenant without one), or of every tenant with
 * {@code all_tenants=true}, each the {@code limit} (default 10) largest entries. The answer is Prometheus's API
 * envelope around a list with one {@code TSDBStatus} per tenant, sorted by tenant; an unknown tenant gives an empty
 * list.
 */
public final class TsdbStatusHandler {
    /** Thanos's {@code DefaultStatsLimit}. */
    public static final int DEFAULT_LIMIT = 10;

    private static final JsonFactory JSON = new JsonFactory();

    private final MultiTsdb storage;
    private final String tenantHeader;
    private final String defaultTenant;

    /** The JSON to answer with and its status code. */
    public record Response(int status, byte[] body) {
    }

    public TsdbStatusHandler(MultiTsdb storage, String tenantHeader, String defaultTenant) {
        this.storage = storage;
        this.tenantHeader = tenantHeader;
        this.defaultTenant = defaultTenant;
    }

    /**
     * @param header     the request's header by name, null when absent
     * @param queryParam the request's query parameter by name, null when absent
     */
    public Response handle(Function<String, String> header, Function<String, String> queryParam) {
        String tenant = header.apply(tenantHeader);
        boolean allTenants = "true".equals(queryParam.apply("all_tenants"));
        if (allTenants && tenant != null && !tenant.isEmpty()) {
            return error("using both the all_tenants parameter and the " + tenantHeader + " header is not supported");
        }
        int limit = DEFAULT_LIMIT;
        String limitText = queryParam.apply("limit");
        if (limitText != null && !limitText.isEmpty()) {
            try {
                limit = (int) Math.clamp(Long.parseLong(limitText), Integer.MIN_VALUE, Integer.MAX_VALUE);
            } catch (NumberFormatException e) {
                return error("unable to parse 'limit' parameter: strconv.ParseInt: parsing " + GoQuote.quote(limitText)
                        + ": " + (limitText.matches("[+-]?\\d+") ? "value out of range" : "invalid syntax"));
            }
        }
        String wanted = allTenants ? null : (tenant == null || tenant.isEmpty() ? defaultTenant : tenant);
        List<MultiTsdb.Tenant> tenants = new ArrayList<>();
        for (MultiTsdb.Tenant t : storage.tenants()) {
            if (wanted == null || t.id().equals(wanted)) {
                tenants.add(t);
            }
        }
        tenants.sort(Comparator.comparing(MultiTsdb.Tenant::id));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeArrayFieldStart("data");
            for (MultiTsdb.Tenant t : tenants) {
                write(g, t.id(), t.db().stats(Labels.METRIC_NAME, limit));
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Response(200, out.toByteArray());
    }

    private static void write(JsonGenerator g, String tenant, HeadStats s) throws IOException {
        g.writeStartObject();
        g.writeStringField("tenant", tenant);
        g.writeObjectFieldStart("headStats");
        g.writeNumberField("numSeries", s.numSeries());
        g.writeNumberField("numLabelPairs", s.numLabelPairs());
        g.writeNumberField("chunkCount", s.chunkCount());
        g.writeNumberField("minTime", s.minTime());
        g.writeNumberField("maxTime", s.maxTime());
        g.writeEndObject();
        list(g, "seriesCountByMetricName", s.seriesCountByMetricName());
        list(g, "labelValueCountByLabelName", s.labelValueCountByLabelName());
        list(g, "memoryInBytesByLabelName", s.memoryInBytesByLabelName());
        list(g, "seriesCountByLabelValuePair", s.seriesCountByLabelValuePair());
        g.writeEndObject();
    }

    private static void list(JsonGenerator g, String field, List<HeadStats.Stat> stats) throws IOException {
        g.writeArrayFieldStart(field);
        for (HeadStats.Stat st : stats) {
            g.writeStartObject();
            g.writeStringField("name", st.name());
            g.writeNumberField("value", st.count());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static Response error(String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", "error");
            g.writeStringField("errorType", "bad_data");
            g.writeStringField("error", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Response(400, out.toByteArray());
    }
}
