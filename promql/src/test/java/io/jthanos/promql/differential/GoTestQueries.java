package io.jthanos.promql.differential;

import io.jthanos.promql.parser.GoStrings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query strings of a Go test file's table: every {@code field: "literal"} or {@code field: `raw`}, such
 * as {@code input:} in Prometheus's {@code parse_test.go} or {@code in:} in {@code printer_test.go}. Values
 * built by expressions ({@code fmt.Sprintf}, concatenation) are left out.
 */
public final class GoTestQueries {
    private GoTestQueries() {}

    /** The {@code in}/{@code out} pairs of a table such as {@code prettier_test.go}'s, in order. */
    public static List<Map.Entry<String, String>> pairs(Path goFile, String in, String out) throws IOException {
        String src = Files.readString(goFile);
        Pattern p = Pattern.compile("(?m)^\\s*(" + Pattern.quote(in) + "|" + Pattern.quote(out)
                + "):\\s*(\"(?:[^\"\\\\\\n]|\\\\.)*\"|`[^`]*`)\\s*,\\s*$");
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        String pending = null;
        Matcher m = p.matcher(src);
        while (m.find()) {
            String v = GoStrings.unquote(m.group(2));
            if (m.group(1).equals(in)) {
                pending = v;
            } else if (pending != null) {
                pairs.add(Map.entry(pending, v));
                pending = null;
            }
        }
        return pairs;
    }

    public static List<String> extract(Path goFile, String field) throws IOException {
        String src = Files.readString(goFile);
        Pattern p = Pattern.compile("(?m)^\\s*" + Pattern.quote(field)
                + ":\\s*(\"(?:[^\"\\\\\\n]|\\\\.)*\"|`[^`]*`)\\s*,\\s*$");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = p.matcher(src);
        while (m.find()) {
            out.add(GoStrings.unquote(m.group(1)));
        }
        return List.copyOf(out);
    }
}
