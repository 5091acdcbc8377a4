package io.jthanos.tsdb.head;

import java.util.List;

/**
 * What Prometheus's {@code /api/v1/status/tsdb} (and Thanos receive's, per tenant) reports about a head: its
 * size and time range, and the largest contributors to its cardinality ({@code tsdb.Stats} and
 * {@code index.PostingsStats} there).
 *
 * @param numSeries                   series held
 * @param chunkCount                  chunks held ({@code prometheus_tsdb_head_chunks})
 * @param minTime                     oldest sample, {@link Long#MAX_VALUE} when empty
 * @param maxTime                     newest sample, {@link Long#MIN_VALUE} when empty
 * @param numLabelPairs               distinct label name-value pairs
 * @param seriesCountByMetricName     series per value of the label asked for (the metric name), largest first
 * @param labelValueCountByLabelName  distinct values per label name, largest first
 * @param memoryInBytesByLabelName    bytes of label strings per label name over all series, largest first
 * @param seriesCountByLabelValuePair series per label pair ({@code name=value}), largest first
 */
public record HeadStats(long numSeries, long chunkCount, long minTime, long maxTime, int numLabelPairs,
        List<Stat> seriesCountByMetricName, List<Stat> labelValueCountByLabelName, List<Stat> memoryInBytesByLabelName,
        List<Stat> seriesCountByLabelValuePair) {

    /** One entry of a top list. */
    public record Stat(String name, long count) {
    }

    /** Stats without the postings lists, for storages that have no head index. */
    public static HeadStats of(long numSeries, long minTime, long maxTime) {
        return new HeadStats(numSeries, 0, minTime, maxTime, 0, List.of(), List.of(), List.of(), List.of());
    }
}
