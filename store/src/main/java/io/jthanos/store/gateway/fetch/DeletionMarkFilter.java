package io.jthanos.store.gateway.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jthanos.objstore.BucketReader;
import io.jthanos.objstore.ObjectNotFoundException;
import io.jthanos.tsdb.block.BlockMeta;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Hides blocks whose {@code deletion-mark.json} is older than {@code --ignore-deletion-marks-delay} (Thanos's
 * {@code IgnoreDeletionMarkFilter}); marks are read concurrently, and only for blocks whose listing shows one
 * (Thanos probes every block at every sync: one GET per block, nearly all answered 404). A block marked more recently stays visible,
 * so queries running against it while the compactor's {@code --delete-delay} runs keep their data.
 *
 * <p>{@code deletion-mark.json}: {@code {"id": "<ULID>", "version": 1, "details": "...", "deletion_time": <unix s>}}.
 */
public final class DeletionMarkFilter implements MetaFilter {
    public static final String FILE_NAME = "deletion-mark.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BucketReader bucket;
    private final Duration delay;
    private final Clock clock;
    private final ExecutorService executor;
    private volatile Map<String, Long> deletionTimes = Map.of();

    /** @param executor runs the mark reads; shared with the fetcher */
    public DeletionMarkFilter(BucketReader bucket, Duration delay, Clock clock, ExecutorService executor) {
        this.bucket = bucket;
        this.delay = delay;
        this.clock = clock;
        this.executor = executor;
    }

    /** Deletion times (unix seconds) of every marked block seen by the last {@link #filter}, including kept ones. */
    public Map<String, Long> deletionTimes() {
        return deletionTimes;
    }

    @Override
    public void filter(Map<String, BlockMeta> metas, SyncedCounts synced) throws IOException {
        filter(metas, synced, BlockListing.UNKNOWN);
    }

    @Override
    public void filter(Map<String, BlockMeta> metas, SyncedCounts synced, BlockListing listing) throws IOException {
        Map<String, Long> marks = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        for (String id : metas.keySet()) {
            if (!listing.mayHave(id, FILE_NAME)) {
                continue;
            }
            futures.add(executor.submit(() -> {
                Long t = readMark(id);
                if (t != null) {
                    marks.put(id, t);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading deletion marks", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException("read deletion mark", e.getCause());
            }
        }
        long nowSeconds = clock.millis() / 1000;
        int removed = 0;
        for (var e : marks.entrySet()) {
            if (nowSeconds - e.getValue() > delay.toSeconds() && metas.remove(e.getKey()) != null) {
                removed++;
            }
        }
        deletionTimes = Map.copyOf(marks);
        synced.add(SyncedCounts.MARKED_FOR_DELETION, removed);
    }

    private Long readMark(String id) throws IOException {
        String name = id + "/" + FILE_NAME;
        byte[] b;
        try (InputStream in = bucket.get(name)) {
            b = in.readAllBytes();
        } catch (ObjectNotFoundException e) {
            return null;
        } catch (IOException e) {
            if (bucket.isObjectNotFound(e)) {
                return null;
            }
            throw new IOException("read " + name + ": " + e.getMessage(), e);
        }
        try {
            JsonNode n = JSON.readTree(b);
            // a mark that cannot be parsed still means "being deleted": treat it as marked now
            return n.path("deletion_time").canConvertToLong() ? n.path("deletion_time").asLong() : clock.millis() / 1000;
        } catch (IOException e) {
            return clock.millis() / 1000;
        }
    }
}
