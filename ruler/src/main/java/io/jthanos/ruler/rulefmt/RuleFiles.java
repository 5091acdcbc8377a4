package io.jthanos.ruler.rulefmt;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Expands {@code --rule-file} patterns like Go's {@code filepath.Glob}: {@code *}, {@code ?} and
 * {@code [...]} within one path segment, in any segment; matching files in lexical order.
 */
public final class RuleFiles {
    private RuleFiles() {}

    /** The regular files matching any pattern, each once, sorted. */
    public static List<Path> expand(List<String> patterns) throws IOException {
        TreeSet<Path> out = new TreeSet<>();
        for (String pattern : patterns) {
            for (Path p : glob(pattern)) {
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        }
        return List.copyOf(out);
    }

    static List<Path> glob(String pattern) throws IOException {
        if (!hasMeta(pattern)) {
            Path p = Path.of(pattern);
            return Files.exists(p) ? List.of(p) : List.of();
        }
        Path path = Path.of(pattern);
        List<Path> current = new ArrayList<>();
        current.add(path.isAbsolute() ? path.getRoot() : Path.of(""));
        for (Path segment : path) {
            String s = segment.toString();
            List<Path> next = new ArrayList<>();
            for (Path base : current) {
                if (!hasMeta(s)) {
                    Path candidate = base.resolve(s);
                    if (Files.exists(candidate)) {
                        next.add(candidate);
                    }
                    continue;
                }
                Path dir = base.toString().isEmpty() ? Path.of(".") : base;
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                var matcher = dir.getFileSystem().getPathMatcher("glob:" + s.replace("{", "\\{").replace("}", "\\}"));
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    for (Path e : entries) {
                        if (matcher.matches(e.getFileName())) {
                            next.add(base.resolve(e.getFileName()));
                        }
                    }
                }
            }
            current = next;
        }
        current.sort(null);
        return current;
    }

    private static boolean hasMeta(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }
}
