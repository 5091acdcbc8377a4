package io.jthanos.store.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.objstore.testing.FaultyBucket;
import io.jthanos.storage.Annotation;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.store.LabelValuesRequest;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreException;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.gateway.testing.TestBlocks;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.tsdb.block.BlockMeta;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store gateway does with a block in the bucket whose files are missing or corrupt. */
class BrokenBlockTest {
    private static final long HOUR = 3_600_000;

    @TempDir Path tmp;
    private final FaultyBucket bucket = new FaultyBucket(new InMemoryBucket());
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private BucketStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        executor.shutdownNow();
    }

    private BlockMeta upload(long start) throws Exception {
        InMemoryChunkQueryable db = new InMemoryChunkQueryable();
        for (int i = 0; i < 10; i++) {
            db.addRegular(Labels.of("__name__", "m", "i", Integer.toString(i), "hour", Long.toString(start / HOUR)),
                    start, 15_000, 240, i, 120);
        }
        BlockMeta m = TestBlocks.write(tmp.resolve("blocks"), db, Labels.of(), start, start + HOUR);
        TestBlocks.upload(bucket, tmp.resolve("blocks"), m.ulid());
        return m;
    }

    private BucketStore store(boolean lazy) throws Exception {
        BucketStoreConfig c = BucketStoreConfig.defaults(tmp.resolve("data"));
        if (!lazy) {
            c = new BucketStoreConfig(c.dataDir(), c.blockSyncConcurrency(), c.indexCacheSize(), c.chunkPoolSize(),
                    c.seriesMaxConcurrency(), c.requestSeriesLimit(), c.requestSamplesLimit(), c.downloadedBytesLimit(),
                    false, c.indexHeaderIdleTimeout(), c.minTime(), c.maxTime());
        }
        store = new BucketStore(bucket, new BlockMetaFetcher(bucket, null, executor, List.of()), c, registry);
        store.sync();
        return store;
    }

    private record Answer(List<String> hours, List<String> warnings) {}

    private static Answer series(BucketStore s) {
        List<String> hours = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        s.series(SeriesRequest.of(0, 2 * HOUR, Matcher.equal("__name__", "m")), new SeriesObserver() {
            @Override
            public void onSeries(StoreSeries series) {
                hours.add(series.labels().get("hour"));
            }

            @Override
            public void onWarning(String w) {
                warnings.add(w);
            }
        });
        return new Answer(hours.stream().distinct().sorted().toList(), warnings);
    }

    private double loadFailures() {
        return registry.get("thanos_bucket_store_block_load_failures").counter().count();
    }

    @Test
    void aBlockWithoutItsIndexIsLeftOutWithAWarningUntilASyncFindsItRepaired() throws Exception {
        upload(0);
        BlockMeta broken = upload(HOUR);
        byte[] index = bucket.get(broken.ulid() + "/index").readAllBytes();
        bucket.delete(broken.ulid() + "/index");
        BucketStore s = store(true);

        Answer a = series(s);
        assertThat(a.hours()).containsExactly("0");
        assertThat(a.warnings()).singleElement().asString()
                .startsWith("block " + broken.ulid() + ": load index-header: ")
                .contains(broken.ulid() + "/index");
        assertThat(loadFailures()).isEqualTo(1);

        LabelQueryResult values = s.labelValues(new LabelValuesRequest("hour", 0, 2 * HOUR, List.of(), List.of(), 0,
                io.jthanos.store.PartialResponseStrategy.WARN));
        assertThat(values.values()).containsExactly("0");
        assertThat(values.warnings().all()).extracting(Annotation::message).singleElement().asString()
                .startsWith("block " + broken.ulid() + ": load index-header: ");

        // the failure is remembered until the next sync: no second build (which would count and log again)
        assertThat(series(s).warnings()).hasSize(1);
        assertThat(loadFailures()).isEqualTo(1);

        bucket.upload(broken.ulid() + "/index", new ByteArrayInputStream(index), index.length);
        s.sync();
        Answer repaired = series(s);
        assertThat(repaired.hours()).containsExactly("0", "1");
        assertThat(repaired.warnings()).isEmpty();
    }

    @Test
    void aBucketFailureWhileBuildingAnIndexHeaderFailsTheRequestAndIsNotRemembered() throws Exception {
        upload(0);
        upload(HOUR);
        BucketStore s = store(true);
        bucket.failRangeReads(name -> name.endsWith("/index"), new IllegalStateException("bucket down"));

        assertThatThrownBy(() -> series(s)).isInstanceOf(StoreException.class).hasMessageContaining("bucket down");

        bucket.heal();
        Answer a = series(s);
        assertThat(a.hours()).containsExactly("0", "1");
        assertThat(a.warnings()).isEmpty();
        assertThat(loadFailures()).isZero();
    }

    @Test
    void withEagerIndexHeadersABrokenBlockIsNotLoadedAsInThanos() throws Exception {
        upload(0);
        BlockMeta broken = upload(HOUR);
        bucket.delete(broken.ulid() + "/index");
        BucketStore s = store(false);

        assertThat(s.blockIds()).doesNotContain(broken.ulid()).hasSize(1);
        assertThat(loadFailures()).isEqualTo(1);
        Answer a = series(s);
        assertThat(a.hours()).containsExactly("0");
        assertThat(a.warnings()).isEmpty();
    }

    @Test
    void aCorruptSeriesEntryFailsTheRequestNamingTheIndexAndTheEntrysOffset() throws Exception {
        BlockMeta m = upload(0);
        Path index = tmp.resolve("blocks").resolve(m.ulid()).resolve("index");
        byte[] b = Files.readAllBytes(index);
        // the TOC's second entry is the series section's offset; its first entry is at the next multiple of 16
        long section = ByteBuffer.wrap(b, b.length - 52 + 8, 8).getLong();
        long first = (section + 15) / 16 * 16;
        b[(int) first + 4] ^= 0x40; // inside the entry's labels, covered by its CRC
        bucket.upload(m.ulid() + "/index", new ByteArrayInputStream(b), b.length);
        BucketStore s = store(true);

        assertThatThrownBy(() -> series(s))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(m.ulid() + "/index at offset " + first + ": series " + first / 16
                        + ": checksum mismatch");
    }
}
