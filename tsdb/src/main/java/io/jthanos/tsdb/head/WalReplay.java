package io.jthanos.tsdb.head;

import io.jthanos.tsdb.wal.Checkpoint;
import io.jthanos.tsdb.wal.RecordType;
import io.jthanos.tsdb.wal.Records;
import io.jthanos.tsdb.wal.SampleBatch;
import io.jthanos.tsdb.wal.WalCorruptionException;
import io.jthanos.tsdb.wal.WalMetrics;
import io.jthanos.tsdb.wal.WalReader;
import io.jthanos.tsdb.wal.WalWriter;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the head from the newest WAL checkpoint and the segments after it. Damage in the
 * segments is cut off at the last intact record with a warning; damage in a checkpoint (which was
 * fsynced before it was published) is logged as an error and reading goes on with the segments.
 */
final class WalReplay {
    private static final Logger log = LoggerFactory.getLogger(WalReplay.class);

    private final Head head;
    private final Path walDir;
    private final WalMetrics metrics;
    /** Refs of series records that repeat known labels, mapped to the series that holds them. */
    private final LongObjectMap<MemSeries> aliases = new LongObjectMap<>(16);
    private final SampleBatch batch = new SampleBatch(1024);
    private long records;
    private long unknownRefSamples;

    WalReplay(Head head, Path walDir, WalMetrics metrics) {
        this.head = head;
        this.walDir = walDir;
        this.metrics = metrics;
    }

    void replay() throws IOException {
        Checkpoint.Location checkpoint = Checkpoint.last(walDir);
        int from = 0;
        if (checkpoint != null) {
            try (WalReader r = WalReader.open(checkpoint.dir())) {
                read(r);
            } catch (WalCorruptionException e) {
                countCorruption();
                log.error("WAL checkpoint {} is damaged; samples after offset {} of its segment {} are lost",
                        checkpoint.dir(), e.offset(), e.segment(), e);
            }
            from = checkpoint.index() + 1;
        }
        try (WalReader r = WalReader.open(walDir, from, Integer.MAX_VALUE)) {
            read(r);
        } catch (WalCorruptionException e) {
            countCorruption();
            log.warn("WAL is damaged after {} intact records; truncating it there", records, e);
            WalWriter.repair(e);
        }
        if (unknownRefSamples > 0) {
            log.warn("WAL replay skipped {} samples of unknown series", unknownRefSamples);
        }
    }

    private void countCorruption() {
        metrics.corruptionsCounter().increment();
    }

    private void read(WalReader r) throws IOException {
        while (r.next()) {
            records++;
            switch (RecordType.of(r.record(), r.length())) {
                case SERIES -> Records.decodeSeries(r.record(), r.length(), (ref, labels) -> {
                    MemSeries s = head.create(labels, ref);
                    s.walLogged = true;
                    if (s.ref != ref) {
                        aliases.put(ref, s);
                    }
                });
                case SAMPLES -> {
                    Records.decodeSamples(r.record(), r.length(), batch);
                    for (int i = 0; i < batch.size(); i++) {
                        long ref = batch.ref(i);
                        MemSeries s = head.seriesByRef(ref);
                        if (s == null) {
                            s = aliases.get(ref);
                        }
                        if (s == null) {
                            unknownRefSamples++;
                            continue;
                        }
                        head.replaySample(s, batch.t(i), batch.v(i));
                    }
                }
                default -> { } // record types we do not write yet
            }
        }
    }
}
