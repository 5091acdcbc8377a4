package io.jthanos.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The byte-writing {@link JsonWriter} against a plain char-by-char rendering of Go's {@code encoding/json} rules. */
class JsonWriterTest {
    /** Go's string escaping, the simple way: the expected text. */
    private static String reference(String s) {
        StringBuilder b = new StringBuilder("\"");
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
                case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        b.append('\ufffd');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    @Test
    void stringsAreEscapedAsGoDoes() {
        SplittableRandom random = new SplittableRandom(11);
        char[] alphabet = {'a', 'Z', '0', ' ', '"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f', '<', '>',
            '&', '\u00e9', '\u2028', '\u2029', '\u20ac', '\ud83d', '\ude00', '\uffff', '/'};
        for (int i = 0; i < 20_000; i++) {
            char[] cs = new char[random.nextInt(0, 12)];
            for (int j = 0; j < cs.length; j++) {
                cs[j] = random.nextInt(4) == 0 ? (char) random.nextInt(0, 0x10000) : alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(cs);
            assertThat(new JsonWriter().value(s).toJson()).as("%s", s.chars().boxed().toList()).isEqualTo(reference(s));
        }
    }

    @Test
    void pointsAreWhatTheGeneralCallsWrite() {
        SplittableRandom random = new SplittableRandom(3);
        JsonWriter fast = new JsonWriter().beginArray();
        JsonWriter general = new JsonWriter().beginArray();
        for (int i = 0; i < 20_000; i++) {
            // half of them recurring steps, as in a range query's series, to exercise the timestamp cache
            long t = i % 2 == 0 ? random.nextLong(-5_000_000_000_000L, 5_000_000_000_000L)
                    : 1_700_000_000_000L + 15_000L * random.nextInt(3000);
            double v = Double.longBitsToDouble(random.nextLong());
            fast.point(t, v);
            general.beginArray().timestamp(t).sampleValue(v).endArray();
        }
        assertThat(fast.endArray().toJson()).isEqualTo(general.endArray().toJson());
    }

    @Test
    void timestampsAreSecondsWithThreeDecimalsWhenNotWhole() {
        // Prometheus's MarshalTimestamp: the milliseconds always in three digits.
        JsonWriter w = new JsonWriter().beginArray();
        for (long t : new long[] {0, 1000, 1500, 1001, 1010, -1500, -1, 1700006400000L, Long.MAX_VALUE}) {
            w.timestamp(t);
        }
        assertThat(w.endArray().toJson()).isEqualTo("[0,1,1.500,1.001,1.010,-1.500,-0.001,1700006400,9223372036854775.807]");
    }
}
