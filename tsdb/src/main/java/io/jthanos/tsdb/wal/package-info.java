/**
 * The write-ahead log, on-disk compatible with Prometheus's {@code tsdb/wlog} and {@code tsdb/record}:
 * Prometheus (e.g. {@code promtool tsdb dump}) replays a WAL written here.
 *
 * <p>{@link io.jthanos.tsdb.wal.WalWriter} appends records to numbered segment files in 32 KiB pages,
 * each record split into fragments (full/first/middle/last) with a CRC32C per fragment, never across
 * segments. {@link io.jthanos.tsdb.wal.WalReader} reads them back and reports the first damage as a
 * {@link io.jthanos.tsdb.wal.WalCorruptionException}, after which
 * {@link io.jthanos.tsdb.wal.WalWriter#repair} cuts the log at the last intact record.
 * {@link io.jthanos.tsdb.wal.Records} encodes series and samples records;
 * {@link io.jthanos.tsdb.wal.Checkpoint} compacts the log after the head was truncated.
 *
 * <p><b>Durability.</b> With {@link io.jthanos.tsdb.wal.DurabilityMode#FSYNC_EACH_COMMIT} (the default),
 * {@code commit} returns only after the commit's records are written and fsynced, so they survive
 * {@code kill -9} and power loss; concurrent commits share fsyncs (group commit). New segment files
 * and checkpoint renames are followed by a directory fsync.
 */
package io.jthanos.tsdb.wal;
