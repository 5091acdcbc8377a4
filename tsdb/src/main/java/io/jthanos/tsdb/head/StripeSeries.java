package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * The head's series, findable by labels and by ref, in lock stripes so that concurrent appenders
 * rarely contend (Prometheus's {@code stripeSeries}). Labels are striped by hash, refs by value.
 */
final class StripeSeries {
    private final int mask;
    private final HashMap<Labels, MemSeries>[] byLabels;
    private final LongObjectMap<MemSeries>[] byRef;

    @SuppressWarnings("unchecked")
    StripeSeries(int stripes) {
        mask = stripes - 1;
        byLabels = new HashMap[stripes];
        byRef = new LongObjectMap[stripes];
        for (int i = 0; i < stripes; i++) {
            byLabels[i] = new HashMap<>();
            byRef[i] = new LongObjectMap<>(16);
        }
    }

    MemSeries getByRef(long ref) {
        LongObjectMap<MemSeries> m = byRef[(int) ref & mask];
        synchronized (m) {
            return m.get(ref);
        }
    }

    MemSeries getByLabels(Labels labels) {
        HashMap<Labels, MemSeries> m = byLabels[labels.hashCode() & mask];
        synchronized (m) {
            return m.get(labels);
        }
    }

    /** Creates the series for {@code labels} when absent; {@code factory} runs under the stripe lock. */
    MemSeries getOrCreate(Labels labels, java.util.function.Function<Labels, MemSeries> factory) {
        HashMap<Labels, MemSeries> m = byLabels[labels.hashCode() & mask];
        synchronized (m) {
            MemSeries s = m.get(labels);
            if (s != null) {
                return s;
            }
            s = factory.apply(labels);
            LongObjectMap<MemSeries> r = byRef[(int) s.ref & mask];
            synchronized (r) {
                r.put(s.ref, s);
            }
            m.put(s.labels, s);
            return s;
        }
    }

    void remove(MemSeries s) {
        HashMap<Labels, MemSeries> m = byLabels[s.labels.hashCode() & mask];
        synchronized (m) {
            if (m.get(s.labels) == s) {
                m.remove(s.labels);
            }
            LongObjectMap<MemSeries> r = byRef[(int) s.ref & mask];
            synchronized (r) {
                r.remove(s.ref);
            }
        }
    }

    /** Calls {@code action} for every series, stripe by stripe, outside the stripe locks. */
    void forEach(Consumer<MemSeries> action) {
        List<MemSeries> batch = new ArrayList<>();
        for (LongObjectMap<MemSeries> m : byRef) {
            batch.clear();
            synchronized (m) {
                m.forEachValue(batch::add);
            }
            batch.forEach(action);
        }
    }
}
