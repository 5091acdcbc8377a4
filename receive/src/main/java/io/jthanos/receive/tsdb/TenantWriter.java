package io.jthanos.receive.tsdb;

import io.jthanos.model.Labels;
import io.jthanos.proto.prompb.Label;
import io.jthanos.proto.prompb.Sample;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.storage.AppendRejectedException;
import io.jthanos.storage.Appender;
import java.io.IOException;
import java.util.List;

/**
 * Appends remote-write series to a tenant's storage (after Thanos's {@code Writer}): every valid sample
 * is appended, a bad series or sample does not stop the others, and one commit (WAL write, fsynced as the
 * tenant's durability mode says) makes the batch durable before the caller may acknowledge it. Rejections
 * are reported per series with Prometheus's reason and the series' labels; invalid label sets (Thanos's
 * {@code labelpb.ValidateLabels}) and rejected samples are conflicts, as in Thanos.
 */
public final class TenantWriter {
    private final MultiTsdb storage;

    public TenantWriter(MultiTsdb storage) {
        this.storage = storage;
    }

    /** Writes {@code series} for {@code tenant}; returns after the commit. Never throws for bad data. */
    public WriteOutcome write(String tenant, List<TimeSeries> series) {
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
        int appended = 0;
        for (int i = 0; i < n; i++) {
            TimeSeries ts = series.get(i);
            List<Label> labels = ts.getLabelsList();
            String invalid = LabelsValidator.validate(labels);
            if (invalid != null) {
                // a conflict, as Thanos's isLabelsConflictErr: 409 over HTTP, ALREADY_EXISTS over gRPC
                outcome.fail(i, new SeriesError(ErrorKind.CONFLICT, invalid + ": " + LabelsValidator.format(labels)));
                continue;
            }
            if (ts.getHistogramsCount() > 0) {
                outcome.fail(i, new SeriesError(ErrorKind.INVALID,
                        "native histograms are not supported by this receiver yet: " + LabelsValidator.format(labels)));
            }
            Labels lset = toLabels(labels);
            long ref = 0;
            int rejected = 0;
            AppendRejectedException.Reason firstReason = null;
            for (int s = 0, m = ts.getSamplesCount(); s < m; s++) {
                Sample sample = ts.getSamples(s);
                try {
                    ref = app.append(ref, lset, sample.getTimestamp(), sample.getValue());
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
                        + ts.getSamplesCount() + " samples rejected for " + LabelsValidator.format(labels)));
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

    private static Labels toLabels(List<Label> labels) {
        String[] pairs = new String[labels.size() * 2];
        for (int i = 0, n = labels.size(); i < n; i++) {
            Label l = labels.get(i);
            pairs[2 * i] = l.getName();
            pairs[2 * i + 1] = l.getValue();
        }
        return Labels.fromSortedPairs(pairs);
    }
}
