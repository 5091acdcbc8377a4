package io.jthanos.store;

import io.jthanos.storage.LabelQueryResult;

/**
 * The Thanos StoreAPI ({@code thanos.Store} plus {@code thanos.info.Info}) in Java form. Everything
 * that holds data implements it: a local TSDB ({@link TsdbStore}), a remote store over gRPC, and the
 * proxy that fans in many of them.
 *
 * <p>Streaming contract of {@link #series}, as Thanos's {@code rpc.proto} states it:
 * <ul>
 *   <li>series are delivered strictly sorted by labels ({@link io.jthanos.model.Labels#compareTo}),
 *       external labels included and {@link SeriesRequest#withoutReplicaLabels()} excluded;</li>
 *   <li>each series is delivered whole, once; its chunks are sorted by {@code minTime};</li>
 *   <li>chunks may exceed the requested time range, never miss data inside it.</li>
 * </ul>
 * Implementations must be safe for concurrent calls.
 */
public interface StoreApi {
    /** What this store holds: external label sets, time range, component type. */
    StoreInfo info();

    /**
     * Streams the series matching {@code request} to {@code observer} on the calling thread and returns
     * once the stream is complete.
     *
     * <p>An exception thrown by the observer (for example when the consumer gives up) stops the stream;
     * the store releases what it holds and rethrows it.
     *
     * @throws StoreException when the request is invalid or the store fails
     */
    void series(SeriesRequest request, SeriesObserver observer);

    /** Label names of the matching series, sorted, with warnings. */
    LabelQueryResult labelNames(LabelNamesRequest request);

    /** Values of one label over the matching series, sorted, with warnings. */
    LabelQueryResult labelValues(LabelValuesRequest request);
}
