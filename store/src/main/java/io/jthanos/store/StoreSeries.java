package io.jthanos.store;

import io.jthanos.model.Labels;
import java.util.List;

/**
 * One series of a StoreAPI response: its labels (external labels included) and its raw chunks sorted by
 * {@code minTime}; no chunks when the request asked to skip them.
 */
public record StoreSeries(Labels labels, List<StoreChunk> chunks) {
    public StoreSeries {
        chunks = List.copyOf(chunks);
    }

    /** A series without chunks ({@code skip_chunks}). */
    public static StoreSeries labelsOnly(Labels labels) {
        return new StoreSeries(labels, List.of());
    }
}
