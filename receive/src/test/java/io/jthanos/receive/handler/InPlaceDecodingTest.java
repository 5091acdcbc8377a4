package io.jthanos.receive.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jthanos.model.Labels;
import io.jthanos.proto.prompb.Exemplar;
import io.jthanos.proto.prompb.Histogram;
import io.jthanos.proto.prompb.Label;
import io.jthanos.proto.prompb.MetricMetadata;
import io.jthanos.proto.prompb.Sample;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.proto.prompb.WriteRequest;
import io.jthanos.receive.hashring.SeriesHash;
import io.jthanos.receive.series.ProtoSeriesBatch;
import io.jthanos.receive.series.SeriesBatch;
import io.jthanos.receive.series.WriteRequestBytes;
import io.jthanos.tsdb.head.LabelsKey;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The in-place remote-write 1.0 decoder ({@link WriteRequestBytes}) against the generated protobuf parser on
 * random requests, valid and invalid: the same 400 answer, or the same series (labels, validation verdict,
 * messages, samples, head key, routing hash, forwarded message).
 */
class InPlaceDecodingTest {
    private static final String[] NAMES = {"__name__", "a", "b", "instance", "job", "", "é", "zone", "\uD83D\uDE00", "a\u0000"};
    private static final String[] VALUES = {"up", "", "1", "node-exporter", "10.0.0.1:9100", "ü", "値", "\uD83D\uDE00x", "x\u007F"};

    @Test
    void generatedShapesAreReadInPlaceAndDecodeAsTheGeneratedParserDoes() throws Exception {
        Random random = new Random(42);
        int inPlace = 0;
        for (int round = 0; round < 3000; round++) {
            WriteRequest request = randomRequest(random, false);
            byte[] raw = request.toByteArray();
            if (WriteRequestBytes.parse(raw) != null) {
                inPlace++;
            }
            compare(raw, random);
        }
        assertThat(inPlace).isEqualTo(3000);
    }

    @Test
    void otherShapesFallBackAndStillDecodeAsTheGeneratedParserDoes() throws Exception {
        Random random = new Random(7);
        int fallbacks = 0;
        for (int round = 0; round < 3000; round++) {
            WriteRequest request = randomRequest(random, true);
            byte[] raw = request.toByteArray();
            if (WriteRequestBytes.parse(raw) == null) {
                fallbacks++;
            }
            compare(raw, random);
        }
        assertThat(fallbacks).isGreaterThan(500);
    }

