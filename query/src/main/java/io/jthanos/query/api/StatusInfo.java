package io.jthanos.query.api;

import java.time.Instant;
import java.util.Map;

/**
 * What the status endpoints report about the process.
 *
 * @param version the jthanos version
 * @param revision the source revision
 * @param branch the source branch
 * @param buildUser who built it
 * @param buildDate when it was built
 * @param runtimeVersion the Java version, reported as {@code goVersion}
 * @param flags the command-line flags with their effective values
 * @param startTime when the process started
 */
public record StatusInfo(String version, String revision, String branch, String buildUser, String buildDate,
        String runtimeVersion, Map<String, String> flags, Instant startTime) {
    public StatusInfo {
        flags = Map.copyOf(flags);
    }
}
