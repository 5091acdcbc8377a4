package io.jthanos.store.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one request touched and fetched (Thanos's {@code queryStats}): counts and bytes of postings, series and
 * chunks. Shared by the request's per-block workers, hence atomic.
 */
public final class QueryStats {
    private final long downloadedBytesLimit;
    private final java.util.concurrent.atomic.AtomicLong downloaded = new java.util.concurrent.atomic.AtomicLong();
    final AtomicLong blocksQueried = new AtomicLong();
    final AtomicLong postingsTouched = new AtomicLong();
    final AtomicLong postingsTouchedBytes = new AtomicLong();
    final AtomicLong postingsFetched = new AtomicLong();
    final AtomicLong postingsFetchedBytes = new AtomicLong();
    final AtomicLong seriesTouched = new AtomicLong();
    final AtomicLong seriesTouchedBytes = new AtomicLong();
    final AtomicLong seriesFetched = new AtomicLong();
    final AtomicLong seriesFetchedBytes = new AtomicLong();
    final AtomicLong seriesRefetches = new AtomicLong();
    final AtomicLong chunksTouched = new AtomicLong();
    final AtomicLong chunksTouchedBytes = new AtomicLong();
    final AtomicLong chunksFetched = new AtomicLong();
    final AtomicLong chunksFetchedBytes = new AtomicLong();
    final AtomicLong chunkRefetches = new AtomicLong();
    final AtomicLong getRangeRequests = new AtomicLong();

    /** Statistics without a download limit. */
    public QueryStats() {
        this(0);
    }

    /** @param downloadedBytesLimit bytes the request may read from the bucket, 0 for no limit */
    QueryStats(long downloadedBytesLimit) {
        this.downloadedBytesLimit = downloadedBytesLimit;
    }

    /**
     * Counts {@code bytes} read from the bucket for {@code what}.
     *
     * @throws io.jthanos.store.StoreException {@code RESOURCE_EXHAUSTED} once the request's download limit is exceeded
     */
    void downloaded(String what, long bytes) {
        long total = downloaded.addAndGet(bytes);
        if (downloadedBytesLimit > 0 && total > downloadedBytesLimit) {
            throw new io.jthanos.store.StoreException(io.jthanos.store.StoreException.Code.RESOURCE_EXHAUSTED,
                    "exceeded bytes limit while fetching " + what + ": limit " + downloadedBytesLimit + " violated (got "
                            + total + ")");
        }
    }

    public long blocksQueried() {
        return blocksQueried.get();
    }

    public long postingsFetchedBytes() {
        return postingsFetchedBytes.get();
    }

    public long seriesTouched() {
        return seriesTouched.get();
    }

    public long chunksTouched() {
        return chunksTouched.get();
    }

    /** Ranged reads made against the bucket for postings, series and chunks. */
    public long seriesFetchedBytes() {
        return seriesFetchedBytes.get();
    }

    public long getRangeRequests() {
        return getRangeRequests.get();
    }

    public long fetchedBytes() {
        return postingsFetchedBytes.get() + seriesFetchedBytes.get() + chunksFetchedBytes.get();
    }

    @Override
    public String toString() {
        return "blocks=" + blocksQueried + " postings=" + postingsTouched + "/" + postingsFetched + " series="
                + seriesTouched + "/" + seriesFetched + " chunks=" + chunksTouched + "/" + chunksFetched + " getRange="
                + getRangeRequests + " fetchedBytes=" + fetchedBytes();
    }
}
