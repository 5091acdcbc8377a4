package io.jthanos.query.api;

import io.jthanos.model.Labels;
import java.nio.charset.StandardCharsets;

/**
 * A small JSON builder that writes exactly what Prometheus's Go encoders write: strings escaped like
 * {@code encoding/json} (HTML characters and U+2028/U+2029 as {@code \\uXXXX}), sample values as quoted
 * {@code strconv.FormatFloat(v, 'f', -1, 64)} with {@code NaN}/{@code +Inf}/{@code -Inf} (exponent form below
 * 1e-6 and from 1e21, {@link SampleValueFormat}), and timestamps as seconds with three decimals when not whole
 * ({@code jsonutil.MarshalTimestamp}). Separators are written automatically: every element after the first in
 * a container is preceded by a comma. Writes UTF-8 straight into a growing byte array; not thread-safe.
 */
final class JsonWriter {
    private static final int TIMESTAMP_SLOT_BITS = 11;
    private static final int TIMESTAMP_SLOTS = 1 << TIMESTAMP_SLOT_BITS;

    private byte[] out = new byte[1024];
    private int size;
    // One flag per open container: whether an element was written yet.
    private boolean[] hasElement = new boolean[16];
    private int depth;
    private boolean afterName;
    private SampleValueFormat floats;
    // Timestamps already written, direct-mapped by value: the steps of a range query recur in every series.
    private long[] timestampKeys;
    private byte[][] timestampBytes;

