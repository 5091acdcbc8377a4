package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The head's series, findable by labels and by ref, in lock stripes so that concurrent appenders
 * rarely contend (Prometheus's {@code stripeSeries}). Labels are striped by hash, refs by value.
 */
final class StripeSeries {
    private final int mask;
    private final SeriesTable.ByLabels[] byLabels;
    private final SeriesTable.ByRef[] byRef;

    StripeSeries(int stripes) {
        mask = stripes - 1;
        byLabels = new SeriesTable.ByLabels[stripes];
        byRef = new SeriesTable.ByRef[stripes];
        for (int i = 0; i < stripes; i++) {
            byLabels[i] = new SeriesTable.ByLabels();
            byRef[i] = new SeriesTable.ByRef();
        }
    }

    MemSeries getByRef(long ref) {
        SeriesTable.ByRef m = byRef[(int) ref & mask];
        synchronized (m) {
            return m.get(ref);
        }
    }

    MemSeries getByLabels(Labels labels) {
        SeriesTable.ByLabels m = byLabels[labels.hashCode() & mask];
        synchronized (m) {
            return m.get(labels);
        }
    }

    MemSeries getByKey(LabelsKey key) {
        SeriesTable.ByLabels m = byLabels[key.labelsHash() & mask];
        synchronized (m) {
            return m.get(key);
        }
    }

    /** Creates the series for {@code labels} when absent; {@code factory} runs under the stripe lock. */
    MemSeries getOrCreate(Labels labels, Function<Labels, MemSeries> factory) {
        SeriesTable.ByLabels m = byLabels[labels.hashCode() & mask];
        synchronized (m) {
            MemSeries s = m.get(labels);
            if (s != null) {
                return s;
            }
            s = factory.apply(labels);
            SeriesTable.ByRef r = byRef[(int) s.ref & mask];
            synchronized (r) {
                r.add(s);
            }
            m.add(s);
            return s;
        }
    }

    void remove(MemSeries s) {
        SeriesTable.ByLabels m = byLabels[s.labels.hashCode() & mask];
        synchronized (m) {
            m.remove(s);
            SeriesTable.ByRef r = byRef[(int) s.ref & mask];
            synchronized (r) {
                r.remove(s);
            }
        }
    }

    /** Calls {@code action} for every series, stripe by stripe, outside the stripe locks. */
    void forEach(Consumer<MemSeries> action) {
        List<MemSeries> batch = new ArrayList<>();
        for (SeriesTable.ByRef m : byRef) {
            batch.clear();
            synchronized (m) {
                m.forEach(batch::add);
            }
            batch.forEach(action);
        }
    }
}
