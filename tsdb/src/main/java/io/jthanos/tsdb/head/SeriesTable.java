package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import java.util.function.Consumer;

/**
 * An open-addressing set of {@link MemSeries} keyed by something the series holds (its ref or its
 * labels): linear probing over one array of series with backward-shift deletion, so an entry costs
 * one array slot and no map node or boxed key. Not thread-safe; {@link StripeSeries} locks it.
 */
abstract sealed class SeriesTable {
    private MemSeries[] table = new MemSeries[16];
    private int size;

    /** The home slot hash of a series, equal to the hash of its key. */
    abstract int hash(MemSeries s);

    /** The table of series by ref. */
    static final class ByRef extends SeriesTable {
        static int hash(long ref) {
            long h = ref * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }

        @Override
        int hash(MemSeries s) {
            return hash(s.ref);
        }

        MemSeries get(long ref) {
            MemSeries[] t = table();
            int mask = t.length - 1;
            for (int i = hash(ref) & mask; ; i = (i + 1) & mask) {
                MemSeries s = t[i];
                if (s == null || s.ref == ref) {
                    return s;
                }
            }
        }
    }

    /** The table of series by labels, using the hash that {@link Labels} caches. */
    static final class ByLabels extends SeriesTable {
        static int hash(Labels labels) {
            return mix(labels.hashCode());
        }

        private static int mix(int labelsHash) {
            int h = labelsHash * 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        @Override
        int hash(MemSeries s) {
            return hash(s.labels);
        }

        MemSeries get(Labels labels) {
            MemSeries[] t = table();
            int mask = t.length - 1;
            int h = labels.hashCode();
            for (int i = hash(labels) & mask; ; i = (i + 1) & mask) {
                MemSeries s = t[i];
                if (s == null || (s.labels.hashCode() == h && s.labels.equals(labels))) {
                    return s;
                }
            }
        }

        MemSeries get(LabelsKey key) {
            MemSeries[] t = table();
            int mask = t.length - 1;
            int h = key.labelsHash();
            for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
                MemSeries s = t[i];
                if (s == null || (s.labels.hashCode() == h && key.matches(s.labels))) {
                    return s;
                }
            }
        }
    }

    final MemSeries[] table() {
        return table;
    }

    /** Adds {@code s}, whose key must not be present yet. */
    final void add(MemSeries s) {
        if ((size + 1) * 4 > table.length * 3) {
            MemSeries[] old = table;
            table = new MemSeries[old.length * 2];
            for (MemSeries o : old) {
                if (o != null) {
                    place(o);
                }
            }
        }
        place(s);
        size++;
    }

    private void place(MemSeries s) {
        int mask = table.length - 1;
        int i = hash(s) & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = s;
    }

    /** Removes this very series object; returns whether it was present. */
    final boolean remove(MemSeries s) {
        int mask = table.length - 1;
        int i = hash(s) & mask;
        while (table[i] != s) {
            if (table[i] == null) {
                return false;
            }
            i = (i + 1) & mask;
        }
        // backward shift: move later entries of the probe run into the hole
        int hole = i;
        for (int j = (hole + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int home = hash(table[j]) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                table[hole] = table[j];
                hole = j;
            }
        }
        table[hole] = null;
        size--;
        return true;
    }

    final int size() {
        return size;
    }

    final void forEach(Consumer<MemSeries> action) {
        for (MemSeries s : table) {
            if (s != null) {
                action.accept(s);
            }
        }
    }
}
