package io.jthanos.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.proto.labelpb.Label;
import io.jthanos.proto.storepb.AggrChunk;
import io.jthanos.proto.storepb.Chunk;
import io.jthanos.proto.storepb.Series;
import io.jthanos.proto.storepb.SeriesBatch;
import io.jthanos.proto.storepb.SeriesResponse;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreSeries;
import io.jthanos.tsdb.chunkenc.Encoding;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SeriesResponseEncoder} and {@link SeriesResponseDecoder} against the generated protobuf code on random
 * messages: the encoder must write exactly the generated code's bytes, and the decoder must read what the
 * generated parser (plus {@link StoreProtos}) reads, including messages our encoder never writes (unsorted
 * labels, empty values, hints, unknown fields, chunk hashes, downsampled chunks, chunks without data).
 */
class SeriesResponseWireTest {
    private static final String[] NAMES = {"__name__", "job", "instance", "ünïcødé", "名前", "le", "a", "replica", "😀"};
    private static final String[] VALUES = {"up", "job-1", "host:9090", "ĉu vi", "値", "0.5", "x", "", "🙂 smile",
        "tab\there", "quote\"d"};

    @Test
    void encoderWritesTheGeneratedBytes() {
        Random r = new Random(42);
        for (int round = 0; round < 500; round++) {
            int n = r.nextInt(6);
            List<StoreSeries> series = new ArrayList<>();
            SeriesResponseEncoder encoder = new SeriesResponseEncoder();
            SeriesBatch.Builder batch = SeriesBatch.newBuilder();
            for (int i = 0; i < n; i++) {
                StoreSeries s = randomSeries(r);
                series.add(s);
                int from = s.chunks().isEmpty() ? 0 : r.nextInt(s.chunks().size());
                int to = from + (s.chunks().isEmpty() ? 0 : r.nextInt(s.chunks().size() - from + 1));
                encoder.add(new SeriesResponseEncoder.EncodedLabels(s.labels()), s.chunks(), from, to);
                batch.addSeries(generated(s.labels(), s.chunks().subList(from, to)));
            }
            if (n > 0) {
                assertThat(bytes(encoder.finishBatch())).as("round %d", round)
                        .isEqualTo(SeriesResponse.newBuilder().setBatch(batch).build().toByteArray());
            }

            StoreSeries one = randomSeries(r);
            encoder.add(new SeriesResponseEncoder.EncodedLabels(one.labels()), one.chunks(), 0, one.chunks().size());
            assertThat(bytes(encoder.finishSingle())).as("single, round %d", round)
                    .isEqualTo(SeriesResponse.newBuilder().setSeries(generated(one.labels(), one.chunks())).build()
                            .toByteArray());
        }
    }

    @Test
    void encoderWritesWarningsAsTheGeneratedCode() {
        for (String w : new String[] {"", "store x: timeout", "ünïcødé 😀 " + "x".repeat(300)}) {
            assertThat(bytes(SeriesResponseEncoder.warning(w)))
                    .isEqualTo(SeriesResponse.newBuilder().setWarning(w).build().toByteArray());
        }
    }

    @Test
    void decoderReadsWhatTheGeneratedParserReads() throws Exception {
        Random r = new Random(7);
        for (int round = 0; round < 1000; round++) {
            SeriesResponse message = randomResponse(r);
            byte[] wire = message.toByteArray();
            SeriesResponseDecoder.Decoded got = SeriesResponseDecoder.decode(wire);
            SeriesResponse parsed = SeriesResponse.parseFrom(wire);
            List<Series> frames = switch (parsed.getResultCase()) {
                case SERIES -> List.of(parsed.getSeries());
                case BATCH -> parsed.getBatch().getSeriesList();
                default -> List.of();
            };
            assertThat(got.warning()).as("round %d", round)
                    .isEqualTo(parsed.getResultCase() == SeriesResponse.ResultCase.WARNING ? parsed.getWarning() : null);
            List<StoreSeries> want = new ArrayList<>();
            for (Series f : frames) {
                List<StoreChunk> chunks = new ArrayList<>();
                for (AggrChunk c : f.getChunksList()) {
                    StoreChunk sc = StoreProtos.fromProto(c);
                    if (sc != null) {
                        chunks.add(sc);
                    }
                }
                want.add(new StoreSeries(StoreProtos.labels(f.getLabelsList()), chunks));
            }
            assertSameSeries(got.series(), joined(want), "round " + round);
        }
    }

