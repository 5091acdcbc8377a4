package io.jthanos.promql.engine;

/**
 * Where the range window of each step lies: {@code (ref - range, ref]} with {@code ref} the step time
 * minus the offset, or the {@code @} time minus the offset for every step. Internal to the engine.
 *
 * @param at the {@code @} timestamp in milliseconds, or null
 */
public record WindowSpec(long rangeMillis, long offsetMillis, Long at) {

    /** The window's inclusive upper bound at {@code step}. */
    public long ref(StepGrid grid, int step) {
        return (at != null ? at : grid.time(step)) - offsetMillis;
    }
}
