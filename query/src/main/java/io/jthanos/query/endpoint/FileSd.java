package io.jthanos.query.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * File service discovery in Prometheus's {@code file_sd_configs} format ({@code --store.sd-files}): each
 * file (a path or a glob in its last element) holds a YAML or JSON list of {@code {targets: [...], labels:
 * {...}}} groups; labels are ignored. {@link #targets()} re-reads a file only when its modification time or
 * size changed; a file that cannot be read or parsed keeps its last good targets. Thread-safe.
 */
public final class FileSd {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Cached(long modified, long size, List<String> targets) {
    }

    private final List<String> patterns;
    private final Map<Path, Cached> cache = new HashMap<>();

    public FileSd(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The targets of all files, in file order, without duplicates. */
    public synchronized List<String> targets() {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        Map<Path, Cached> seen = new HashMap<>();
        for (String pattern : patterns) {
            for (Path file : expand(pattern)) {
                Cached c = read(file);
                seen.put(file, c);
                out.addAll(c.targets());
            }
        }
        cache.keySet().retainAll(seen.keySet());
        return List.copyOf(out);
    }

    private Cached read(Path file) {
        Cached old = cache.get(file);
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            long size = Files.size(file);
            if (old != null && old.modified() == modified && old.size() == size) {
                return old;
            }
            Cached c = new Cached(modified, size, parse(file, Files.readString(file)));
            cache.put(file, c);
            return c;
        } catch (IOException | IllegalArgumentException e) {
            return old != null ? old : new Cached(-1, -1, List.of());
        }
    }

    /** The targets of one file's content; the format follows the extension ({@code .json} or YAML). */
    static List<String> parse(Path file, String content) throws IOException {
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        JsonNode root = (json ? JSON : YAML).readTree(content);
        List<String> out = new ArrayList<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return out;
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException(file + ": expected a list of target groups");
        }
        for (JsonNode group : root) {
            for (JsonNode t : group.path("targets")) {
                out.add(t.asText());
            }
        }
        return out;
    }

    private static List<Path> expand(String pattern) {
        Path p = Path.of(pattern);
        String last = p.getFileName() == null ? "" : p.getFileName().toString();
        if (!last.contains("*") && !last.contains("?") && !last.contains("[")) {
            return Files.isRegularFile(p) ? List.of(p) : List.of();
        }
        Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, last)) {
            for (Path f : ds) {
                if (Files.isRegularFile(f)) {
                    out.add(f);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }
}
