package io.jthanos.promql.engine;

/**
 * Statistics of one query execution.
 *
 * @param totalSamples   Prometheus's {@code totalQueryableSamples}: per step of the query, the samples it
 *                       selects (one per present instant-selector point, the window's points for a range
 *                       function), summed over the steps
 * @param peakSamples    the most samples held at once, the figure the sample limit applies to
 * @param seriesFetched  series returned by storage selects
 * @param evalNanos      wall time spent evaluating
 * @param samplesPerStep {@code totalSamples} per step, or {@code null} unless asked for
 *                       ({@link Query#enablePerStepStats()})
 */
public record QueryStats(long totalSamples, long peakSamples, long seriesFetched, long evalNanos,
        SamplesPerStep samplesPerStep) {

    /**
     * Prometheus's {@code totalQueryableSamplesPerStep}.
     *
     * @param start the first step's time in milliseconds
     * @param interval milliseconds between steps
     * @param counts samples of each step
     */
    public record SamplesPerStep(long start, long interval, long[] counts) {
        /** The time of step {@code i} in milliseconds. */
        public long time(int i) {
            return start + i * interval;
        }
    }
}
