package io.jthanos.receive.replication;

import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.receive.hashring.Endpoint;
import java.util.List;

/** Sends series to another receiver ({@code thanos.WriteableStore/RemoteWrite}). */
public interface PeerClient extends AutoCloseable {
    /**
     * Writes {@code series} of {@code tenant} on {@code endpoint} as replica {@code replica} (1-based on the
     * wire; 0 means not replicated), blocking until it answers or {@code deadlineNanos} ({@link System#nanoTime}) passes.
     */
    void write(Endpoint endpoint, String tenant, long replica, List<TimeSeries> series, long deadlineNanos)
            throws PeerWriteException;

    @Override
    void close();
}
