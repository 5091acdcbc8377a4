package io.jthanos.store.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one request touched and fetched (Thanos's {@code queryStats}): counts and bytes of postings, series and
 * chunks. Shared by the request's per-block workers, hence atomic.
 */
public final class QueryStats {
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
