package io.jthanos.store.gateway.indexheader;

import io.jthanos.objstore.BucketReader;
import io.jthanos.objstore.ObjectNotFoundException;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A block's index-header, built and memory-mapped only when a query first needs it and unmapped again after
 * it has been idle (Thanos's {@code LazyBinaryReader}, {@code --store.index-header-lazy-reader-idle-timeout}).
 * So start-up cost and resident memory do not grow with the number of blocks.
 *
 * <p>Callers bracket every use with {@link #acquire()} and {@link #release()}; the mapping is never closed
 * while acquired. A cached file that cannot be opened (truncated, corrupt) is rebuilt from the bucket once.
 *
 * <p>A build that fails because the block's {@code index} is missing or corrupt is remembered: later acquires fail
 * at once with the same {@link IndexHeaderUnavailableException}, without going to the bucket again, until
 * {@link #retryAfterFailure()} (the store's next sync, as Thanos retries a block that failed to load). A failure of
 * the bucket itself is thrown as it is and not remembered.
 */
public final class LazyIndexHeader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LazyIndexHeader.class);

    private final BucketReader bucket;
    private final String blockId;
    private final Path file;
    private final LongSupplier nanoClock;
    private final Consumer<IndexHeaderUnavailableException> onFailure;
    private IndexHeaderReader reader;
    private int users;
    private long lastUsedNanos;
    private boolean closed;
    private long loads;
    private long bytesFetched;
    private IndexHeaderUnavailableException failure;

    /**
     * @param file where the index-header is kept ({@code <data-dir>/<ULID>/index-header}), or {@code null} to build
     *     it in memory on every load ({@code --no-cache-index-header})
     * @param nanoClock the clock idle time is measured with
     */
    public LazyIndexHeader(BucketReader bucket, String blockId, Path file, LongSupplier nanoClock) {
        this(bucket, blockId, file, nanoClock, e -> {});
    }

    /** As above; {@code onFailure} is told of each failed build, once (later acquires rethrow it silently). */
    public LazyIndexHeader(BucketReader bucket, String blockId, Path file, LongSupplier nanoClock,
            Consumer<IndexHeaderUnavailableException> onFailure) {
        this.bucket = bucket;
        this.blockId = blockId;
        this.file = file;
        this.nanoClock = nanoClock;
        this.onFailure = onFailure;
    }

    /**
     * Opens (building first if needed) and returns the reader; pair with {@link #release()}.
     *
     * @throws IndexHeaderUnavailableException if the block's index is missing or corrupt, found now or at an earlier
     *     acquire since the last {@link #retryAfterFailure()}
     * @throws IOException if the bucket fails
     */
    public synchronized IndexHeaderReader acquire() throws IOException {
        if (closed) {
            throw new IOException("index-header of block " + blockId + " is closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (reader == null) {
            try {
                reader = load();
            } catch (IOException | RuntimeException e) {
                if (!isBroken(e)) {
                    throw e; // the bucket failed, not the block: the next acquire tries again
                }
                failure = new IndexHeaderUnavailableException(e);
                onFailure.accept(failure);
                throw failure;
            }
            loads++;
        }
        users++;
        return reader;
    }

    /** Whether {@code e} says the block's index is missing or corrupt, rather than that the bucket failed. */
    private static boolean isBroken(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ObjectNotFoundException || c instanceof CorruptBlockException) {
                return true;
            }
        }
        return false;
    }

    /** Forgets a failed build, so that the next {@link #acquire()} tries again. */
    public synchronized void retryAfterFailure() {
        failure = null;
    }

    /** Ends a use started by {@link #acquire()}. */
    public synchronized void release() {
        users--;
        lastUsedNanos = nanoClock.getAsLong();
    }

    /** Unmaps the index-header if nobody uses it and it was last used at least {@code idleNanos} ago. */
    public synchronized boolean closeIfIdle(long idleNanos) {
        if (reader != null && users == 0 && nanoClock.getAsLong() - lastUsedNanos >= idleNanos) {
            reader.close();
            reader = null;
            return true;
        }
        return false;
    }

    /** Whether the index-header is currently mapped. */
    public synchronized boolean isLoaded() {
        return reader != null;
    }

    /** How often the index-header has been mapped. */
    public synchronized long loads() {
        return loads;
    }

    /** Bytes read from the bucket to build the index-header file. */
    public synchronized long bytesFetched() {
        return bytesFetched;
    }

    private IndexHeaderReader load() throws IOException {
        if (file == null) {
            java.io.ByteArrayOutputStream built = new java.io.ByteArrayOutputStream();
            bytesFetched += IndexHeaderWriter.write(bucket, blockId, built);
            return IndexHeaderReader.of(built.toByteArray(), blockId + "/index-header (in memory)");
        }
        if (Files.exists(file)) {
            try {
                return IndexHeaderReader.open(file);
            } catch (CorruptBlockException e) {
                LOG.warn("cached index-header {} is unreadable, rebuilding: {}", file, e.getMessage());
            }
        }
        bytesFetched += IndexHeaderWriter.write(bucket, blockId, file);
        return IndexHeaderReader.open(file);
    }

    /** Unmaps the index-header; later {@link #acquire()}s fail. Waits for no one: callers must have released. */
    @Override
    public synchronized void close() {
        closed = true;
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
