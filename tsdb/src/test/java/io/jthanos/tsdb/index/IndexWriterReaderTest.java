package io.jthanos.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexWriterReaderTest {
    @TempDir
    Path dir;

    private Path write(List<Labels> series, List<List<ChunkRefMeta>> chunks, boolean labelIndices) throws Exception {
        TreeSet<String> syms = new TreeSet<>(Labels::compareStrings);
        syms.add("");
        for (Labels l : series) {
            l.forEach((n, v) -> {
                syms.add(n);
                syms.add(v);
            });
        }
        Path p = dir.resolve("index" + (labelIndices ? "" : "-nolabelindices"));
        try (IndexWriter w = IndexWriter.create(p, labelIndices)) {
            for (String s : syms) {
                w.addSymbol(s);
            }
            for (int i = 0; i < series.size(); i++) {
                w.addSeries(series.get(i), chunks.get(i));
            }
        }
        return p;
    }

    @Test
    void emptyIndexRoundTrips() throws Exception {
        for (boolean li : new boolean[] {true, false}) {
            try (IndexReader r = IndexReader.open(write(List.of(), List.of(), li))) {
                assertThat(r.version()).isEqualTo(2);
                assertThat(r.labelNames()).isEmpty();
                assertThat(Postings.expand(r.allPostings())).isEmpty();
                assertThat(r.symbols()).containsExactly("");
            }
        }
    }

    @Test
    void randomizedIndexRoundTripsWithAndWithoutLabelIndices() throws Exception {
        Random rnd = new Random(5);
        TreeMap<Labels, List<ChunkRefMeta>> model = new TreeMap<>();
        for (int i = 0; i < 2000; i++) {
            LabelsBuilder b = new LabelsBuilder();
            b.set("__name__", "metric_" + rnd.nextInt(20));
            b.set("instance", "host-" + rnd.nextInt(100));
            if (rnd.nextInt(3) == 0) {
                b.set("long", "x".repeat(rnd.nextInt(5000)) + i);
            }
            for (int k = 0; k < rnd.nextInt(5); k++) {
                b.set("l" + rnd.nextInt(60), "välue\n\"" + rnd.nextInt(70));
            }
            model.put(b.build(), List.of());
        }
        List<Labels> series = new ArrayList<>(model.keySet());
        List<List<ChunkRefMeta>> chunks = new ArrayList<>();
        long ref = 8;
        for (Labels l : series) {
            List<ChunkRefMeta> cs = new ArrayList<>();
            long t = rnd.nextLong() >> 20;
            for (int c = 0; c < rnd.nextInt(5); c++) {
                long minT = t + 1 + rnd.nextInt(1000);
                long maxT = minT + rnd.nextInt(100000);
                cs.add(new ChunkRefMeta(minT, maxT, ref));
                ref += 1 + rnd.nextInt(300);
                t = maxT;
            }
            chunks.add(cs);
        }
        for (boolean li : new boolean[] {true, false}) {
            try (IndexReader r = IndexReader.open(write(series, chunks, li))) {
                long[] all = Postings.expand(r.allPostings());
                assertThat(all).hasSize(series.size());
                List<ChunkRefMeta> got = new ArrayList<>();
                Map<String, TreeMap<String, List<Long>>> postings = new TreeMap<>(Labels::compareStrings);
                for (int i = 0; i < all.length; i++) {
                    Labels l = r.series(all[i], got);
                    assertThat(l).isEqualTo(series.get(i));
                    assertThat(got).isEqualTo(chunks.get(i));
                    long id = all[i];
                    l.forEach((n, v) -> postings.computeIfAbsent(n, k -> new TreeMap<>(Labels::compareStrings))
                            .computeIfAbsent(v, k -> new ArrayList<>()).add(id));
                }
                assertThat(r.labelNames()).containsExactlyElementsOf(postings.keySet());
                for (var e : postings.entrySet()) {
                    assertThat(r.labelValues(e.getKey())).containsExactlyElementsOf(e.getValue().keySet());
                    for (var v : e.getValue().entrySet()) {
                        assertThat(Postings.expand(r.postings(e.getKey(), v.getKey())))
                                .containsExactly(v.getValue().stream().mapToLong(Long::longValue).toArray());
                    }
                    assertThat(Postings.expand(r.postings(e.getKey(), "no such value"))).isEmpty();
                }
                assertThat(Postings.expand(r.postings("no_such_label", "x"))).isEmpty();
                assertThat(r.labelValues("no_such_label")).isEmpty();
            }
        }
    }

    @Test
    void postingsLookupsWorkAroundTheSamplingBoundaries() throws Exception {
        for (int values : new int[] {1, 2, 31, 32, 33, 63, 64, 65, 97}) {
            List<Labels> series = new ArrayList<>();
            for (int i = 0; i < values; i++) {
                series.add(Labels.of("a", "x", "v", String.format("%03d", i)));
            }
            List<List<ChunkRefMeta>> chunks = series.stream().map(l -> List.<ChunkRefMeta>of()).toList();
            Path p = write(series, chunks, false);
            try (IndexReader r = IndexReader.open(p)) {
                assertThat(r.labelValues("v")).hasSize(values);
                long[] all = Postings.expand(r.allPostings());
                for (int i = 0; i < values; i++) {
                    assertThat(Postings.expand(r.postings("v", String.format("%03d", i)))).as("%d of %d", i, values).containsExactly(all[i]);
                }
                assertThat(Postings.expand(r.postings("v", "-"))).isEmpty();
                assertThat(Postings.expand(r.postings("v", "999"))).isEmpty();
                assertThat(Postings.expand(r.postings("v", "0005"))).isEmpty();
                assertThat(Postings.expand(r.postings("a", "x"))).hasSize(values);
            }
            java.nio.file.Files.delete(p);
        }
    }

    @Test
    void writerEnforcesOrder() throws Exception {
        try (IndexWriter w = IndexWriter.create(dir.resolve("i"))) {
            w.addSymbol("a");
            assertThatThrownBy(() -> w.addSymbol("a")).isInstanceOf(IllegalArgumentException.class);
            w.addSymbol("b");
            w.addSeries(Labels.of("b", "a"), List.of());
            assertThatThrownBy(() -> w.addSeries(Labels.of("a", "b"), List.of())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.addSymbol("c")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> w.addSeries(Labels.of("b", "b"), List.of(new ChunkRefMeta(5, 4, 8))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.addSeries(Labels.of("c", "b"), List.of())).hasMessageContaining("symbol entry");
        }
    }

    @Test
    void symbolLookupsAgreeWithTheTableAcrossCacheCollisions() throws Exception {
        List<Labels> series = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            series.add(Labels.of("__name__", "m", "id", String.format("%06d", i)));
        }
        List<List<ChunkRefMeta>> chunks = new ArrayList<>();
        series.forEach(l -> chunks.add(List.of()));
        try (IndexReader r = IndexReader.open(write(series, chunks, true))) {
            List<String> table = r.symbols();
            assertThat(table.size()).isGreaterThan(8192);
            Random rnd = new Random(7);
            for (int i = 0; i < 50_000; i++) {
                int ref = rnd.nextInt(table.size());
                assertThat(r.lookupSymbol(ref)).as("symbol %d", ref).isEqualTo(table.get(ref));
            }
        }
    }
}
