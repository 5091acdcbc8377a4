package io.jthanos.tsdb.chunkenc;

/**
 * Chunk encodings with the byte codes Prometheus ({@code chunkenc.Encoding}) and Thanos use on disk
 * and on the wire.
 */
public enum Encoding {
    NONE(0),
    XOR(1),
    HISTOGRAM(2),
    FLOAT_HISTOGRAM(3),
    /** Prometheus 3.x experimental XOR2; recognised, never written (Thanos cannot read it). */
    XOR2(4),
    HISTOGRAM_ST(5),
    FLOAT_HISTOGRAM_ST(6),
    /** Thanos's downsampled aggregate chunk (count, sum, min, max, counter). */
    AGGR(0xFF);

    private final int code;

    Encoding(int code) {
        this.code = code;
    }

    /** The on-disk byte. */
    public int code() {
        return code;
    }

    /** The encoding for an on-disk byte, or {@code null} when unknown. */
    public static Encoding fromCode(int code) {
        return switch (code & 0xFF) {
            case 0 -> NONE;
            case 1 -> XOR;
            case 2 -> HISTOGRAM;
            case 3 -> FLOAT_HISTOGRAM;
            case 4 -> XOR2;
            case 5 -> HISTOGRAM_ST;
            case 6 -> FLOAT_HISTOGRAM_ST;
            case 0xFF -> AGGR;
            default -> null;
        };
    }
}
