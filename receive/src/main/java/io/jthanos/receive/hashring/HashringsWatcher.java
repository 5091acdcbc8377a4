package io.jthanos.receive.hashring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads {@code --receive.hashrings-file}: on every change of its modification time or size (checked
 * each {@code pollInterval}) and unconditionally every {@code refreshInterval}, like Thanos's
 * {@code ConfigWatcher} (fsnotify plus ticker). A changed, valid configuration is handed to the
 * listener; an unreadable or invalid one is logged and counted, and the previous rings stay in use, so
 * requests are never dropped by a reload.
 */
public final class HashringsWatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(HashringsWatcher.class);

    /** What the watcher reports. */
    public interface Listener {
        /** A new valid configuration (already built into rings). */
        void onHashrings(Hashrings hashrings, String content);

        /** A refresh that failed. */
        default void onError(Exception e) {}

        /** A refresh attempt, successful or not. */
        default void onRefresh() {}
    }

    private final Path file;
    private final Duration refreshInterval;
    private final Duration pollInterval;
    private final HashringAlgorithm algorithm;
    private final int replicationFactor;
    private final Listener listener;
    private volatile boolean stopped;
    private byte[] lastContent;
    private long lastModified = Long.MIN_VALUE;
    private long lastSize = -1;

    public HashringsWatcher(Path file, Duration refreshInterval, Duration pollInterval, HashringAlgorithm algorithm,
            int replicationFactor, Listener listener) {
        this.file = file;
        this.refreshInterval = refreshInterval;
        this.pollInterval = pollInterval;
        this.algorithm = algorithm;
        this.replicationFactor = replicationFactor;
        this.listener = listener;
    }

    /** Loads the file once; throws when it is missing or invalid (used at start-up, as Thanos validates it). */
    public static Hashrings load(Path file, HashringAlgorithm algorithm, int replicationFactor) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        return build(content, algorithm, replicationFactor);
    }

    /** Builds rings from a configuration string. */
    public static Hashrings build(String content, HashringAlgorithm algorithm, int replicationFactor) {
        List<HashringConfig> config = HashringConfigParser.parse(content);
        return Hashrings.fromConfig(config, algorithm, replicationFactor);
    }

    /** Checks the file now; reloads when it changed or {@code force}. Returns whether new rings were published. */
    public synchronized boolean refresh(boolean force) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            long modified = attrs.lastModifiedTime().toMillis();
            if (!force && modified == lastModified && attrs.size() == lastSize) {
                return false;
            }
            listener.onRefresh();
            byte[] content = Files.readAllBytes(file);
            lastModified = modified;
            lastSize = attrs.size();
            if (Arrays.equals(content, lastContent)) {
                return false;
            }
            String text = new String(content, StandardCharsets.UTF_8);
            Hashrings rings = build(text, algorithm, replicationFactor);
            lastContent = content;
            listener.onHashrings(rings, text);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.atError().setCause(e).addKeyValue("path", file).log("failed to load configuration file");
            listener.onError(e);
            return false;
        }
    }

    @Override
    public void run() {
        long nextForced = System.nanoTime() + refreshInterval.toNanos();
        while (!stopped) {
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                return;
            }
            boolean force = System.nanoTime() - nextForced >= 0;
            if (force) {
                nextForced = System.nanoTime() + refreshInterval.toNanos();
            }
            refresh(force);
        }
    }

    /** Ends {@link #run()}. */
    public void stop() {
        stopped = true;
    }
}
