package io.jthanos.cmd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The complete blocks (those with a {@code meta.json}) in a bucket kept as a local directory. */
final class BucketBlocks {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One block's time range (ms, max exclusive) and Thanos labels. */
    record Meta(String ulid, long minTime, long maxTime, Map<String, String> labels, String source) {}

    private BucketBlocks() {}

    static List<Meta> list(Path bucketDir) throws IOException {
        List<Meta> out = new ArrayList<>();
        if (!Files.isDirectory(bucketDir)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(bucketDir)) {
            for (Path d : dirs.sorted().toList()) {
                Path meta = d.resolve("meta.json");
                if (!Files.isRegularFile(meta)) {
                    continue;
                }
                JsonNode m = MAPPER.readTree(meta.toFile());
                Map<String, String> labels = new TreeMap<>();
                m.path("thanos").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                out.add(new Meta(m.path("ulid").asText(), m.path("minTime").asLong(), m.path("maxTime").asLong(), labels,
                        m.path("thanos").path("source").asText()));
            }
        }
        return out;
    }

    /** The end of the range every replica (value of {@code replicaLabel}) has shipped, or {@code -1}. */
    static long commonEnd(List<Meta> blocks, String replicaLabel, int replicas) {
        Map<String, Long> ends = new TreeMap<>();
        for (Meta m : blocks) {
            ends.merge(m.labels().getOrDefault(replicaLabel, ""), m.maxTime(), Math::max);
        }
        return ends.size() < replicas ? -1 : ends.values().stream().mapToLong(Long::longValue).min().orElse(-1);
    }

    /** The value of a gauge or counter without labels in a {@code /metrics} text, or {@code -1}. */
    static double metric(String metricsText, String name) {
        for (String line : metricsText.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{}")) {
                String[] parts = line.trim().split("\\s+");
                return Double.parseDouble(parts[1]);
            }
        }
        return -1;
    }
}
