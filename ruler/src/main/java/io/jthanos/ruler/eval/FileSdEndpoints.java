package io.jthanos.ruler.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Query endpoints from static {@code --query} flags plus Prometheus file-SD files
 * ({@code --query.sd-files}: JSON or YAML lists of {@code {targets: [...]}}), re-read on each call
 * so that edits apply without a restart; an unreadable file keeps its last good targets.
 */
public final class FileSdEndpoints implements Supplier<List<String>> {
    private static final Logger LOG = LoggerFactory.getLogger(FileSdEndpoints.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<String> fixed;
    private final List<String> patterns;
    private final java.util.Map<Path, List<String>> lastGood = new java.util.concurrent.ConcurrentHashMap<>();

    public FileSdEndpoints(List<String> fixed, List<String> patterns) {
        this.fixed = List.copyOf(fixed);
        this.patterns = List.copyOf(patterns);
    }

    @Override
    public List<String> get() {
        Set<String> out = new LinkedHashSet<>(fixed);
        if (patterns.isEmpty()) {
            return List.copyOf(out);
        }
        try {
            for (Path file : io.jthanos.ruler.rulefmt.RuleFiles.expand(patterns)) {
                try {
                    List<String> targets = new ArrayList<>();
                    for (JsonNode group : YAML.readTree(Files.readString(file))) {
                        for (JsonNode t : group.path("targets")) {
                            targets.add(t.asText());
                        }
                    }
                    lastGood.put(file, targets);
                } catch (IOException | RuntimeException e) {
                    LOG.atWarn().addKeyValue("file", file).addKeyValue("err", e.toString()).log("Reading query SD file failed");
                }
                out.addAll(lastGood.getOrDefault(file, List.of()));
            }
        } catch (IOException e) {
            LOG.atWarn().addKeyValue("err", e.toString()).log("Expanding query SD files failed");
        }
        return List.copyOf(out);
    }
}
