package io.jthanos.promql.engine.aggregation;

import io.jthanos.model.Labels;
import java.nio.charset.StandardCharsets;

/**
 * Prometheus's {@code labels.Labels.Hash} in its default {@code stringlabels} build: XXH64 (seed 0) of
 * the labels' encoded form, every name and value as a uvarint length and its UTF-8 bytes, in label
 * order. {@code limit_ratio} places series in hash space with it, so it must match bit for bit.
 */
final class LabelsHash {

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private LabelsHash() {
    }

    static long hash(Labels labels) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(128);
        for (int i = 0; i < labels.size(); i++) {
            writeString(b, labels.name(i));
            writeString(b, labels.value(i));
        }
        return xxh64(b.toByteArray());
    }

    private static void writeString(java.io.ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        while (n >= 0x80) {
            b.write((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        b.write(n);
        b.writeBytes(bytes);
    }

    /** XXH64 with seed 0. */
    static long xxh64(byte[] b) {
        int n = b.length;
        int i = 0;
        long h;
        if (n >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            while (i <= n - 32) {
                v1 = round(v1, le64(b, i));
                v2 = round(v2, le64(b, i + 8));
                v3 = round(v3, le64(b, i + 16));
                v4 = round(v4, le64(b, i + 24));
                i += 32;
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = P5;
        }
        h += n;
        while (i <= n - 8) {
            h ^= round(0, le64(b, i));
            h = Long.rotateLeft(h, 27) * P1 + P4;
            i += 8;
        }
        if (i <= n - 4) {
            h ^= (le32(b, i) & 0xffffffffL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            i += 4;
        }
        while (i < n) {
            h ^= (b[i] & 0xffL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            i++;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    /** Go's {@code float64(uint64)} conversion, correctly rounded. */
    static double unsignedToDouble(long u) {
        if (u >= 0) {
            return u;
        }
        return ((double) ((u >>> 1) | (u & 1))) * 2.0;
    }

    private static long round(long acc, long input) {
        return Long.rotateLeft(acc + input * P2, 31) * P1;
    }

    private static long merge(long acc, long v) {
        return (acc ^ round(0, v)) * P1 + P4;
    }

    private static long le64(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48 | (b[i + 7] & 0xffL) << 56;
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
