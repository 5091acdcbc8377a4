package io.jthanos.promql.parser;

/**
 * A half-open range of character offsets {@code [start, end)} in the query text.
 *
 * @param start offset of the first character
 * @param end   offset after the last character
 */
public record PositionRange(int start, int end) {

    /** The empty range at offset 0, used for nodes synthesised by the parser or the engine. */
    public static final PositionRange NONE = new PositionRange(0, 0);

    /** Formats the start as {@code line:column} (both 1-based), as Prometheus's {@code StartPosInput}. */
    public String startPosInput(String query) {
        if (start < 0 || start > query.length()) {
            return "unknown position";
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < start; i++) {
            if (query.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return line + ":" + (start - lineStart + 1);
    }

    PositionRange merge(PositionRange other) {
        return new PositionRange(Math.min(start, other.start), Math.max(end, other.end));
    }
}
