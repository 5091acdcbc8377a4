package io.jthanos.query;

import io.jthanos.storage.Annotations;
import io.jthanos.storage.Series;
import io.jthanos.storage.SeriesSet;
import io.jthanos.storage.StorageException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A select running on another thread, read as a {@link SeriesSet} once it is done (Thanos's
 * {@code lazySeriesSet}): the first {@link #next()} or {@link #warnings()} waits for it. When the waiting
 * thread is interrupted, the select is cancelled (its thread interrupted) and the set fails.
 */
final class PendingSelect extends FutureTask<SeriesSet> implements SeriesSet {
    private SeriesSet result;

    PendingSelect(Callable<SeriesSet> select) {
        super(select);
    }

    private SeriesSet result() {
        if (result == null) {
            try {
                result = get();
            } catch (InterruptedException e) {
                cancel(true);
                Thread.currentThread().interrupt();
                result = SeriesSet.failed(new StorageException("select canceled: interrupted while waiting for it", e));
            } catch (CancellationException e) {
                result = SeriesSet.failed(new StorageException("select canceled", e));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                result = SeriesSet.failed(cause instanceof RuntimeException r ? r
                        : new StorageException("select: " + cause.getMessage(), cause));
            }
        }
        return result;
    }

    @Override
    public boolean next() {
        return result().next();
    }

    @Override
    public Series at() {
        return result().at();
    }

    @Override
    public Annotations warnings() {
        return result().warnings();
    }
}
