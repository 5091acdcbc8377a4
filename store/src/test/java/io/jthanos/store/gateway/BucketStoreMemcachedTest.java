package io.jthanos.store.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.objstore.memory.InMemoryBucket;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreChunk;
import io.jthanos.store.cache.MemcachedClient;
import io.jthanos.store.cache.MemcachedConfig;
import io.jthanos.store.cache.MemcachedServer;
import io.jthanos.store.cache.RemoteCache;
import io.jthanos.store.gateway.fetch.BlockMetaFetcher;
import io.jthanos.store.gateway.testing.TestBlocks;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.tsdb.block.BlockMeta;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store gateways whose index cache and caching bucket are a real memcached (the oracle's memcached 1.6). */
class BucketStoreMemcachedTest {
    private static final long HOUR = 3_600_000;
    private static final SeriesRequest QUERY =
            SeriesRequest.of(0, HOUR, Matcher.equal("__name__", "m"), Matcher.regex("j", "1|3"));

    @TempDir Path tmp;
    private final InMemoryBucket bucket = new InMemoryBucket();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<BucketStore> stores = new ArrayList<>();
    private MemcachedServer memcached;

    @BeforeEach
    void start() throws Exception {
        memcached = MemcachedServer.start();
        InMemoryChunkQueryable db = new InMemoryChunkQueryable();
        for (int i = 0; i < 200; i++) {
            db.addRegular(Labels.of("__name__", "m", "i", String.format("%04d", i), "j", Integer.toString(i % 5)), 0,
                    15_000, 240, i, 80);
        }
        BlockMeta m = TestBlocks.write(tmp.resolve("blocks"), db, Labels.of("cluster", "eu"), 0, HOUR);
        TestBlocks.upload(bucket, tmp.resolve("blocks"), m.ulid());
    }

    @AfterEach
    void stop() throws Exception {
        stores.forEach(BucketStore::close);
        executor.shutdownNow();
        memcached.close();
    }

    private Function<MeterRegistry, RemoteCache> client(String name) {
        MemcachedConfig c = MemcachedConfig.defaults(List.of(memcached.address()));
        return registry -> MemcachedClient.create(c, name, registry);
    }

    private BucketStore store(StoreCaches caches, MeterRegistry registry, String dir) throws Exception {
        BucketStoreConfig config = BucketStoreConfig.defaults(tmp.resolve(dir));
        BucketStore s = new BucketStore(bucket, new BlockMetaFetcher(bucket, null, executor, List.of()), config, registry,
                caches);
        stores.add(s);
        s.sync();
        return s;
    }

    private StoreCaches memcachedCaches() {
        return new StoreCaches(
                new StoreCaches.RemoteIndex(client("index-cache"), Duration.ofHours(1), EnumSet.allOf(IndexCache.ItemType.class)),
                new StoreCaches.RemoteChunks(client("caching-bucket"), Duration.ofHours(1), ChunkCache.SUBRANGE,
                        ChunkCache.MAX_GET_RANGE_REQUESTS));
    }

    private static List<String> query(BucketStore store) {
        List<String> out = new ArrayList<>();
        store.series(QUERY, new SeriesObserver() {
            @Override
            public void onSeries(io.jthanos.store.StoreSeries s) {
                StringBuilder b = new StringBuilder(s.labels().toString());
                for (StoreChunk c : s.chunks()) {
                    b.append(' ').append(c.minTime()).append('-').append(c.maxTime()).append(':')
                            .append(HexFormat.of().formatHex(c.data().toArray(ValueLayout.JAVA_BYTE)));
                }
                out.add(b.toString());
            }

            @Override
            public void onWarning(String w) {}
        });
        return out;
    }

    /** Items are written asynchronously: waits until a replica finds the query's index items and chunks cached. */
    private static void awaitWarm(BucketStore replica) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            query(replica);
            QueryStats s = replica.lastQueryStats();
            if (s.postingsFetchedBytes() == 0 && s.seriesFetchedBytes() == 0 && s.getRangeRequests() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("memcached never served the whole query");
    }

    @Test
    void aSecondReplicaAnswersFromWhatTheFirstCachedWithoutReadingTheBucket() throws Exception {
        BucketStore plain = store(StoreCaches.inMemory(BucketStoreConfig.defaults(tmp.resolve("p"))), new SimpleMeterRegistry(), "p");
        List<String> expected = query(plain);
        assertThat(expected).hasSize(80);

        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BucketStore first = store(memcachedCaches(), metrics, "a");
        assertThat(query(first)).isEqualTo(expected);
        QueryStats cold = first.lastQueryStats();
        assertThat(cold.postingsFetchedBytes()).isPositive();
        assertThat(cold.getRangeRequests()).isPositive();

        // another replica: nothing in its own memory, everything in the shared memcached
        BucketStore second = store(memcachedCaches(), new SimpleMeterRegistry(), "b");
        awaitWarm(second);
        assertThat(query(second)).isEqualTo(expected);
        assertThat(second.lastQueryStats().getRangeRequests()).isZero();

        String scrape = metrics.scrape();
        assertThat(scrape).contains("thanos_memcached_operations_total{name=\"index-cache\",operation=\"getmulti\"}");
        assertThat(scrape).contains("thanos_memcached_operations_total{name=\"caching-bucket\",operation=\"set\"}");
        assertThat(scrape).contains("thanos_store_index_cache_requests_total{item_type=\"Postings\"}");
        assertThat(scrape).contains("thanos_store_bucket_cache_operation_requests_total{config=\"chunks\",operation=\"get_range\"}");
    }

    @Test
    void withMemcachedGoneQueriesStillAnswerFromTheBucket() throws Exception {
        BucketStore plain = store(StoreCaches.inMemory(BucketStoreConfig.defaults(tmp.resolve("p"))), new SimpleMeterRegistry(), "p");
        List<String> expected = query(plain);
        BucketStore s = store(memcachedCaches(), new SimpleMeterRegistry(), "a");
        memcached.close();
        assertThat(query(s)).isEqualTo(expected);
        assertThat(query(s)).as("again, every item a miss").isEqualTo(expected);
        assertThat(s.lastQueryStats().postingsFetchedBytes()).isPositive();
    }

    @Test
    void onlyTheEnabledItemTypesAreCached() throws Exception {
        StoreCaches seriesOnly = new StoreCaches(
                new StoreCaches.RemoteIndex(client("index-cache"), Duration.ofHours(1), EnumSet.of(IndexCache.ItemType.SERIES)),
                new StoreCaches.InMemoryChunks(0, ChunkCache.SUBRANGE, ChunkCache.MAX_GET_RANGE_REQUESTS));
        BucketStore first = store(seriesOnly, new SimpleMeterRegistry(), "a");
        query(first);
        BucketStore second = store(seriesOnly, new SimpleMeterRegistry(), "b");
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            query(second);
            Thread.sleep(50);
        } while (second.lastQueryStats().seriesFetchedBytes() > 0 && System.nanoTime() < deadline);
        assertThat(second.lastQueryStats().seriesFetchedBytes()).as("series from memcached").isZero();
        assertThat(second.lastQueryStats().postingsFetchedBytes()).as("postings never cached").isPositive();
    }
}
