package io.jthanos.receive.handler;

import static io.jthanos.receive.testing.Series.body;
import static io.jthanos.receive.testing.Series.labels;
import static io.jthanos.receive.testing.Series.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Matcher;
import io.jthanos.proto.prompb.WriteRequest;
import io.jthanos.proto.writev2.Request;
import io.jthanos.receive.testing.Series;
import io.jthanos.receive.testing.StoreContents;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteWriteHandlerTest {
    @TempDir Path dir;
    ReceiveFixture rx;

    @BeforeEach
    void setUp() throws Exception {
        rx = new ReceiveFixture(dir, "default-tenant");
    }

    @AfterEach
    void tearDown() throws Exception {
        rx.close();
    }

    private Map<String, List<String>> stored(String tenant) throws Exception {
        return StoreContents.read(rx.storage.tenant(tenant).store());
    }

    @Test
    void acceptsAValidRequestAndServesItWithTenantAndExternalLabels() throws Exception {
        RemoteWriteHttpResponse r = rx.post(body(
                of(labels("__name__", "up", "job", "a"), 1000, 1, 2000, 0),
                of(labels("__name__", "up", "job", "b"), 1000, 1)), "THANOS-TENANT", "team-a");
        assertThat(r.status()).isEqualTo(200);
        assertThat(stored("team-a")).containsExactly(
                Map.entry("{__name__=\"up\", job=\"a\", replica=\"a\", tenant_id=\"team-a\"}", List.of("1000=1.0", "2000=0.0")),
                Map.entry("{__name__=\"up\", job=\"b\", replica=\"a\", tenant_id=\"team-a\"}", List.of("1000=1.0")));
        assertThat(rx.registry.get("thanos_receive_write_samples_total").tags("code", "200", "tenant", "team-a").counter()
                .count()).isEqualTo(3);
    }

    @Test
    void defaultTenantWhenTheHeaderIsMissing() throws Exception {
        assertThat(rx.post(body(of(labels("__name__", "x"), 1, 1))).status()).isEqualTo(200);
        assertThat(stored("default-tenant")).containsKey("{__name__=\"x\", replica=\"a\", tenant_id=\"default-tenant\"}");
    }

    @Test
    void corruptSnappyIs400() {
        byte[] good = body(of(labels("__name__", "x"), 1, 1));
        byte[] corrupt = Arrays.copyOf(good, good.length);
        corrupt[corrupt.length - 3] ^= 0x5A;
        corrupt[1] = (byte) 0xFF; // literal tag that runs past the end
        RemoteWriteHttpResponse r = rx.post(corrupt);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).startsWith("snappy decode error");
        assertThat(rx.post(new byte[] {(byte) 0x80}).body()).startsWith("snappy decode error");
    }

    @Test
    void truncatedProtobufIs400() {
        byte[] raw = WriteRequest.newBuilder().addTimeseries(of(labels("__name__", "x"), 1, 1)).build().toByteArray();
        RemoteWriteHttpResponse r = rx.post(Series.snappy(Arrays.copyOf(raw, raw.length - 4)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).startsWith("decode prometheus.WriteRequest: ");
    }

    @Test
    void invalidLabelsAre409AsInThanosNamingTheSeriesAndTheOtherSeriesAreStillWritten() throws Exception {
        RemoteWriteHttpResponse r = rx.post(body(
                of(labels(), 1, 1),
                of(labels("__name__", "dup", "a", "1", "a", "2"), 1, 1),
                of(labels("__name__", "unsorted", "b", "1", "a", "2"), 1, 1),
                of(labels("__name__", "emptyvalue", "a", ""), 1, 1),
                of(labels("__name__", "good"), 5, 7)));
        // Thanos's writer reports labelpb.ErrEmptyLabels/ErrDuplicateLabels/ErrOutOfOrderLabels, which its
        // isConflict counts as conflicts: HTTP 409
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body()).isEqualTo("4 errors: "
                + "label set contains a label with empty name or value: {__name__=\"emptyvalue\", a=\"\"}; "
                + "label set contains a label with empty name or value: {}; "
                + "label set contains duplicate label names: {__name__=\"dup\", a=\"1\", a=\"2\"}; "
                + "out of order labels: {__name__=\"unsorted\", b=\"1\", a=\"2\"}");
        assertThat(stored("default-tenant")).containsOnlyKeys(
                "{__name__=\"good\", replica=\"a\", tenant_id=\"default-tenant\"}");
        assertThat(rx.registry.get("thanos_receive_write_samples_total").tags("code", "409", "tenant", "default-tenant")
                .counter().count()).isEqualTo(5);
    }

    @Test
    void samplesOlderThanTheHeadAndOutOfOrderAre409AndTheRestIsKept() throws Exception {
        long h = 3_600_000L;
        assertThat(rx.post(body(of(labels("__name__", "m", "s", "1"), 10 * h, 1))).status()).isEqualTo(200);
        RemoteWriteHttpResponse old = rx.post(body(
                of(labels("__name__", "m", "s", "1"), 1000, 2),
                of(labels("__name__", "m", "s", "2"), 10 * h, 3)));
        assertThat(old.status()).isEqualTo(409);
        assertThat(old.body()).isEqualTo("out of bounds: 1 of 1 samples rejected for {__name__=\"m\", s=\"1\"}");
        RemoteWriteHttpResponse ooo = rx.post(body(of(labels("__name__", "m", "s", "1"), 10 * h - 1, 2, 10 * h + 1, 4)));
        assertThat(ooo.status()).isEqualTo(409);
        assertThat(ooo.body()).isEqualTo("out of order sample: 1 of 2 samples rejected for {__name__=\"m\", s=\"1\"}");
        RemoteWriteHttpResponse dup = rx.post(body(of(labels("__name__", "m", "s", "1"), 10 * h + 1, 9)));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.body()).startsWith("duplicate sample for timestamp");
        assertThat(stored("default-tenant")).containsExactly(
                Map.entry("{__name__=\"m\", replica=\"a\", s=\"1\", tenant_id=\"default-tenant\"}",
                        List.of(10 * h + "=1.0", (10 * h + 1) + "=4.0")),
                Map.entry("{__name__=\"m\", replica=\"a\", s=\"2\", tenant_id=\"default-tenant\"}", List.of(10 * h + "=3.0")));
    }

    @Test
    void oversizedBodiesAndSnappyBombsAre413WithoutDecompressing() {
        rx.limits.set(LimitsConfig.parse("""
                write:
                  default:
                    request:
                      size_bytes_limit: 200
                """));
        assertThat(rx.post(new byte[201]).status()).isEqualTo(413);
        assertThat(rx.post(new byte[201]).body()).isEqualTo("write request too large");
        // A 5-byte body whose snappy header announces 4 GiB - 1: refused before any allocation.
        byte[] bomb = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        RemoteWriteHttpResponse r = rx.post(bomb);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("write request too large: decompressed size 4294967295 bytes exceeds the limit of 200 bytes");
        // Without tenant limits the global ceiling applies.
        rx.limits.set(LimitsConfig.unlimited());
        byte[] zeros = Series.snappy(new byte[(int) RemoteWriteHandler.DEFAULT_MAX_DECOMPRESSED_BYTES + 1]);
        assertThat(zeros.length).isLessThan(4 << 20);
        assertThat(rx.post(zeros).status()).isEqualTo(413);
    }

    @Test
    void seriesAndSamplesLimitsAre413() {
        rx.limits.set(LimitsConfig.parse("""
                write:
                  default:
                    request: {series_limit: 1, samples_limit: 2}
                  tenants:
                    big:
                      request: {series_limit: 10}
                """));
        assertThat(rx.post(body(of(labels("__name__", "a"), 1, 1), of(labels("__name__", "b"), 1, 1))).body())
                .isEqualTo("too many timeseries");
        assertThat(rx.post(body(of(labels("__name__", "a"), 1, 1, 2, 2, 3, 3))).body()).isEqualTo("too many samples");
        assertThat(rx.post(body(of(labels("__name__", "a"), 1, 1), of(labels("__name__", "b"), 1, 1)),
                "THANOS-TENANT", "big").status()).isEqualTo(200);
        // tenant "big" inherits samples_limit 2 from default
        assertThat(rx.post(body(of(labels("__name__", "a"), 5, 1, 6, 2, 7, 3)), "THANOS-TENANT", "big").status())
                .isEqualTo(413);
    }

    @Test
    void relabelRulesRewriteAndDropSeriesBeforeTheyAreWritten() {
        java.util.List<io.jthanos.proto.prompb.TimeSeries> in = java.util.List.of(
                ts("__name__", "up", "job", "a", "pod", "p1"),
                ts("__name__", "debug_x", "job", "a"),
                ts("__name__", "go_gc", "job", "b"));
        java.util.List<io.jthanos.model.relabel.RelabelConfig> rules = io.jthanos.model.relabel.RelabelConfig.parseList("""
                - source_labels: [__name__]
                  regex: debug_.*
                  action: drop
                - regex: pod
                  action: labeldrop
                - source_labels: [job]
                  target_label: team
                  replacement: team-$1
                """, "--receive.relabel-config");

        io.jthanos.receive.series.SeriesBatch out = RemoteWriteHandler.relabel(
                new io.jthanos.receive.series.ProtoSeriesBatch(in), rules);

        assertThat(out.size()).isEqualTo(2);
        assertThat(out.formatLabels(0)).isEqualTo("{__name__=\"up\", job=\"a\", team=\"team-a\"}");
        assertThat(out.formatLabels(1)).isEqualTo("{__name__=\"go_gc\", job=\"b\", team=\"team-b\"}");
        assertThat(out.sampleCount(0)).isEqualTo(1);
        assertThat(out.value(1, 0)).isEqualTo(7.0);
    }

    private static io.jthanos.proto.prompb.TimeSeries ts(String... pairs) {
        io.jthanos.proto.prompb.TimeSeries.Builder b = io.jthanos.proto.prompb.TimeSeries.newBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.addLabels(io.jthanos.proto.prompb.Label.newBuilder().setName(pairs[i]).setValue(pairs[i + 1]));
        }
        return b.addSamples(io.jthanos.proto.prompb.Sample.newBuilder().setTimestamp(1000).setValue(7)).build();
    }

    @Test
    void aMisspeltLimitsFieldIsAnErrorAsInThanos() {
        assertThatThrownBy(() -> LimitsConfig.parse("write:\n  default:\n    head_series_limt: 10\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("write.default: unknown field head_series_limt");
        assertThatThrownBy(() -> LimitsConfig.parse("write:\n  global:\n    max_concurency: 3\n"))
                .hasMessage("write.global: unknown field max_concurency");
        assertThatThrownBy(() -> LimitsConfig.parse("writes:\n  default: {}\n")).hasMessage("unknown field writes");
        assertThatThrownBy(() -> LimitsConfig.parse("write:\n  tenants:\n    a:\n      request:\n        series: 1\n"))
                .hasMessage("write.tenants.a.request: unknown field series");
        assertThat(LimitsConfig.parse("write:\n  global:\n    max_concurrency: 3\n    meta_monitoring_url: http://p\n")
                .maxConcurrency()).isEqualTo(3);
    }

    @Test
    void headSeriesLimitIs429() {
        rx.limits.set(LimitsConfig.parse("write: {default: {head_series_limit: 2}}"));
        assertThat(rx.post(body(of(labels("__name__", "a"), 1, 1), of(labels("__name__", "b"), 1, 1))).status())
                .isEqualTo(200);
        RemoteWriteHttpResponse r = rx.post(body(of(labels("__name__", "c"), 1, 1)));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.body()).isEqualTo("tenant is above active series limit");
    }

    @Test
    void wrongContentTypeOrEncodingIs415() {
        RemoteWriteHttpResponse json = rx.post(body(of(labels("__name__", "a"), 1, 1)), "Content-Type", "application/json");
        assertThat(json.status()).isEqualTo(415);
        assertThat(json.body()).isEqualTo("unsupported content type: application/json; expected application/x-protobuf");
        assertThat(rx.post(body(of(labels("__name__", "a"), 1, 1)), "Content-Encoding", "gzip").status()).isEqualTo(415);
        assertThat(rx.post(body(of(labels("__name__", "a"), 1, 1)), "Content-Type",
                "application/x-protobuf;proto=io.prometheus.write.v3.Request").status()).isEqualTo(415);
    }

    @Test
    void missingTenantWithTenancyEnforcedIs400() throws Exception {
        try (ReceiveFixture enforced = new ReceiveFixture(dir.resolve("enforced"), "")) {
            RemoteWriteHttpResponse r = enforced.post(body(of(labels("__name__", "a"), 1, 1)));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).isEqualTo("missing tenant: no THANOS-TENANT header and no default tenant configured");
            assertThat(enforced.post(body(of(labels("__name__", "a"), 1, 1)), "THANOS-TENANT", "t").status()).isEqualTo(200);
            assertThat(enforced.post(body(of(labels("__name__", "a"), 1, 1)), "THANOS-TENANT", "../etc").status())
                    .isEqualTo(400);
        }
    }

    @Test
    void badReplicaHeaderIs400AndNotReadyIs503() {
        RemoteWriteHttpResponse r = rx.post(body(of(labels("__name__", "a"), 1, 1)), "THANOS-REPLICA", "one");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("could not parse replica header");
        rx.ready.set(false);
        assertThat(rx.post(body(of(labels("__name__", "a"), 1, 1))).status()).isEqualTo(503);
    }

    @Test
    void remoteWrite2IsTranslatedAndAnswered204WithWrittenHeaders() throws Exception {
        Request v2 = Request.newBuilder().addAllSymbols(List.of("", "__name__", "up", "job", "api"))
                .addTimeseries(io.jthanos.proto.writev2.TimeSeries.newBuilder().addAllLabelsRefs(List.of(1, 2, 3, 4))
                        .addSamples(io.jthanos.proto.writev2.Sample.newBuilder().setTimestamp(1000).setValue(1))
                        .addSamples(io.jthanos.proto.writev2.Sample.newBuilder().setTimestamp(2000).setValue(2)))
                .build();
        RemoteWriteHttpResponse r = rx.post(Series.snappy(v2.toByteArray()), "Content-Type",
                "application/x-protobuf;proto=io.prometheus.write.v2.Request", "X-Prometheus-Remote-Write-Version", "2.0.0");
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.headers()).containsEntry("X-Prometheus-Remote-Write-Samples-Written", "2")
                .containsEntry("X-Prometheus-Remote-Write-Histograms-Written", "0")
                .containsEntry("X-Prometheus-Remote-Write-Exemplars-Written", "0");
        assertThat(StoreContents.read(rx.storage.tenant("default-tenant").store(), Matcher.equal("job", "api")))
                .containsExactly(Map.entry("{__name__=\"up\", job=\"api\", replica=\"a\", tenant_id=\"default-tenant\"}",
                        List.of("1000=1.0", "2000=2.0")));

        Request badRef = Request.newBuilder().addAllSymbols(List.of("", "a"))
                .addTimeseries(io.jthanos.proto.writev2.TimeSeries.newBuilder().addAllLabelsRefs(List.of(1, 7))).build();
        RemoteWriteHttpResponse bad = rx.post(Series.snappy(badRef.toByteArray()), "Content-Type",
                "application/x-protobuf;proto=io.prometheus.write.v2.Request");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("invalid remote write 2.0 request: series 0 references symbol 7 of 2");
    }

    @Test
    void acknowledgedSamplesSurviveAReopen() throws Exception {
        assertThat(rx.post(body(of(labels("__name__", "durable"), 1000, 42))).status()).isEqualTo(200);
        rx.close();
        rx = new ReceiveFixture(dir, "default-tenant");
        rx.storage.openExisting();
        assertThat(stored("default-tenant")).containsExactly(Map.entry(
                "{__name__=\"durable\", replica=\"a\", tenant_id=\"default-tenant\"}", List.of("1000=42.0")));
    }
}
