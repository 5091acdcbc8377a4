package io.jthanos.cmd.compact;

import io.jthanos.compact.CompactorConfig;
import java.time.Duration;

/**
 * What {@code thanos compact} was started with, beyond the {@link CompactorConfig}.
 *
 * @param objstoreYaml the bucket configuration
 * @param objstoreSource where it came from, for error messages
 * @param waitForWork {@code -w/--wait}: keep running and compact again every {@code waitInterval}
 * @param waitInterval {@code --wait-interval}
 * @param cleanupInterval {@code --compact.cleanup-interval}: how often marked blocks are deleted in wait mode
 * @param progressInterval {@code --compact.progress-interval}: how often progress is logged in wait mode,
 *     zero to disable
 * @param compactor the compactor's own settings
 */
public record CompactSettings(String objstoreYaml, String objstoreSource, boolean waitForWork, Duration waitInterval,
        Duration cleanupInterval, Duration progressInterval, CompactorConfig compactor) {}
