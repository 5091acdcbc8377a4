package io.jthanos.receive.series;

import java.util.Arrays;

/**
 * Reads the protobuf of a remote-write 1.0 {@code prometheus.WriteRequest} straight from its bytes into a
 * {@link WriteRequestBytes}, without message objects or label strings, for the shape every sender
 * produces: field 1 ({@code timeseries}) only, each series made of field 1 ({@code labels}: a label with
 * at most one {@code name} (1) and one {@code value} (2)) and field 2 ({@code samples}: at most one
 * {@code value} (1, fixed64) and one {@code timestamp} (2, varint)), in any order, with canonical
 * one-byte tags. Anything else (metadata, exemplars, histograms, unknown or repeated fields,
 * malformed or truncated input, invalid UTF-8) is not handled here: {@link #parse} returns
 * {@code null} and the caller decodes the request with the generated parser, which then gives the
 * answer (and the error message) the request has always had. So for every request this parser accepts,
 * the result equals the generated parser's.
 *
 * <p>While reading it checks that label bytes are ASCII (else strictly valid UTF-8, as protobuf requires
 * of {@code string} fields) and computes each series' {@code Labels.hashCode()} from the bytes, for head
 * lookups without strings.
 */
final class WriteRequestParser {
    private static final int TAG_1_LEN = 0x0A; // field 1, length-delimited
    private static final int TAG_2_LEN = 0x12; // field 2, length-delimited
    private static final int TAG_1_FIXED64 = 0x09; // field 1, fixed64
    private static final int TAG_2_VARINT = 0x10; // field 2, varint

    private final byte[] buf;
    private int pos;

    private int[] series;
    private int seriesCount;
    private int[] labels;
    private int labelCount;
    private long[] timestamps;
    private double[] values;
    private int sampleCount;
    private int[] hashes;
    private boolean[] ascii;

    private WriteRequestParser(byte[] buf) {
        this.buf = buf;
        int seriesGuess = Math.max(16, buf.length / 256);
        series = new int[WriteRequestBytes.SERIES_STRIDE * (seriesGuess + 1)];
        hashes = new int[seriesGuess];
        ascii = new boolean[seriesGuess];
        labels = new int[WriteRequestBytes.LABEL_STRIDE * Math.max(64, buf.length / 24)];
        timestamps = new long[seriesGuess];
        values = new double[seriesGuess];
    }

    /** The request in {@code buf}, or {@code null} when it is not of the shape this parser handles. */
    static WriteRequestBytes parse(byte[] buf) {
        return new WriteRequestParser(buf).parse();
    }

    private WriteRequestBytes parse() {
        int end = buf.length;
        while (pos < end) {
            if (buf[pos++] != TAG_1_LEN) {
                return null;
            }
            int length = length(end);
            if (length < 0 || !timeSeries(pos + length)) {
                return null;
            }
        }
        ensureSeries();
        int at = seriesCount * WriteRequestBytes.SERIES_STRIDE;
        series[at + WriteRequestBytes.FIRST_LABEL] = labelCount;
        series[at + WriteRequestBytes.FIRST_SAMPLE] = sampleCount;
        return new WriteRequestBytes(buf, seriesCount, series, labels, timestamps, values, hashes, ascii);
    }

    private boolean timeSeries(int limit) {
        ensureSeries();
        int at = seriesCount * WriteRequestBytes.SERIES_STRIDE;
        series[at + WriteRequestBytes.MESSAGE_OFFSET] = pos;
        series[at + WriteRequestBytes.MESSAGE_LENGTH] = limit - pos;
        series[at + WriteRequestBytes.FIRST_LABEL] = labelCount;
        series[at + WriteRequestBytes.FIRST_SAMPLE] = sampleCount;
        int firstLabel = labelCount;
        while (pos < limit) {
            int tag = buf[pos++];
            if (tag != TAG_1_LEN && tag != TAG_2_LEN) {
                return false;
            }
            int length = length(limit);
            if (length < 0 || !(tag == TAG_1_LEN ? label(pos + length) : sample(pos + length))) {
                return false;
            }
        }
        if (!hashLabels(firstLabel)) {
            return false;
        }
        seriesCount++;
        return true;
    }

