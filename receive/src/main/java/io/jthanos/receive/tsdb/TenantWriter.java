package io.jthanos.receive.tsdb;

import io.jthanos.model.Labels;
import io.jthanos.receive.series.SeriesBatch;
import io.jthanos.storage.AppendRejectedException;
import io.jthanos.storage.Appender;
import io.jthanos.tsdb.head.HeadAppender;
import io.jthanos.tsdb.head.LabelsKey;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * Appends remote-write series to a tenant's storage (after Thanos's {@code Writer}): every valid sample
 * is appended, a bad series or sample does not stop the others, and one commit (WAL write, fsynced as the
 * tenant's durability mode says) makes the batch durable before the caller may acknowledge it. Rejections
 * are reported per series with Prometheus's reason and the series' labels; invalid label sets (Thanos's
 * {@code labelpb.ValidateLabels}) and rejected samples are conflicts, as in Thanos.
 */
public final class TenantWriter {
    private final MultiTsdb storage;
    private final long tooFarInFutureMillis;
    private final LongSupplier clock;

    public TenantWriter(MultiTsdb storage) {
        this(storage, 0, System::currentTimeMillis);
    }

    /**
     * @param tooFarInFutureMillis {@code --tsdb.too-far-in-future.time-window}: samples later than now plus this are
     *     refused as out of bounds, as in Thanos; 0 accepts any future timestamp
     * @param clock the current time in milliseconds
     */
    public TenantWriter(MultiTsdb storage, long tooFarInFutureMillis, LongSupplier clock) {
        this.storage = storage;
        this.tooFarInFutureMillis = tooFarInFutureMillis;
        this.clock = clock;
    }

    /** Writes {@code series} for {@code tenant}; returns after the commit. Never throws for bad data. */
    public WriteOutcome write(String tenant, SeriesBatch series) {
        int n = series.size();
        MultiTsdb.Tenant t;
        try {
            t = storage.tenant(tenant);
        } catch (IllegalArgumentException e) {
            return WriteOutcome.allFailed(n, new SeriesError(ErrorKind.INVALID, e.getMessage()));
        } catch (IllegalStateException e) {
            return WriteOutcome.allFailed(n, new SeriesError(ErrorKind.NOT_READY, "TSDB not ready: " + e.getMessage()));
        } catch (IOException e) {
            return WriteOutcome.allFailed(n, new SeriesError(ErrorKind.INTERNAL, "get tenant appendable: " + e.getMessage()));
        }
        WriteOutcome outcome = new WriteOutcome(n);
        Appender app = t.db().appendable().appender();
        HeadAppender head = app instanceof HeadAppender h ? h : null;
        if (head != null) {
            head.reserve((int) Math.min(series.sampleCount(), 1 << 20));
        }
        int appended = 0;
        long maxTime = tooFarInFutureMillis > 0 ? clock.getAsLong() + tooFarInFutureMillis : Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            String invalid = series.invalidLabels(i);
            if (invalid != null) {
                // a conflict, as Thanos's isLabelsConflictErr: 409 over HTTP, ALREADY_EXISTS over gRPC
                outcome.fail(i, new SeriesError(ErrorKind.CONFLICT, invalid + ": " + series.formatLabels(i)));
                continue;
            }
            if (series.hasHistograms(i)) {
                outcome.fail(i, new SeriesError(ErrorKind.INVALID,
                        "native histograms are not supported by this receiver yet: " + series.formatLabels(i)));
            }
            if (series.sampleCount(i) > 0) {
                appended += append(app, head, series, i, series.labelsKey(i), outcome, maxTime);
            }
        }
        try {
            app.commit();
        } catch (IOException | RuntimeException e) {
            app.rollback();
            return WriteOutcome.allFailed(n, new SeriesError(ErrorKind.INTERNAL, "commit samples: " + e.getMessage()));
        }
        outcome.addSamples(appended);
        return outcome;
    }

    /** Appends the samples of series {@code i}; returns how many were accepted. */
    private static int append(Appender app, HeadAppender head, SeriesBatch series, int i, LabelsKey key,
            WriteOutcome outcome, long maxTime) {
        int samples = series.sampleCount(i);
        Labels lset = head == null ? key.toLabels() : null;
        long ref = 0;
        int appended = 0;
        int rejected = 0;
        AppendRejectedException.Reason firstReason = null;
        for (int s = 0; s < samples; s++) {
            try {
                long ts = series.timestamp(i, s);
                if (ts > maxTime) {
                    throw new AppendRejectedException(AppendRejectedException.Reason.OUT_OF_BOUNDS, "too far in the future");
                }
                double v = series.value(i, s);
                ref = head != null ? head.appendByKey(ref, key, ts, v) : app.append(ref, lset, ts, v);
                appended++;
            } catch (AppendRejectedException e) {
                rejected++;
                if (firstReason == null) {
                    firstReason = e.reason();
                }
                if (e.reason() == AppendRejectedException.Reason.INVALID_LABELS) {
                    break;
                }
            }
        }
        if (rejected > 0) {
            ErrorKind kind = switch (firstReason) {
                case OUT_OF_ORDER, OUT_OF_BOUNDS, TOO_OLD, DUPLICATE_SAMPLE -> ErrorKind.CONFLICT;
                case INVALID_LABELS -> ErrorKind.INVALID;
                case LIMIT_EXCEEDED -> ErrorKind.INTERNAL;
            };
            outcome.fail(i, new SeriesError(kind, firstReason.message() + ": " + rejected + " of "
                    + samples + " samples rejected for " + series.formatLabels(i)));
        }
        return appended;
    }
}
