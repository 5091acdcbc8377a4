package io.jthanos.tsdb.wal;

/**
 * When a WAL write counts as durable, i.e. when {@link WalWriter#commit} returns.
 *
 * <ul>
 *   <li>{@link #FSYNC_EACH_COMMIT} (default): commit returns only after the records are written and
 *       the segment file is fsynced ({@code fdatasync}). Committed data survives {@code kill -9} and
 *       power loss. Concurrent committers share fsyncs (group commit): while one fsync runs, others
 *       write and then wait for the next fsync, which covers all of them.</li>
 *   <li>{@link #BATCHED_INTERVAL}: commit returns once the records are written to the operating
 *       system (page cache); a background thread fsyncs every {@link WalOptions#syncInterval()}.
 *       Committed data survives {@code kill -9} of the process; a power loss may lose the last
 *       interval.</li>
 *   <li>{@link #NONE}: like {@code BATCHED_INTERVAL} without the background fsync; files are fsynced
 *       only when a segment is completed and on close (Prometheus's own behaviour).</li>
 * </ul>
 */
public enum DurabilityMode {
    FSYNC_EACH_COMMIT,
    BATCHED_INTERVAL,
    NONE
}
