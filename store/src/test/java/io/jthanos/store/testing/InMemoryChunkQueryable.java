package io.jthanos.store.testing;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.ChunkIterator;
import io.jthanos.storage.ChunkMeta;
import io.jthanos.storage.ChunkQuerier;
import io.jthanos.storage.ChunkQueryable;
import io.jthanos.storage.ChunkSeries;
import io.jthanos.storage.ChunkSeriesSet;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.storage.SelectHints;
import io.jthanos.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link ChunkQueryable} for tests: series with their samples cut into XOR chunks of a fixed
 * size. Can be told to fail, and counts open queriers so tests can check that every querier is closed.
 */
public final class InMemoryChunkQueryable implements ChunkQueryable {
    /** One stored series with its raw samples (for expectations) and chunks. */
    public record StoredSeries(Labels labels, long[] ts, double[] vs, List<ChunkMeta> chunks) {}

    private final TreeMap<Labels, StoredSeries> series = new TreeMap<>();
    private final AtomicInteger openQueriers = new AtomicInteger();
    private volatile RuntimeException failure;

    /** Adds a series cut into chunks of {@code samplesPerChunk} samples. */
    public InMemoryChunkQueryable add(Labels labels, long[] ts, double[] vs, int samplesPerChunk) {
        List<ChunkMeta> chunks = new ArrayList<>();
        for (int from = 0; from < ts.length; from += samplesPerChunk) {
            int to = Math.min(ts.length, from + samplesPerChunk);
            chunks.add(new ChunkMeta(ts[from], ts[to - 1], TestXorChunk.encode(ts, vs, from, to)));
        }
        series.put(labels, new StoredSeries(labels, ts, vs, List.copyOf(chunks)));
        return this;
    }

    /** Adds {@code n} samples starting at {@code start}, every {@code step} ms, values {@code base + i}. */
    public InMemoryChunkQueryable addRegular(Labels labels, long start, long step, int n, double base, int samplesPerChunk) {
        long[] ts = new long[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = start + i * step;
            vs[i] = base + i;
        }
        return add(labels, ts, vs, samplesPerChunk);
    }

    /** Makes every later select and label call fail with {@code e}; {@code null} heals. */
    public void failWith(RuntimeException e) {
        failure = e;
    }

    public List<StoredSeries> all() {
        return List.copyOf(series.values());
    }

    public int openQueriers() {
        return openQueriers.get();
    }

    @Override
    public ChunkQuerier chunkQuerier(long minTime, long maxTime) {
        openQueriers.incrementAndGet();
        return new Querier(minTime, maxTime);
    }

    private final class Querier implements ChunkQuerier {
        private final long minTime, maxTime;
        private boolean closed;

        Querier(long minTime, long maxTime) {
            this.minTime = minTime;
            this.maxTime = maxTime;
        }

        private List<StoredSeries> selected(Matcher... ms) {
            if (failure != null) {
                throw failure;
            }
            if (closed) {
                throw new StorageException("querier used after close");
            }
            List<StoredSeries> out = new ArrayList<>();
            for (StoredSeries s : series.values()) {
                if (!Matcher.matchAll(s.labels, List.of(ms))) {
                    continue;
                }
                if (s.ts.length == 0 || s.ts[s.ts.length - 1] < minTime || s.ts[0] > maxTime) {
                    continue;
                }
                out.add(s);
            }
            return out;
        }

        @Override
        public ChunkSeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
            List<StoredSeries> sel = selected(matchers);
            return new ChunkSeriesSet() {
                int i = -1;

                @Override
                public boolean next() {
                    return ++i < sel.size();
                }

                @Override
                public ChunkSeries at() {
                    StoredSeries s = sel.get(i);
                    return new ChunkSeries() {
                        @Override
                        public Labels labels() {
                            return s.labels;
                        }

                        @Override
                        public ChunkIterator chunks() {
                            List<ChunkMeta> in = new ArrayList<>();
                            for (ChunkMeta c : s.chunks) {
                                if (c.maxTime() >= minTime && c.minTime() <= maxTime) {
                                    in.add(c);
                                }
                            }
                            return new ChunkIterator() {
                                int j = -1;

                                @Override
                                public boolean next() {
                                    if (closed) {
                                        throw new StorageException("chunks read after close");
                                    }
                                    return ++j < in.size();
                                }

                                @Override
                                public ChunkMeta at() {
                                    return in.get(j);
                                }
                            };
                        }
                    };
                }

                @Override
                public Annotations warnings() {
                    return Annotations.EMPTY;
                }
            };
        }

        @Override
        public LabelQueryResult labelValues(String name, LabelHints hints, Matcher... matchers) {
            TreeSet<String> out = new TreeSet<>(Labels::compareStrings);
            for (StoredSeries s : selected(matchers)) {
                String v = s.labels.get(name);
                if (v != null) {
                    out.add(v);
                }
            }
            return new LabelQueryResult(new ArrayList<>(out), Annotations.EMPTY);
        }

        @Override
        public LabelQueryResult labelNames(LabelHints hints, Matcher... matchers) {
            TreeSet<String> out = new TreeSet<>(Labels::compareStrings);
            for (StoredSeries s : selected(matchers)) {
                out.addAll(s.labels.names());
            }
            return new LabelQueryResult(new ArrayList<>(out), Annotations.EMPTY);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                openQueriers.decrementAndGet();
            }
        }
    }
}
