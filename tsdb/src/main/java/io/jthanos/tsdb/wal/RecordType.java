package io.jthanos.tsdb.wal;

/** The first byte of a WAL record, with Prometheus's codes ({@code tsdb/record/record.go}). */
public enum RecordType {
    UNKNOWN(255),
    SERIES(1),
    SAMPLES(2),
    TOMBSTONES(3),
    EXEMPLARS(4),
    MMAP_MARKERS(5),
    METADATA(6),
    HISTOGRAM_SAMPLES(7),
    FLOAT_HISTOGRAM_SAMPLES(8);

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type of an encoded record; {@link #UNKNOWN} for an empty or unrecognised one. */
    public static RecordType of(byte[] record, int length) {
        if (length == 0) {
            return UNKNOWN;
        }
        return switch (record[0] & 0xFF) {
            case 1 -> SERIES;
            case 2 -> SAMPLES;
            case 3 -> TOMBSTONES;
            case 4 -> EXEMPLARS;
            case 5 -> MMAP_MARKERS;
            case 6 -> METADATA;
            case 7 -> HISTOGRAM_SAMPLES;
            case 8 -> FLOAT_HISTOGRAM_SAMPLES;
            default -> UNKNOWN;
        };
    }
}
