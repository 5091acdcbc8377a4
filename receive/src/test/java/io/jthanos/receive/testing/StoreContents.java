package io.jthanos.receive.testing;

import io.jthanos.model.Matcher;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreSeries;
import io.jthanos.tsdb.chunkenc.Chunks;
import io.jthanos.tsdb.chunkenc.SampleIterator;
import io.jthanos.tsdb.chunkenc.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads everything a StoreAPI returns as {@code labels → ["t=v", …]}. */
public final class StoreContents {
    private StoreContents() {}

    public static Map<String, List<String>> read(StoreApi store, Matcher... matchers) {
        Map<String, List<String>> out = new TreeMap<>();
        if (matchers.length == 0) {
            matchers = new Matcher[] {Matcher.regex("__name__", ".+")};
        }
        store.series(SeriesRequest.of(Long.MIN_VALUE, Long.MAX_VALUE, matchers), new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries series) {
                List<String> samples = out.computeIfAbsent(series.labels().toString(), k -> new ArrayList<>());
                for (StoreChunk c : series.chunks()) {
                    SampleIterator it = Chunks.fromEncoding(c.encoding(), c.data()).iterator(null);
                    while (it.next() == ValueType.FLOAT) {
                        samples.add(it.atT() + "=" + it.atF());
                    }
                }
            }

            @Override
            public void onWarning(String warning) {
                throw new AssertionError("warning: " + warning);
            }
        });
        return out;
    }
}