    /** Consecutive frames with equal labels as one series: what the decoder makes of them. */
    private static List<StoreSeries> joined(List<StoreSeries> frames) {
        List<StoreSeries> out = new ArrayList<>();
        for (StoreSeries f : frames) {
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).labels().equals(f.labels())) {
                List<StoreChunk> chunks = new ArrayList<>(out.get(last).chunks());
                chunks.addAll(f.chunks());
                out.set(last, new StoreSeries(f.labels(), chunks));
            } else {
                out.add(f);
            }
        }
        return out;
    }

    private static void assertSameSeries(List<StoreSeries> have, List<StoreSeries> want, String what) {
        assertThat(have).as(what).hasSize(want.size());
        for (int i = 0; i < want.size(); i++) {
            assertThat(have.get(i).labels()).as(what + " series " + i).isEqualTo(want.get(i).labels());
            assertSameChunks(have.get(i).chunks(), want.get(i).chunks(), what + " series " + i);
        }
    }

    /** Chunk times of every varint length, near the end of the message (fewer than 8 bytes left) and not. */
    @Test
    void chunkTimesOfEveryVarintLengthDecode() throws Exception {
        List<Long> values = new ArrayList<>(List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1_700_000_000_000L));
        for (int bits = 1; bits < 64; bits++) {
            values.add((1L << bits) - 1);
            values.add(1L << bits);
            values.add(-(1L << bits));
        }
        for (long min : values) {
            for (long max : new long[] {0, min, 127, 1L << 35}) {
                Series.Builder series = Series.newBuilder().addLabels(Label.newBuilder().setName("a").setValue("b"))
                        .addChunks(AggrChunk.newBuilder().setMinTime(min).setMaxTime(max)
                                .setRaw(Chunk.newBuilder().setData(ByteString.copyFrom(new byte[] {0, 0}))));
                for (SeriesResponse message : List.of(SeriesResponse.newBuilder().setSeries(series).build(),
                        SeriesResponse.newBuilder().setBatch(SeriesBatch.newBuilder().addSeries(series)
                                .addSeries(series.setLabels(0, Label.newBuilder().setName("a").setValue("c")))).build())) {
                    SeriesResponseDecoder.Decoded got = SeriesResponseDecoder.decode(message.toByteArray());
                    for (StoreSeries s : got.series()) {
                        assertThat(s.chunks()).singleElement().satisfies(c -> {
                            assertThat(c.minTime()).as("min %d", min).isEqualTo(min);
                            assertThat(c.maxTime()).as("max %d", max).isEqualTo(max);
                        });
                    }
                }
            }
        }
    }

    @Test
    void encodedSeriesDecodeToThemselves() {
        Random r = new Random(3);
        for (int round = 0; round < 300; round++) {
            SeriesResponseEncoder encoder = new SeriesResponseEncoder();
            List<StoreSeries> in = new ArrayList<>();
            for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
                StoreSeries s = randomSeries(r);
                in.add(s);
                encoder.add(new SeriesResponseEncoder.EncodedLabels(s.labels()), s.chunks(), 0, s.chunks().size());
            }
            SeriesResponseDecoder.Decoded out = SeriesResponseDecoder.decode(bytes(encoder.finishBatch()));
            assertThat(out.warning()).isNull();
            assertSameSeries(out.series(), joined(in), "round " + round);
        }
    }

    @Test
    void malformedBytesAreRejectedWithTheirOffset() {
        StoreSeries s = new StoreSeries(Labels.of("__name__", "up"),
                List.of(new StoreChunk(1, 2, Encoding.XOR, MemorySegment.ofArray(new byte[] {1, 2, 3}))));
        SeriesResponseEncoder encoder = new SeriesResponseEncoder();
        encoder.add(new SeriesResponseEncoder.EncodedLabels(s.labels()), s.chunks(), 0, 1);
        byte[] wire = bytes(encoder.finishBatch());
        for (int cut = 1; cut < wire.length; cut++) {
            byte[] truncated = Arrays.copyOf(wire, cut);
            assertThatThrownBy(() -> SeriesResponseDecoder.decode(truncated)).as("cut at %d", cut)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byte");
        }
    }

    private static void assertSameChunks(List<StoreChunk> have, List<StoreChunk> want, String what) {
        assertThat(have).as(what).hasSize(want.size());
        for (int i = 0; i < want.size(); i++) {
            StoreChunk h = have.get(i);
            StoreChunk w = want.get(i);
            assertThat(h.sameContent(w)).as("%s chunk %d: %s vs %s", what, i, h, w).isTrue();
        }
    }

    private static byte[] bytes(EncodedSeriesResponse r) {
        return Arrays.copyOfRange(r.bytes(), r.offset(), r.offset() + r.length());
    }

    private static Series generated(Labels labels, List<StoreChunk> chunks) {
        Series.Builder b = Series.newBuilder().addAllLabels(StoreProtos.labels(labels));
        for (StoreChunk c : chunks) {
            b.addChunks(StoreProtos.toProto(c));
        }
        return b.build();
    }

    private static StoreSeries randomSeries(Random r) {
        LabelsBuilder b = new LabelsBuilder();
        for (int i = 0, n = r.nextInt(6); i < n; i++) {
            b.set(pick(r, NAMES), pick(r, VALUES) + (r.nextBoolean() ? "" : Integer.toString(r.nextInt(1000))));
        }
        List<StoreChunk> chunks = new ArrayList<>();
        for (int i = 0, n = r.nextInt(5); i < n; i++) {
            chunks.add(randomChunk(r));
        }
        return new StoreSeries(b.build(), chunks);
    }

    private static StoreChunk randomChunk(Random r) {
        long min = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -r.nextInt(100_000);
            case 2 -> r.nextLong();
            default -> 1_700_000_000_000L + r.nextInt(1_000_000);
        };
        long max = r.nextInt(5) == 0 ? 0 : min + r.nextInt(7_200_000);
        if (r.nextInt(6) == 0) {
            return new StoreChunk(min, max, Encoding.AGGR, MemorySegment.ofArray(aggrPayload(r)));
        }
        Encoding e = switch (r.nextInt(4)) {
            case 0 -> Encoding.HISTOGRAM;
            case 1 -> Encoding.FLOAT_HISTOGRAM;
            default -> Encoding.XOR;
        };
        return new StoreChunk(min, max, e, MemorySegment.ofArray(randomBytes(r, r.nextInt(10) == 0 ? 0 : 300)));
    }

    /** Five sub-chunks (count, sum, min, max, counter), each absent or {@code uvarint len, encoding byte, data}. */
    private static byte[] aggrPayload(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean any = false;
        for (int i = 0; i < 5; i++) {
            int len = r.nextBoolean() && (any || i < 4) ? 0 : 1 + r.nextInt(200);
            any |= len > 0;
            int v = len;
            while (v >= 0x80) {
                out.write((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.write(v);
            if (len > 0) {
                out.write(1 + r.nextInt(3));
                byte[] data = new byte[len];
                r.nextBytes(data);
                out.writeBytes(data);
            }
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(Random r, int max) {
        byte[] b = new byte[max == 0 ? 0 : r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
    }

    /** Messages as any peer could send them, not only as our encoder writes them. */
    private static SeriesResponse randomResponse(Random r) {
        SeriesResponse.Builder b = SeriesResponse.newBuilder();
        switch (r.nextInt(5)) {
            case 0 -> b.setSeries(randomProtoSeries(r));
            case 1 -> b.setWarning(pick(r, VALUES) + " warning " + r.nextInt());
            case 2 -> b.setHints(Any.newBuilder().setTypeUrl("type.googleapis.com/hintspb.SeriesResponseHints")
                    .setValue(ByteString.copyFrom(randomBytes(r, 50))));
            case 3 -> {
            }
            default -> {
                SeriesBatch.Builder batch = SeriesBatch.newBuilder();
                for (int i = 0, n = r.nextInt(8); i < n; i++) {
                    batch.addSeries(randomProtoSeries(r));
                }
                b.setBatch(batch);
            }
        }
        if (r.nextInt(8) == 0) {
            b.setUnknownFields(unknown(r));
        }
        return b.build();
    }

    private static Series randomProtoSeries(Random r) {
        Series.Builder s = Series.newBuilder();
        for (int i = 0, n = r.nextInt(6); i < n; i++) {
            // Any order, repeated names and empty values: StoreProtos.labels decides what they mean.
            s.addLabels(Label.newBuilder().setName(pick(r, NAMES)).setValue(pick(r, VALUES)));
        }
        for (int i = 0, n = r.nextInt(5); i < n; i++) {
            AggrChunk.Builder c = AggrChunk.newBuilder();
            StoreChunk sc = randomChunk(r);
            if (r.nextInt(5) == 0) {
                c.mergeFrom(AggrChunkCodec.toProto(new StoreChunk(sc.minTime(), sc.maxTime(), Encoding.AGGR,
                        MemorySegment.ofArray(aggrPayload(r)))));
            } else if (r.nextInt(10) == 0) {
                c.setMinTime(sc.minTime()); // neither raw nor aggregates: carries nothing
            } else {
                c.setMinTime(sc.minTime()).setMaxTime(sc.maxTime());
                Chunk.Builder raw = Chunk.newBuilder().setTypeValue(r.nextInt(3))
                        .setData(ByteString.copyFrom(sc.data().toArray(ValueLayout.JAVA_BYTE)));
                if (r.nextInt(4) == 0) {
                    raw.setHash(r.nextLong());
                }
                if (r.nextInt(10) == 0) {
                    raw.setUnknownFields(unknown(r));
                }
                c.setRaw(raw);
            }
            s.addChunks(c);
        }
        if (r.nextInt(10) == 0) {
            s.setUnknownFields(unknown(r));
        }
        return s.build();
    }

    private static UnknownFieldSet unknown(Random r) {
        return UnknownFieldSet.newBuilder()
                .addField(20 + r.nextInt(50), UnknownFieldSet.Field.newBuilder().addVarint(r.nextLong())
                        .addFixed32(r.nextInt()).addFixed64(r.nextLong())
                        .addLengthDelimited(ByteString.copyFrom(randomBytes(r, 20))).build())
                .build();
    }

    private static String pick(Random r, String[] xs) {
        return xs[r.nextInt(xs.length)];
    }
}
