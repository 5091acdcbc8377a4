package io.jthanos.query.api;

import io.jthanos.model.Labels;
import java.nio.charset.StandardCharsets;

/**
 * A small JSON builder that writes exactly what Prometheus's Go encoders write: strings escaped like
 * {@code encoding/json} (HTML characters and U+2028/U+2029 as {@code \\uXXXX}), sample values as quoted
 * {@code strconv.FormatFloat(v, 'f', -1, 64)} with {@code NaN}/{@code +Inf}/{@code -Inf}, and timestamps as
 * seconds with three decimals when not whole ({@code jsonutil.MarshalTimestamp}). Separators are written
 * automatically: every element after the first in a container is preceded by a comma.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder(256);
    // One flag per open container: whether an element was written yet.
    private boolean[] hasElement = new boolean[16];
    private int depth;
    private boolean afterName;

    private void separator() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (hasElement[depth - 1]) {
                out.append(',');
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
        out.append('{');
        push();
        return this;
    }

    JsonWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    JsonWriter beginArray() {
        separator();
        out.append('[');
        push();
        return this;
    }

    JsonWriter endArray() {
        depth--;
        out.append(']');
        return this;
    }

    JsonWriter name(String name) {
        separator();
        string(out, name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(String s) {
        separator();
        if (s == null) {
            out.append("null");
        } else {
            string(out, s);
        }
        return this;
    }

    JsonWriter value(long v) {
        separator();
        out.append(v);
        return this;
    }

    JsonWriter value(boolean v) {
        separator();
        out.append(v);
        return this;
    }

    /** A raw JSON number such as a float formatted by the caller. */
    JsonWriter rawNumber(String number) {
        separator();
        out.append(number);
        return this;
    }

    JsonWriter nullValue() {
        separator();
        out.append("null");
        return this;
    }

    /** A sample value: a quoted float as Prometheus writes it (exponent form below 1e-6 and from 1e21). */
    JsonWriter sampleValue(double v) {
        return value(ResultJson.goFloat(v));
    }

    /** A timestamp in milliseconds as seconds, Prometheus's {@code MarshalTimestamp}. */
    JsonWriter timestamp(long millis) {
        separator();
        appendTimestamp(out, millis);
        return this;
    }

    /** Labels as an object in label order. */
    JsonWriter labels(Labels labels) {
        beginObject();
        for (int i = 0; i < labels.size(); i++) {
            name(labels.name(i)).value(labels.value(i));
        }
        return endObject();
    }

    static void appendTimestamp(StringBuilder b, long millis) {
        long t = millis;
        if (t < 0) {
            b.append('-');
            t = -t;
        }
        b.append(t / 1000);
        long fraction = t % 1000;
        if (fraction != 0) {
            b.append('.');
            if (fraction < 100) {
                b.append('0');
            }
            if (fraction < 10) {
                b.append('0');
            }
            b.append(fraction);
        }
    }

    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> hex(b, c);
                default -> {
                    if (c < 0x20) {
                        hex(b, c);
                    } else if (Character.isSurrogate(c)) {
                        // Go replaces invalid UTF-8 with U+FFFD; in Java that is an unpaired surrogate.
                        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            b.append(c).append(s.charAt(++i));
                        } else {
                            b.append('\ufffd');
                        }
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static void hex(StringBuilder b, char c) {
        b.append("\\u");
        String h = Integer.toHexString(c);
        b.append("0".repeat(4 - h.length())).append(h);
    }

    String toJson() {
        return out.toString();
    }

    byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