    @Test
    void handEncodedVariantsDecodeAsTheGeneratedParserDoes() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 5000; round++) {
            compare(handEncoded(random), random);
        }
    }

    @Test
    void corruptedRequestsGetTheGeneratedParsersAnswer() throws Exception {
        Random random = new Random(13);
        int errors = 0;
        for (int round = 0; round < 5000; round++) {
            byte[] raw = random.nextBoolean() ? randomRequest(random, false).toByteArray() : handEncoded(random);
            if (raw.length == 0) {
                continue;
            }
            switch (random.nextInt(4)) {
                case 0 -> raw = Arrays.copyOf(raw, random.nextInt(raw.length));
                case 1 -> raw[random.nextInt(raw.length)] ^= (byte) (1 << random.nextInt(8));
                case 2 -> raw[random.nextInt(raw.length)] = (byte) random.nextInt(256);
                default -> {
                    byte[] longer = Arrays.copyOf(raw, raw.length + 1 + random.nextInt(4));
                    int at = random.nextInt(raw.length);
                    System.arraycopy(raw, at, longer, longer.length - (raw.length - at), raw.length - at);
                    for (int i = at; i < longer.length - (raw.length - at); i++) {
                        longer[i] = (byte) random.nextInt(256);
                    }
                    raw = longer;
                }
            }
            if (compare(raw, random)) {
                errors++;
            }
        }
        assertThat(errors).isGreaterThan(500);
    }

    /** Compares both decoders on {@code raw}; returns whether it was rejected. */
    private static boolean compare(byte[] raw, Random random) throws Exception {
        SeriesBatch fast;
        RemoteWriteException fastError = null;
        try {
            fast = RemoteWriteDecoder.decode(raw, RemoteWriteVersion.V1);
        } catch (RemoteWriteException e) {
            fast = null;
            fastError = e;
        }
        List<TimeSeries> expected;
        try {
            expected = RemoteWriteDecoder.decodeMessages(raw, RemoteWriteVersion.V1);
        } catch (RemoteWriteException e) {
            assertThat(fastError).as("in-place decoder accepted what the generated parser rejects: %s", e.getMessage())
                    .isNotNull();
            assertThat(fastError.status()).isEqualTo(e.status());
            assertThat(fastError.getMessage()).isEqualTo(e.getMessage());
            return true;
        }
        if (fastError != null) {
            fail("in-place path rejected what the generated parser accepts: " + fastError.getMessage());
        }
        SeriesBatch slow = new ProtoSeriesBatch(expected);
        assertThat(fast.size()).isEqualTo(slow.size());
        assertThat(fast.sampleCount()).isEqualTo(slow.sampleCount());
        for (int i = 0; i < slow.size(); i++) {
            assertThat(fast.formatLabels(i)).isEqualTo(slow.formatLabels(i));
            assertThat(fast.invalidLabels(i)).as(slow.formatLabels(i)).isEqualTo(slow.invalidLabels(i));
            assertThat(fast.hasHistograms(i)).isEqualTo(slow.hasHistograms(i));
            assertThat(fast.sampleCount(i)).isEqualTo(slow.sampleCount(i));
            for (int s = 0; s < slow.sampleCount(i); s++) {
                assertThat(fast.timestamp(i, s)).isEqualTo(slow.timestamp(i, s));
                assertThat(Double.doubleToRawLongBits(fast.value(i, s))).isEqualTo(Double.doubleToRawLongBits(slow.value(i, s)));
            }
            assertThat(fast.timeSeries(i)).isEqualTo(expected.get(i));
            assertThat(routingHash(fast, i)).isEqualTo(routingHash(slow, i));
            if (slow.invalidLabels(i) == null) {
                Labels labels = slow.labelsKey(i).toLabels();
                LabelsKey key = fast.labelsKey(i);
                assertThat(key.toLabels()).isEqualTo(labels);
                assertThat(key.labelsHash()).isEqualTo(labels.hashCode());
                assertThat(key.matches(labels)).isTrue();
                Labels other = randomValidLabels(random);
                assertThat(key.matches(other)).as("%s vs %s", labels, other).isEqualTo(labels.equals(other));
                if (labels.size() > 0) {
                    String[] changed = new String[2 * labels.size()];
                    for (int l = 0; l < labels.size(); l++) {
                        changed[2 * l] = labels.name(l);
                        changed[2 * l + 1] = labels.value(l);
                    }
                    changed[2 * random.nextInt(labels.size()) + 1] += "x";
                    assertThat(key.matches(Labels.fromSortedPairs(changed))).isFalse();
                }
            }
        }
        return false;
    }

    private static long routingHash(SeriesBatch batch, int i) {
        SeriesHash hash = new SeriesHash().begin("tenant");
        batch.hashLabels(i, hash);
        return hash.finish();
    }

    private static Labels randomValidLabels(Random random) {
        List<String> pairs = new ArrayList<>();
        for (String name : NAMES) {
            if (!name.isEmpty() && random.nextInt(3) == 0) {
                pairs.add(name);
                pairs.add(VALUES[random.nextInt(VALUES.length)]);
            }
        }
        return Labels.of(pairs.toArray(new String[0]));
    }

    /** A request with mostly valid, sometimes invalid labels; with {@code extras}, exemplars, histograms, metadata. */
    private static WriteRequest randomRequest(Random random, boolean extras) {
        WriteRequest.Builder b = WriteRequest.newBuilder();
        int series = random.nextInt(6);
        for (int i = 0; i < series; i++) {
            TimeSeries.Builder ts = TimeSeries.newBuilder();
            if (random.nextInt(4) == 0) {
                int n = random.nextInt(5);
                for (int l = 0; l < n; l++) {
                    ts.addLabels(Label.newBuilder().setName(NAMES[random.nextInt(NAMES.length)])
                            .setValue(VALUES[random.nextInt(VALUES.length)]));
                }
            } else {
                Labels labels = randomValidLabels(random);
                for (int l = 0; l < labels.size(); l++) {
                    ts.addLabels(Label.newBuilder().setName(labels.name(l)).setValue(labels.value(l)));
                }
            }
            int samples = random.nextInt(4);
            for (int s = 0; s < samples; s++) {
                ts.addSamples(Sample.newBuilder().setTimestamp(randomTimestamp(random)).setValue(randomValue(random)));
            }
            if (extras && random.nextInt(4) == 0) {
                ts.addExemplars(Exemplar.newBuilder().setTimestamp(5).setValue(1));
            }
            if (extras && random.nextInt(4) == 0) {
                ts.addHistograms(Histogram.newBuilder().setTimestamp(5).setSum(2));
            }
            b.addTimeseries(ts);
        }
        if (extras && random.nextInt(4) == 0) {
            b.addMetadata(MetricMetadata.newBuilder().setMetricFamilyName("up").setHelp("h"));
        }
        return b.build();
    }

    private static long randomTimestamp(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextLong();
            case 2 -> -random.nextInt(1000);
            default -> 1_700_000_000_000L + random.nextInt(1_000_000);
        };
    }

    private static double randomValue(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> Double.NaN;
            case 3 -> Double.longBitsToDouble(random.nextLong());
            case 4 -> Double.POSITIVE_INFINITY;
            default -> random.nextInt(1000) / 7.0;
        };
    }

    /**
     * A request written by hand with what generated encoders never produce but parsers must accept or
     * reject: fields out of order or repeated, non-minimal varints, unknown fields, raw (possibly invalid)
     * UTF-8.
     */
    private static byte[] handEncoded(Random random) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        int series = random.nextInt(4);
        for (int i = 0; i < series; i++) {
            ByteArrayOutputStream ts = new ByteArrayOutputStream();
            int parts = random.nextInt(6);
            for (int p = 0; p < parts; p++) {
                if (random.nextBoolean()) {
                    ByteArrayOutputStream label = new ByteArrayOutputStream();
                    int fields = random.nextInt(4);
                    for (int f = 0; f < fields; f++) {
                        int field = random.nextInt(10) == 0 ? 3 : 1 + random.nextInt(2);
                        byte[] text = randomUtf8ish(random, field == 1);
                        lengthDelimited(label, field, text, random);
                    }
                    lengthDelimited(ts, 1, label.toByteArray(), random);
                } else {
                    ByteArrayOutputStream sample = new ByteArrayOutputStream();
                    int fields = random.nextInt(4);
                    for (int f = 0; f < fields; f++) {
                        if (random.nextBoolean()) {
                            varint(sample, 1 << 3 | 1, random);
                            long bits = Double.doubleToRawLongBits(randomValue(random));
                            for (int k = 0; k < 8; k++) {
                                sample.write((int) (bits >>> (8 * k)));
                            }
                        } else if (random.nextInt(8) > 0) {
                            varint(sample, 2 << 3, random);
                            varint(sample, randomTimestamp(random), random);
                        } else {
                            varint(sample, 7 << 3, random); // unknown varint field
                            varint(sample, random.nextInt(100), random);
                        }
                    }
                    lengthDelimited(ts, 2, sample.toByteArray(), random);
                }
            }
            if (random.nextInt(10) == 0) {
                lengthDelimited(ts, 9, new byte[] {1, 2}, random); // unknown field
            }
            lengthDelimited(request, 1, ts.toByteArray(), random);
        }
        return request.toByteArray();
    }

    private static byte[] randomUtf8ish(Random random, boolean name) {
        if (random.nextInt(6) > 0) {
            String s = name ? NAMES[random.nextInt(NAMES.length)] : VALUES[random.nextInt(VALUES.length)];
            return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        byte[][] odd = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
            {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF}, {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        byte[] o = odd[random.nextInt(odd.length)];
        byte[] out = new byte[o.length + 2];
        out[0] = 'a';
        System.arraycopy(o, 0, out, 1, o.length);
        out[out.length - 1] = 'z';
        return out;
    }

    private static void lengthDelimited(ByteArrayOutputStream out, int field, byte[] payload, Random random) {
        varint(out, field << 3 | 2, random);
        varint(out, payload.length, random);
        out.writeBytes(payload);
    }

    /** A varint, sometimes with redundant continuation bytes. */
    private static void varint(ByteArrayOutputStream out, long v, Random random) {
        int padding = random.nextInt(12) == 0 ? 1 + random.nextInt(3) : 0;
        while (true) {
            if ((v & ~0x7FL) == 0 && padding == 0) {
                out.write((int) v);
                return;
            }
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
            if ((v == 0) && padding > 0) {
                padding--;
            }
        }
    }
}
