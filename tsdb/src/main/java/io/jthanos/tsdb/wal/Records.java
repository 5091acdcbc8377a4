package io.jthanos.tsdb.wal;

import io.jthanos.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encoders and decoders of WAL records, byte-compatible with Prometheus's {@code tsdb/record}.
 *
 * <pre>
 * series  = type=1 (1B) { ref (8B BE) n (uvarint) { len (uvarint) name  len (uvarint) value }^n }*
 * samples = type=2 (1B) ref0 (8B BE) t0 (8B BE)
 *           { ref−ref0 (varint) t−t0 (varint) value (8B BE IEEE 754) }*
 * </pre>
 *
 * varint is Go's zig-zag signed varint, uvarint its unsigned LEB128. A record holds one commit's
 * samples in full, so a commit is replayed whole or not at all.
 */
public final class Records {
    private Records() {}

    /** Receives the series of a series record. */
    @FunctionalInterface
    public interface SeriesConsumer {
        void accept(long ref, Labels labels);
    }

    /** A series record for {@code count} series. */
    public static byte[] encodeSeries(long[] refs, Labels[] labels, int count) {
        Buf b = new Buf(16 + count * 64);
        b.put(RecordType.SERIES.code());
        for (int i = 0; i < count; i++) {
            b.putBE64(refs[i]);
            Labels ls = labels[i];
            b.putUvarint(ls.size());
            for (int j = 0; j < ls.size(); j++) {
                b.putUvarintStr(ls.name(j));
                b.putUvarintStr(ls.value(j));
            }
        }
        return b.toArray();
    }

    /** A samples record holding the whole batch, which must not be empty. */
    public static byte[] encodeSamples(SampleBatch samples) {
        if (samples.size() == 0) {
            throw new IllegalArgumentException("empty samples record");
        }
        Buf b = new Buf(17 + samples.size() * 14);
        b.put(RecordType.SAMPLES.code());
        long ref0 = samples.ref(0), t0 = samples.t(0);
        b.putBE64(ref0);
        b.putBE64(t0);
        for (int i = 0; i < samples.size(); i++) {
            b.putVarint(samples.ref(i) - ref0);
            b.putVarint(samples.t(i) - t0);
            b.putBE64(Double.doubleToRawLongBits(samples.v(i)));
        }
        return b.toArray();
    }

    /** Decodes a series record. */
    public static void decodeSeries(byte[] rec, int length, SeriesConsumer out) throws RecordFormatException {
        Reader r = new Reader(rec, length);
        expectType(r, RecordType.SERIES);
        while (r.remaining() > 0) {
            long ref = r.be64();
            int n = (int) r.uvarint();
            if (n < 0 || n > r.remaining()) {
                throw new RecordFormatException("invalid label count " + n);
            }
            String[] pairs = new String[n * 2];
            for (int j = 0; j < pairs.length; j++) {
                pairs[j] = r.uvarintStr();
            }
            out.accept(ref, Labels.fromSortedPairs(pairs));
        }
    }

    /** Decodes a samples record into {@code out}, which is cleared first. */
    public static void decodeSamples(byte[] rec, int length, SampleBatch out) throws RecordFormatException {
        out.clear();
        Reader r = new Reader(rec, length);
        expectType(r, RecordType.SAMPLES);
        if (r.remaining() == 0) {
            return;
        }
        long ref0 = r.be64();
        long t0 = r.be64();
        while (r.remaining() > 0) {
            long ref = ref0 + r.varint();
            long t = t0 + r.varint();
            out.add(ref, t, Double.longBitsToDouble(r.be64()));
        }
    }

    private static void expectType(Reader r, RecordType type) throws RecordFormatException {
        int code = r.u8();
        if (code != type.code()) {
            throw new RecordFormatException("expected record type " + type + ", got " + code);
        }
    }

    /** A decoded record that does not follow its format. */
    public static final class RecordFormatException extends java.io.IOException {
        public RecordFormatException(String message) {
            super(message);
        }
    }

    private static final class Buf {
        private byte[] b;
        private int n;

        Buf(int capacity) {
            b = new byte[capacity];
        }

        private void ensure(int more) {
            if (n + more > b.length) {
                b = Arrays.copyOf(b, Math.max(n + more, b.length * 2));
            }
        }

        void put(int v) {
            ensure(1);
            b[n++] = (byte) v;
        }

        void putBE64(long v) {
            ensure(8);
            for (int s = 56; s >= 0; s -= 8) {
                b[n++] = (byte) (v >>> s);
            }
        }

        void putUvarint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                b[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            b[n++] = (byte) v;
        }

        void putVarint(long v) {
            putUvarint((v << 1) ^ (v >> 63));
        }

        void putUvarintStr(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            putUvarint(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, b, n, bytes.length);
            n += bytes.length;
        }

        byte[] toArray() {
            return Arrays.copyOf(b, n);
        }
    }

    private static final class Reader {
        private final byte[] b;
        private final int end;
        private int p;

        Reader(byte[] b, int end) {
            this.b = b;
            this.end = end;
        }

        int remaining() {
            return end - p;
        }

        private void need(int k) throws RecordFormatException {
            if (end - p < k) {
                throw new RecordFormatException("record truncated at byte " + p);
            }
        }

        int u8() throws RecordFormatException {
            need(1);
            return b[p++] & 0xFF;
        }

        long be64() throws RecordFormatException {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (b[p++] & 0xFF);
            }
            return v;
        }

        long uvarint() throws RecordFormatException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                need(1);
                int x = b[p++] & 0xFF;
                v |= (long) (x & 0x7F) << shift;
                if (x < 0x80) {
                    return v;
                }
            }
            throw new RecordFormatException("varint overflows 64 bits at byte " + p);
        }

        long varint() throws RecordFormatException {
            long u = uvarint();
            return (u >>> 1) ^ -(u & 1);
        }

        String uvarintStr() throws RecordFormatException {
            long len = uvarint();
            if (len < 0 || len > remaining()) {
                throw new RecordFormatException("string of " + len + " bytes exceeds the record");
            }
            String s = new String(b, p, (int) len, StandardCharsets.UTF_8);
            p += (int) len;
            return s;
        }
    }
}