    private boolean label(int limit) {
        int nameOffset = pos, nameLength = -1, valueOffset = pos, valueLength = -1;
        while (pos < limit) {
            int tag = buf[pos++];
            int length = tag == TAG_1_LEN || tag == TAG_2_LEN ? length(limit) : -1;
            if (length < 0) {
                return false;
            }
            if (tag == TAG_1_LEN) {
                if (nameLength >= 0) {
                    return false;
                }
                nameOffset = pos;
                nameLength = length;
            } else {
                if (valueLength >= 0) {
                    return false;
                }
                valueOffset = pos;
                valueLength = length;
            }
            pos += length;
        }
        if (labelCount * WriteRequestBytes.LABEL_STRIDE == labels.length) {
            labels = Arrays.copyOf(labels, labels.length * 2);
        }
        int at = labelCount++ * WriteRequestBytes.LABEL_STRIDE;
        labels[at] = nameOffset;
        labels[at + 1] = Math.max(nameLength, 0);
        labels[at + 2] = valueOffset;
        labels[at + 3] = Math.max(valueLength, 0);
        return true;
    }

    private boolean sample(int limit) {
        long t = 0;
        double v = 0;
        boolean seenT = false, seenV = false;
        while (pos < limit) {
            int tag = buf[pos++];
            if (tag == TAG_1_FIXED64 && !seenV && limit - pos >= 8) {
                v = Double.longBitsToDouble(littleEndianLong(pos));
                pos += 8;
                seenV = true;
            } else if (tag == TAG_2_VARINT && !seenT) {
                long x = 0;
                int shift = 0;
                while (true) {
                    if (pos >= limit || shift > 63) {
                        return false;
                    }
                    int b = buf[pos++];
                    x |= (long) (b & 0x7F) << shift;
                    if (b >= 0) {
                        break;
                    }
                    shift += 7;
                }
                t = x;
                seenT = true;
            } else {
                return false;
            }
        }
        if (sampleCount == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, sampleCount * 2);
            values = Arrays.copyOf(values, sampleCount * 2);
        }
        timestamps[sampleCount] = t;
        values[sampleCount] = v;
        sampleCount++;
        return true;
    }

    /**
     * A length prefix (a varint of at most 5 bytes below 2³¹) that fits before {@code limit}, leaving
     * {@code pos} after it; -1 otherwise.
     */
    private int length(int limit) {
        long x = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= limit) {
                return -1;
            }
            int b = buf[pos++];
            x |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return x <= limit - pos ? (int) x : -1;
            }
        }
        return -1;
    }

    private long littleEndianLong(int at) {
        long x = 0;
        for (int i = 7; i >= 0; i--) {
            x = x << 8 | (buf[at + i] & 0xFFL);
        }
        return x;
    }

    /** The series' {@code Labels.hashCode()} when its labels are ASCII; false for invalid UTF-8. */
    private boolean hashLabels(int firstLabel) {
        int h = 1;
        int nonAscii = 0;
        for (int at = firstLabel * WriteRequestBytes.LABEL_STRIDE, end = labelCount * WriteRequestBytes.LABEL_STRIDE;
                at < end; at += 2) {
            int off = labels[at], len = labels[at + 1];
            int sh = 0, i = off;
            for (int stop = off + (len & ~3); i < stop; i += 4) {
                int b0 = buf[i], b1 = buf[i + 1], b2 = buf[i + 2], b3 = buf[i + 3];
                sh = sh * (31 * 31 * 31 * 31) + b0 * (31 * 31 * 31) + b1 * (31 * 31) + b2 * 31 + b3;
                nonAscii |= b0 | b1 | b2 | b3;
            }
            for (int stop = off + len; i < stop; i++) {
                int b = buf[i];
                sh = sh * 31 + b;
                nonAscii |= b;
            }
            h = 31 * h + sh;
        }
        boolean isAscii = nonAscii >= 0;
        if (!isAscii) {
            for (int at = firstLabel * WriteRequestBytes.LABEL_STRIDE, end = labelCount * WriteRequestBytes.LABEL_STRIDE;
                    at < end; at += 2) {
                if (!Utf8.isValid(buf, labels[at], labels[at] + labels[at + 1])) {
                    return false;
                }
            }
        }
        if (seriesCount == hashes.length) {
            hashes = Arrays.copyOf(hashes, seriesCount * 2);
            ascii = Arrays.copyOf(ascii, seriesCount * 2);
        }
        hashes[seriesCount] = h == 0 ? 1 : h;
        ascii[seriesCount] = isAscii;
        return true;
    }

    private void ensureSeries() {
        if ((seriesCount + 1) * WriteRequestBytes.SERIES_STRIDE >= series.length) {
            series = Arrays.copyOf(series, series.length * 2);
        }
    }
}