    private void ensure(int more) {
        if (size + more > out.length) {
            out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, size + more));
        }
    }

    /** Makes room for {@code bytes} more bytes at once (capped at what an array can hold). */
    void reserve(long bytes) {
        long wanted = Math.min(size + bytes, Integer.MAX_VALUE - 16);
        if (wanted > out.length) {
            out = java.util.Arrays.copyOf(out, (int) wanted);
        }
    }

    private void put(byte b) {
        ensure(1);
        out[size++] = b;
    }

    private void putAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            out[size++] = (byte) s.charAt(i);
        }
    }

    private void separator() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (hasElement[depth - 1]) {
                put((byte) ',');
            }
            hasElement[depth - 1] = true;
        }
    }

    private void push() {
        if (depth == hasElement.length) {
            hasElement = java.util.Arrays.copyOf(hasElement, depth * 2);
        }
        hasElement[depth++] = false;
    }

    JsonWriter beginObject() {
        separator();
        put((byte) '{');
        push();
        return this;
    }

    JsonWriter endObject() {
        depth--;
        put((byte) '}');
        return this;
    }

    JsonWriter beginArray() {
        separator();
        put((byte) '[');
        push();
        return this;
    }

    JsonWriter endArray() {
        depth--;
        put((byte) ']');
        return this;
    }

    JsonWriter name(String name) {
        separator();
        string(name);
        put((byte) ':');
        afterName = true;
        return this;
    }

    JsonWriter value(String s) {
        separator();
        if (s == null) {
            putAscii("null");
        } else {
            string(s);
        }
        return this;
    }

    JsonWriter value(long v) {
        separator();
        ensure(20);
        size = SampleValueFormat.writeLong(v, out, size);
        return this;
    }

    JsonWriter value(boolean v) {
        separator();
        putAscii(v ? "true" : "false");
        return this;
    }

    /** A raw JSON number such as a float formatted by the caller. */
    JsonWriter rawNumber(String number) {
        separator();
        putAscii(number);
        return this;
    }

    JsonWriter nullValue() {
        separator();
        putAscii("null");
        return this;
    }

    /** A sample value: a quoted float as Prometheus writes it (exponent form below 1e-6 and from 1e21). */
    JsonWriter sampleValue(double v) {
        separator();
        quotedFloat(v);
        return this;
    }

    /** A timestamp in milliseconds as seconds, Prometheus's {@code MarshalTimestamp}. */
    JsonWriter timestamp(long millis) {
        separator();
        ensure(24);
        size = appendTimestamp(out, size, millis);
        return this;
    }

    /** One point of a series, {@code [timestamp,"value"]}: what {@code beginArray().timestamp().sampleValue().endArray()} writes. */
    JsonWriter point(long millis, double v) {
        separator();
        ensure(26 + SampleValueFormat.MAX_LENGTH);
        out[size++] = '[';
        cachedTimestamp(millis);
        out[size++] = ',';
        quotedFloat(v);
        out[size++] = ']';
        return this;
    }

    private void cachedTimestamp(long millis) {
        if (timestampKeys == null) {
            timestampKeys = new long[TIMESTAMP_SLOTS];
            timestampBytes = new byte[TIMESTAMP_SLOTS][];
        }
        int slot = (int) (millis ^ millis >>> 32) * 0x9E3779B9 >>> (32 - TIMESTAMP_SLOT_BITS);
        byte[] bytes = timestampBytes[slot];
        if (bytes == null || timestampKeys[slot] != millis) {
            int end = appendTimestamp(out, size, millis);
            bytes = java.util.Arrays.copyOfRange(out, size, end);
            timestampKeys[slot] = millis;
            timestampBytes[slot] = bytes;
            size = end;
            return;
        }
        System.arraycopy(bytes, 0, out, size, bytes.length);
        size += bytes.length;
    }

    private void quotedFloat(double v) {
        if (floats == null) {
            floats = new SampleValueFormat();
        }
        ensure(SampleValueFormat.MAX_LENGTH + 2);
        out[size++] = '"';
        size = floats.write(v, out, size);
        out[size++] = '"';
    }

    /** Labels as an object in label order. */
    JsonWriter labels(Labels labels) {
        beginObject();
        for (int i = 0; i < labels.size(); i++) {
            name(labels.name(i)).value(labels.value(i));
        }
        return endObject();
    }

    /** Writes {@code millis} as Prometheus's {@code MarshalTimestamp} does at {@code b[pos]} (at most 24 bytes). */
    static int appendTimestamp(byte[] b, int pos, long millis) {
        long t = millis;
        if (t < 0) {
            b[pos++] = '-';
            t = -t;
        }
        pos = SampleValueFormat.writeLong(t / 1000, b, pos);
        int fraction = (int) (t % 1000);
        if (fraction != 0) {
            b[pos++] = '.';
            b[pos++] = (byte) ('0' + fraction / 100);
            b[pos++] = (byte) ('0' + fraction / 10 % 10);
            b[pos++] = (byte) ('0' + fraction % 10);
        }
        return pos;
    }

    /** A string escaped as Go's {@code encoding/json} does, in UTF-8. */
    private void string(String s) {
        int n = s.length();
        ensure(n + 2);
        out[size++] = '"';
        int i = 0;
        // Fast path: plain ASCII needing no escape.
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&') {
                break;
            }
            out[size++] = (byte) c;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            ensure(12);
            switch (c) {
                case '"' -> escaped('"');
                case '\\' -> escaped('\\');
                case '\n' -> escaped('n');
                case '\r' -> escaped('r');
                case '\t' -> escaped('t');
                case '\b' -> escaped('b');
                case '\f' -> escaped('f');
                case '<', '>', '&', '\u2028', '\u2029' -> hex(c);
                default -> {
                    if (c < 0x20) {
                        hex(c);
                    } else if (c < 0x80) {
                        out[size++] = (byte) c;
                    } else if (Character.isSurrogate(c)) {
                        // Go replaces invalid UTF-8 with U+FFFD; in Java that is an unpaired surrogate.
                        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                            utf8(Character.toCodePoint(c, s.charAt(++i)));
                        } else {
                            utf8(0xfffd);
                        }
                    } else {
                        utf8(c);
                    }
                }
            }
        }
        put((byte) '"');
    }

    private void escaped(char c) {
        out[size++] = '\\';
        out[size++] = (byte) c;
    }

    private void utf8(int cp) {
        if (cp < 0x800) {
            out[size++] = (byte) (0xc0 | cp >> 6);
        } else if (cp < 0x10000) {
            out[size++] = (byte) (0xe0 | cp >> 12);
            out[size++] = (byte) (0x80 | (cp >> 6 & 0x3f));
        } else {
            out[size++] = (byte) (0xf0 | cp >> 18);
            out[size++] = (byte) (0x80 | (cp >> 12 & 0x3f));
            out[size++] = (byte) (0x80 | (cp >> 6 & 0x3f));
        }
        out[size++] = (byte) (0x80 | (cp & 0x3f));
    }

    private void hex(char c) {
        out[size++] = '\\';
        out[size++] = 'u';
        for (int shift = 12; shift >= 0; shift -= 4) {
            out[size++] = (byte) Character.forDigit(c >> shift & 0xf, 16);
        }
    }

    String toJson() {
        return new String(out, 0, size, StandardCharsets.UTF_8);
    }

    byte[] toBytes() {
        return java.util.Arrays.copyOf(out, size);
    }

    /** The bytes written so far, valid until the next write: {@code buffer()[0..size())}. */
    byte[] buffer() {
        return out;
    }

    /** How many bytes were written. */
    int size() {
        return size;
    }
}
