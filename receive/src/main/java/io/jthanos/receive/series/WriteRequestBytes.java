package io.jthanos.receive.series;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jthanos.model.Labels;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.receive.hashring.SeriesHash;
import io.jthanos.tsdb.head.LabelsKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The series of a remote-write 1.0 request read in place: offsets into the decompressed protobuf for
 * label names and values, samples in primitive arrays, and per series the {@code Labels.hashCode()} of
 * its labels computed from the bytes. A series whose labels are ASCII is looked up in the head by that
 * hash and a comparison of the stored label strings with the bytes ({@link #labelsKey}), so a known
 * series costs no allocation; strings are built only for a new series, for messages and for forwarding.
 *
 * <p>Layout: {@code series} holds per series {@link #SERIES_STRIDE} ints (offset and length of the
 * series' message, index of its first label, index of its first sample), plus the first label and
 * sample index past the last series; {@code labels} holds per label name offset, name length, value
 * offset, value length (0 for an absent field: proto3 leaves empty strings out).
 */
public final class WriteRequestBytes implements SeriesBatch {
    static final int SERIES_STRIDE = 4;
    static final int MESSAGE_OFFSET = 0;
    static final int MESSAGE_LENGTH = 1;
    static final int FIRST_LABEL = 2;
    static final int FIRST_SAMPLE = 3;
    static final int LABEL_STRIDE = 4;

    private final byte[] buf;
    private final int size;
    private final int[] series;
    private final int[] labels;
    private final long[] timestamps;
    private final double[] values;
    private final int[] hashes;
    private final boolean[] ascii;

    WriteRequestBytes(byte[] buf, int size, int[] series, int[] labels, long[] timestamps, double[] values, int[] hashes,
            boolean[] ascii) {
        this.buf = buf;
        this.size = size;
        this.series = series;
        this.labels = labels;
        this.timestamps = timestamps;
        this.values = values;
        this.hashes = hashes;
        this.ascii = ascii;
    }

    /**
     * The series of a decompressed {@code prometheus.WriteRequest}, or {@code null} when the request is not
     * of the shape read in place (see {@link WriteRequestParser}); decode those with the generated parser.
     */
    public static WriteRequestBytes parse(byte[] raw) {
        return WriteRequestParser.parse(raw);
    }

    @Override
    public int size() {
        return size;
    }

    private int firstLabel(int i) {
        return series[i * SERIES_STRIDE + FIRST_LABEL];
    }

    private int labelCount(int i) {
        return series[(i + 1) * SERIES_STRIDE + FIRST_LABEL] - firstLabel(i);
    }

    private int firstSample(int i) {
        return series[i * SERIES_STRIDE + FIRST_SAMPLE];
    }

    @Override
    public int sampleCount(int i) {
        return series[(i + 1) * SERIES_STRIDE + FIRST_SAMPLE] - firstSample(i);
    }

    @Override
    public long sampleCount() {
        return series[size * SERIES_STRIDE + FIRST_SAMPLE];
    }

    @Override
    public long timestamp(int i, int s) {
        return timestamps[firstSample(i) + s];
    }

    @Override
    public double value(int i, int s) {
        return values[firstSample(i) + s];
    }

    @Override
    public boolean hasHistograms(int i) {
        return false; // requests with histograms are left to the generated parser
    }

    @Override
    public String invalidLabels(int i) {
        int n = labelCount(i);
        if (n == 0) {
            return LabelsValidator.EMPTY_LABELS;
        }
        int prevOffset = 0, prevLength = -1;
        for (int at = firstLabel(i) * LABEL_STRIDE, end = at + n * LABEL_STRIDE; at < end; at += LABEL_STRIDE) {
            int nameOffset = labels[at], nameLength = labels[at + 1];
            if (nameLength == 0 || labels[at + 3] == 0) {
                return LabelsValidator.EMPTY_LABELS;
            }
            if (prevLength >= 0) {
                // UTF-8 byte order is code point order, the order Labels.compareStrings defines
                int c = Arrays.compareUnsigned(buf, nameOffset, nameOffset + nameLength, buf, prevOffset, prevOffset + prevLength);
                if (c < 0) {
                    return LabelsValidator.OUT_OF_ORDER_LABELS;
                }
                if (c == 0) {
                    return LabelsValidator.DUPLICATE_LABELS;
                }
            }
            prevOffset = nameOffset;
            prevLength = nameLength;
        }
        return null;
    }

    @Override
    public String formatLabels(int i) {
        StringBuilder b = new StringBuilder("{");
        for (int at = firstLabel(i) * LABEL_STRIDE, end = at + labelCount(i) * LABEL_STRIDE; at < end; at += LABEL_STRIDE) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(string(labels[at], labels[at + 1])).append("=\"").append(string(labels[at + 2], labels[at + 3])).append('"');
        }
        return b.append('}').toString();
    }

    @Override
    public LabelsKey labelsKey(int i) {
        return ascii[i] ? new AsciiKey(i) : LabelsKey.of(toLabels(i));
    }

    @Override
    public void hashLabels(int i, SeriesHash hash) {
        for (int at = firstLabel(i) * LABEL_STRIDE, end = at + labelCount(i) * LABEL_STRIDE; at < end; at += LABEL_STRIDE) {
            hash.label(buf, labels[at], labels[at + 1], labels[at + 2], labels[at + 3]);
        }
    }

    @Override
    public TimeSeries timeSeries(int i) {
        try {
            return TimeSeries.parser().parseFrom(buf, series[i * SERIES_STRIDE + MESSAGE_OFFSET],
                    series[i * SERIES_STRIDE + MESSAGE_LENGTH]);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a series the in-place parser accepted does not parse", e);
        }
    }

    private Labels toLabels(int i) {
        int n = labelCount(i);
        String[] pairs = new String[2 * n];
        for (int k = 0, at = firstLabel(i) * LABEL_STRIDE; k < 2 * n; k += 2, at += LABEL_STRIDE) {
            pairs[k] = string(labels[at], labels[at + 1]);
            pairs[k + 1] = string(labels[at + 2], labels[at + 3]);
        }
        return Labels.fromSortedPairs(pairs);
    }

    private String string(int offset, int length) {
        return new String(buf, offset, length, StandardCharsets.UTF_8);
    }

    /** The labels of an ASCII series, compared with stored labels byte by byte. */
    private final class AsciiKey implements LabelsKey {
        private final int series;

        AsciiKey(int series) {
            this.series = series;
        }

        @Override
        public int labelsHash() {
            return hashes[series];
        }

        @Override
        public boolean matches(Labels stored) {
            int n = labelCount(series);
            if (stored.size() != n) {
                return false;
            }
            for (int k = 0, at = firstLabel(series) * LABEL_STRIDE; k < n; k++, at += LABEL_STRIDE) {
                if (!equalsAscii(stored.name(k), labels[at], labels[at + 1])
                        || !equalsAscii(stored.value(k), labels[at + 2], labels[at + 3])) {
                    return false;
                }
            }
            return true;
        }

        private boolean equalsAscii(String s, int offset, int length) {
            if (s.length() != length) {
                return false;
            }
            for (int j = 0; j < length; j++) {
                if (s.charAt(j) != buf[offset + j]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Labels toLabels() {
            int n = labelCount(series);
            String[] pairs = new String[2 * n];
            for (int k = 0, at = firstLabel(series) * LABEL_STRIDE; k < 2 * n; k += 2, at += LABEL_STRIDE) {
                pairs[k] = new String(buf, labels[at], labels[at + 1], StandardCharsets.ISO_8859_1);
                pairs[k + 1] = new String(buf, labels[at + 2], labels[at + 3], StandardCharsets.ISO_8859_1);
            }
            return Labels.fromSortedPairs(pairs);
        }
    }
}
