package io.jthanos.receive.handler;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.relabel.RelabelConfig;
import io.jthanos.model.relabel.Relabeler;
import io.jthanos.proto.prompb.Label;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.receive.ReceiveMetrics;
import io.jthanos.receive.replication.RouteResult;
import io.jthanos.receive.replication.WriteRouter;
import io.jthanos.receive.series.ProtoSeriesBatch;
import io.jthanos.receive.series.SeriesBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/receive} (after Thanos's {@code receiveHTTP}). In order: readiness (503), tenant
 * from the tenant header or the default tenant (400 when neither), head-series limit (429), content type
 * and encoding (415), compressed size (413), snappy (400) with the decompressed size checked before
 * decompressing (413), protobuf (400), replica header (400), series and samples limits (413), then routing
 * with replication and quorum: 503 unavailable/not ready, 409 conflicts, 500 otherwise. As in Thanos,
 * series with invalid labels (empty, duplicate or unsorted names) are conflicts, rejected by the writer
 * that would store them (409 naming the series) while the other series are still written. Success is 200
 * for remote-write 1.0 and 204 with the {@code X-Prometheus-Remote-Write-*-Written} headers for 2.0.
 */
public final class RemoteWriteHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteHandler.class);
    /** Decompressed-size ceiling when no tenant limit is set. */
    public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 64L << 20;

    /**
     * @param tenantHeader {@code --receive.tenant-header}
     * @param defaultTenant {@code --receive.default-tenant-id}; empty enforces the tenant header
     * @param replicaHeader {@code --receive.replica-header}
     * @param relabel {@code --receive.relabel-config}: applied to each series after the request limits, as in
     *     Thanos; a series the rules drop is not written
     */
    public record Options(String tenantHeader, String defaultTenant, String replicaHeader, long maxDecompressedBytes,
            List<RelabelConfig> relabel) {
        public Options {
            Objects.requireNonNull(tenantHeader);
            Objects.requireNonNull(defaultTenant);
            Objects.requireNonNull(replicaHeader);
            relabel = List.copyOf(relabel);
        }

        /** Without relabelling. */
        public Options(String tenantHeader, String defaultTenant, String replicaHeader, long maxDecompressedBytes) {
            this(tenantHeader, defaultTenant, replicaHeader, maxDecompressedBytes, List.of());
        }
    }

    private final Options options;
    private final BooleanSupplier ready;
    private final Supplier<LimitsConfig> limits;
    private final ToLongFunction<String> headSeries;
    private final WriteRouter router;
    private final ReceiveMetrics metrics;
    private volatile Semaphore writeGate;
    private volatile int writeGatePermits;

    public RemoteWriteHandler(Options options, BooleanSupplier ready, Supplier<LimitsConfig> limits,
            ToLongFunction<String> headSeries, WriteRouter router, ReceiveMetrics metrics) {
        this.options = options;
        this.ready = ready;
        this.limits = limits;
        this.headSeries = headSeries;
        this.router = router;
        this.metrics = metrics;
    }

    /** Handles one request; never throws. */
    public RemoteWriteHttpResponse handle(RemoteWriteHttpRequest request) {
        if (!ready.getAsBoolean()) {
            return RemoteWriteHttpResponse.of(503, "Service Unavailable");
        }
        String tenant = request.header().apply(options.tenantHeader());
        if (tenant == null || tenant.isEmpty()) {
            tenant = options.defaultTenant();
        }
        if (tenant.isEmpty()) {
            return RemoteWriteHttpResponse.of(400, "missing tenant: no " + options.tenantHeader()
                    + " header and no default tenant configured");
        }
        LimitsConfig config = limits.get();
        Semaphore gate = gate(config.maxConcurrency());
        if (gate != null) {
            gate.acquireUninterruptibly();
        }
        try {
            return handle(request, tenant, config.forTenant(tenant));
        } finally {
            if (gate != null) {
                gate.release();
            }
        }
    }

    private Semaphore gate(int permits) {
        if (permits <= 0) {
            return null;
        }
        if (writeGatePermits != permits) {
            synchronized (this) {
                if (writeGatePermits != permits) {
                    writeGate = new Semaphore(permits);
                    writeGatePermits = permits;
                }
            }
        }
        return writeGate;
    }

    private RemoteWriteHttpResponse handle(RemoteWriteHttpRequest request, String tenant, TenantLimits limits) {
        if (limits.headSeriesLimit() > 0 && headSeries.applyAsLong(tenant) >= limits.headSeriesLimit()) {
            return done(tenant, 0, 0, RemoteWriteHttpResponse.of(429, "tenant is above active series limit"));
        }
        SeriesBatch series;
        RemoteWriteVersion version;
        long replica = 0;
        try {
            version = RemoteWriteDecoder.version(request.header().apply("Content-Type"),
                    request.header().apply("Content-Encoding"));
            byte[] body = request.body();
            if (limits.sizeBytesLimit() > 0 && body.length > limits.sizeBytesLimit()) {
                throw new RemoteWriteException(413, "write request too large");
            }
            long maxDecompressed = limits.sizeBytesLimit() > 0 ? limits.sizeBytesLimit() : options.maxDecompressedBytes();
            byte[] raw = RemoteWriteDecoder.decompress(body, maxDecompressed);
            series = RemoteWriteDecoder.decode(raw, version);
            String replicaRaw = request.header().apply(options.replicaHeader());
            if (replicaRaw != null && !replicaRaw.isEmpty()) {
                try {
                    replica = Long.parseUnsignedLong(replicaRaw);
                } catch (NumberFormatException e) {
                    throw new RemoteWriteException(400, "could not parse replica header");
                }
            }
        } catch (RemoteWriteException e) {
            return done(tenant, 0, 0, RemoteWriteHttpResponse.of(e.status(), e.getMessage()));
        }
        if (series.size() == 0) {
            return done(tenant, 0, 0, success(version, 0));
        }
        long samples = series.sampleCount();
        if (limits.seriesLimit() > 0 && series.size() > limits.seriesLimit()) {
            return done(tenant, series.size(), samples, RemoteWriteHttpResponse.of(413, "too many timeseries"));
        }
        if (limits.samplesLimit() > 0 && samples > limits.samplesLimit()) {
            return done(tenant, series.size(), samples, RemoteWriteHttpResponse.of(413, "too many samples"));
        }

        if (!options.relabel().isEmpty()) {
            series = relabel(series, options.relabel());
            if (series.size() == 0) {
                return done(tenant, 0, 0, success(version, 0));
            }
        }
        RouteResult routed = router.write(tenant, replica, series);
        if (routed.ok()) {
            return done(tenant, series.size(), samples, success(version, routed.samplesWritten()));
        }
        int status = routed.cause().httpStatus();
        if (status >= 500) {
            LOG.atWarn().addKeyValue("tenant", tenant).addKeyValue("status", status).addKeyValue("err", routed.message())
                    .log("write request failed");
        }
        return done(tenant, series.size(), samples, RemoteWriteHttpResponse.of(status, routed.message()));
    }

    /** The series relabelled by {@code rules}, without those they drop or leave without labels. */
    static SeriesBatch relabel(SeriesBatch series, List<RelabelConfig> rules) {
        List<TimeSeries> out = new ArrayList<>(series.size());
        for (int i = 0, n = series.size(); i < n; i++) {
            TimeSeries ts = series.timeSeries(i);
            LabelsBuilder in = new LabelsBuilder();
            for (Label l : ts.getLabelsList()) {
                in.set(l.getName(), l.getValue());
            }
            Labels relabelled = Relabeler.process(in.build(), rules);
            if (relabelled == null || relabelled.isEmpty()) {
                continue;
            }
            TimeSeries.Builder b = ts.toBuilder().clearLabels();
            relabelled.forEach((name, value) -> b.addLabels(Label.newBuilder().setName(name).setValue(value)));
            out.add(b.build());
        }
        return new ProtoSeriesBatch(out);
    }

    private static RemoteWriteHttpResponse success(RemoteWriteVersion version, long samplesWritten) {
        if (version == RemoteWriteVersion.V1) {
            return RemoteWriteHttpResponse.of(200, "");
        }
        return new RemoteWriteHttpResponse(204, "", Map.of(
                "X-Prometheus-Remote-Write-Samples-Written", Long.toString(samplesWritten),
                "X-Prometheus-Remote-Write-Histograms-Written", "0",
                "X-Prometheus-Remote-Write-Exemplars-Written", "0"));
    }

    private RemoteWriteHttpResponse done(String tenant, int series, long samples, RemoteWriteHttpResponse response) {
        metrics.request(response.status(), tenant, series, samples);
        return response;
    }
}
