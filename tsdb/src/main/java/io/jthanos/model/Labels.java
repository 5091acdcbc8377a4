package io.jthanos.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * An immutable set of labels, sorted by name, with unique names and no empty values.
 *
 * <p>Ordering follows Prometheus's {@code labels.Compare}: pairs are compared name first, then value,
 * in UTF-8 byte order (see {@link #compareStrings}); a prefix sorts before a longer set. Equality and
 * hashing are by content; the hash is computed once.
 *
 * <p>Instances are created through {@link #of(String...)}, {@link #fromMap(Map)} or a
 * {@link LabelsBuilder}; the factory methods sort and validate, so every instance holds the
 * invariants above.
 */
public final class Labels implements Comparable<Labels> {
    /** The reserved label holding the metric name. */
    public static final String METRIC_NAME = "__name__";

    private static final Labels EMPTY = new Labels(new String[0]);

    /** name0, value0, name1, value1, … sorted by name. */
    private final String[] pairs;
    private int hash;

    private Labels(String[] pairs) {
        this.pairs = pairs;
    }

    /** The empty label set. */
    public static Labels empty() {
        return EMPTY;
    }

    /**
     * Labels from alternating names and values, in any order. Pairs with an empty value are dropped
     * (Prometheus treats an empty value as absence).
     *
     * @throws IllegalArgumentException on an odd argument count, a null, or a name given twice
     */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name/value pairs, got " + namesAndValues.length + " strings");
        }
        LabelsBuilder b = new LabelsBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = Objects.requireNonNull(namesAndValues[i], "label name");
            if (b.contains(name)) {
                throw new IllegalArgumentException("duplicate label name " + name);
            }
            b.set(name, Objects.requireNonNull(namesAndValues[i + 1], "label value"));
        }
        return b.build();
    }

    /** Labels from a map; empty values are dropped. */
    public static Labels fromMap(Map<String, String> map) {
        LabelsBuilder b = new LabelsBuilder();
        map.forEach(b::set);
        return b.build();
    }

    /**
     * Wraps pairs that the caller guarantees are sorted by name, unique and non-empty, without copying
     * or checking. For decoders that read labels already sorted (index, WAL, protobuf after
     * validation); everything else uses {@link #of} or a builder.
     */
    public static Labels fromSortedPairs(String[] pairs) {
        return pairs.length == 0 ? EMPTY : new Labels(pairs);
    }

    /** Number of labels. */
    public int size() {
        return pairs.length >> 1;
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    /** Name of the i-th label in sort order. */
    public String name(int i) {
        return pairs[i << 1];
    }

    /** Value of the i-th label in sort order. */
    public String value(int i) {
        return pairs[(i << 1) + 1];
    }

    /** The value of {@code name}, or {@code null} when absent. */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : pairs[(i << 1) + 1];
    }

    /** Whether a label with this name is present. */
    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** The metric name ({@code __name__}), or {@code null}. */
    public String metricName() {
        return get(METRIC_NAME);
    }

    private int indexOf(String name) {
        int lo = 0, hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compareStrings(pairs[mid << 1], name);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Calls {@code action} with each name and value in order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < pairs.length; i += 2) {
            action.accept(pairs[i], pairs[i + 1]);
        }
    }

    /** A builder initialised with these labels. */
    public LabelsBuilder toBuilder() {
        return new LabelsBuilder(this);
    }

    /** These labels without the given names. */
    public Labels without(Collection<String> names) {
        if (names.isEmpty()) {
            return this;
        }
        LabelsBuilder b = toBuilder();
        for (String n : names) {
            b.delete(n);
        }
        return b.build();
    }

    /** Only the labels with the given names. */
    public Labels keepOnly(Collection<String> names) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (names.contains(pairs[i])) {
                kept.add(pairs[i]);
                kept.add(pairs[i + 1]);
            }
        }
        return kept.size() == pairs.length ? this : fromSortedPairs(kept.toArray(new String[0]));
    }

    /** The names in order. */
    public List<String> names() {
        List<String> out = new ArrayList<>(size());
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(pairs[i]);
        }
        return out;
    }

    /** A copy as name → value map in label order. */
    public Map<String, String> toMap() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        forEach(m::put);
        return m;
    }

    /**
     * Compares two strings in UTF-8 byte order (which equals Unicode code point order), the order Go
     * and Prometheus use. {@link String#compareTo} compares UTF-16 code units and disagrees for
     * characters above U+FFFF against U+E000–U+FFFF.
     */
    public static int compareStrings(String a, String b) {
        if (a.equals(b)) {
            // Equal names and values are the common case of a comparison, and equals is vectorised.
            return 0;
        }
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i), cb = b.charAt(i);
            if (ca != cb) {
                if (ca >= 0xD800 && cb >= 0xD800) {
                    return fixupForCodePointOrder(ca) - fixupForCodePointOrder(cb);
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }

    private static int fixupForCodePointOrder(char c) {
        // Surrogates (D800–DFFF) encode code points above FFFF: move them after E000–FFFF.
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    @Override
    public int compareTo(Labels o) {
        int n = Math.min(pairs.length, o.pairs.length);
        for (int i = 0; i < n; i++) {
            int c = compareStrings(pairs[i], o.pairs[i]);
            if (c != 0) {
                return c;
            }
        }
        return pairs.length - o.pairs.length;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Labels other) || other.pairs.length != pairs.length) {
            return false;
        }
        // Hashes filter only when both are known: computing one reads every string, as comparing does.
        int h = hash;
        int oh = other.hash;
        if (h != 0 && oh != 0 && h != oh) {
            return false;
        }
        return Arrays.equals(pairs, other.pairs);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(pairs);
            if (h == 0) {
                h = 1;
            }
            hash = h;
        }
        return h;
    }

    /** Total UTF-8 byte length of all names and values (Prometheus's {@code ByteSize} without overhead). */
    public int utf8Length() {
        int n = 0;
        for (String s : pairs) {
            n += s.getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    /** Prometheus's text form: {@code {a="1", b="2"}} with Go-quoted values. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            String name = pairs[i];
            if (LabelNames.isLegacyName(name)) {
                sb.append(name);
            } else {
                GoQuote.append(sb, name);
            }
            sb.append('=');
            GoQuote.append(sb, pairs[i + 1]);
        }
        return sb.append('}').toString();
    }
}
