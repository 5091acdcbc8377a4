package io.jthanos.promql.engine;

/**
 * Statistics of one query execution.
 *
 * @param totalSamples   samples read from storage
 * @param peakSamples    the most samples held at once, the figure the sample limit applies to
 * @param seriesFetched  series returned by storage selects
 * @param evalNanos      wall time spent evaluating
 */
public record QueryStats(long totalSamples, long peakSamples, long seriesFetched, long evalNanos) {
}
