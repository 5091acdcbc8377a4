package io.jthanos.receive.replication;

import io.jthanos.receive.tsdb.ErrorKind;
import io.jthanos.receive.tsdb.SeriesError;

/**
 * The outcome of routing one write request.
 *
 * @param cause {@code null} when every series reached its write quorum, else the request's cause in
 *     Thanos's precedence
 * @param message what failed, naming series where known
 * @param seriesErrors the final error of each series of the request, {@code null} for the successful ones
 * @param samplesWritten samples of the series that reached quorum
 */
public record RouteResult(ErrorKind cause, String message, SeriesError[] seriesErrors, long samplesWritten) {
    /** Whether every series reached quorum. */
    public boolean ok() {
        return cause == null;
    }

    static RouteResult failed(ErrorKind cause, String message, int series) {
        SeriesError[] errors = new SeriesError[series];
        java.util.Arrays.fill(errors, new SeriesError(cause, message));
        return new RouteResult(cause, message, errors, 0);
    }
}
