package io.jthanos.compact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.jthanos.tsdb.block.BlockMeta;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code --selector.relabel-config}: Prometheus relabeling applied to a block's external labels plus
 * {@code __block_id} (Thanos's {@code LabelShardedMetaFilter}); a block is kept unless relabeling drops
 * it. Supports the actions {@code replace}, {@code keep}, {@code drop}, {@code keepequal},
 * {@code dropequal}, {@code hashmod}, {@code labelmap}, {@code labeldrop}, {@code labelkeep},
 * {@code lowercase} and {@code uppercase} with Prometheus's defaults (separator {@code ;}, regex
 * {@code (.*)} fully anchored, replacement {@code $1}); regexes use RE2 syntax, as in Go.
 */
public final class BlockRelabel implements Predicate<BlockMeta> {
    /** The label holding the block's ULID during relabeling. */
    public static final String BLOCK_ID_LABEL = "__block_id";

    private static final Set<String> ACTIONS = Set.of("replace", "keep", "drop", "keepequal", "dropequal", "hashmod",
            "labelmap", "labeldrop", "labelkeep", "lowercase", "uppercase");

    private record Rule(List<String> sourceLabels, String separator, String targetLabel, Pattern regex, long modulus,
            String replacement, String action) {}

    private final List<Rule> rules;

    private BlockRelabel(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses a YAML list of relabel configs; empty or blank text keeps every block.
     *
     * @throws IllegalArgumentException naming the problem (unknown action, bad regex, missing modulus)
     */
    public static BlockRelabel parse(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            return new BlockRelabel(List.of());
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("parse relabel config: " + e.getMessage(), e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return new BlockRelabel(List.of());
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException("relabel config must be a YAML list");
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode n : root) {
            String action = n.path("action").asText("replace").toLowerCase(Locale.ROOT);
            if (!ACTIONS.contains(action)) {
                throw new IllegalArgumentException("unknown relabel action \"" + action + "\"");
            }
            List<String> sources = new ArrayList<>();
            n.path("source_labels").forEach(s -> sources.add(s.asText()));
            String regex = n.path("regex").asText("(.*)");
            Pattern p;
            try {
                p = Pattern.compile("^(?:" + regex + ")$");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid relabel regex \"" + regex + "\": " + e.getMessage(), e);
            }
            long modulus = n.path("modulus").asLong(0);
            String target = n.path("target_label").asText("");
            if (action.equals("hashmod") && modulus == 0) {
                throw new IllegalArgumentException("relabel configuration for hashmod requires non-zero modulus");
            }
            if ((action.equals("replace") || action.equals("hashmod") || action.endsWith("case")
                    || action.endsWith("equal")) && target.isEmpty()) {
                throw new IllegalArgumentException("relabel configuration for " + action + " action requires 'target_label' value");
            }
            rules.add(new Rule(sources, n.path("separator").asText(";"), target, p, modulus,
                    n.path("replacement").asText("$1"), action));
        }
        return new BlockRelabel(rules);
    }

    @Override
    public boolean test(BlockMeta m) {
        Map<String, String> labels = new HashMap<>(m.thanos() == null ? Map.of() : m.thanos().labels());
        labels.put(BLOCK_ID_LABEL, m.ulid());
        return process(labels);
    }

    /** Applies the rules to {@code labels} in place; false when the set is dropped. */
    boolean process(Map<String, String> labels) {
        for (Rule r : rules) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.sourceLabels().size(); i++) {
                if (i > 0) {
                    sb.append(r.separator());
                }
                sb.append(labels.getOrDefault(r.sourceLabels().get(i), ""));
            }
            String val = sb.toString();
            switch (r.action()) {
                case "keep" -> {
                    if (!r.regex().matcher(val).matches()) {
                        return false;
                    }
                }
                case "drop" -> {
                    if (r.regex().matcher(val).matches()) {
                        return false;
                    }
                }
                case "keepequal" -> {
                    if (!val.equals(labels.getOrDefault(r.targetLabel(), ""))) {
                        return false;
                    }
                }
                case "dropequal" -> {
                    if (val.equals(labels.getOrDefault(r.targetLabel(), ""))) {
                        return false;
                    }
                }
                case "hashmod" -> labels.put(r.targetLabel(), Long.toUnsignedString(Long.remainderUnsigned(md5Tail(val), r.modulus())));
                case "lowercase" -> labels.put(r.targetLabel(), val.toLowerCase(Locale.ROOT));
                case "uppercase" -> labels.put(r.targetLabel(), val.toUpperCase(Locale.ROOT));
                case "replace" -> {
                    Matcher mt = r.regex().matcher(val);
                    if (!mt.matches()) {
                        break;
                    }
                    String target = expand(r.targetLabel(), mt);
                    if (target.isEmpty()) {
                        break;
                    }
                    String res = expand(r.replacement(), mt);
                    if (res.isEmpty()) {
                        labels.remove(target);
                    } else {
                        labels.put(target, res);
                    }
                }
                case "labelmap" -> {
                    Map<String, String> add = new HashMap<>();
                    labels.forEach((k, v) -> {
                        Matcher mt = r.regex().matcher(k);
                        if (mt.matches()) {
                            add.put(expand(r.replacement(), mt), v);
                        }
                    });
                    labels.putAll(add);
                }
                case "labeldrop" -> labels.keySet().removeIf(k -> r.regex().matcher(k).matches());
                case "labelkeep" -> labels.keySet().removeIf(k -> !r.regex().matcher(k).matches());
                default -> throw new IllegalStateException(r.action());
            }
        }
        return !labels.isEmpty();
    }

    /** Prometheus's hashmod: the last 8 bytes of the MD5 of the value, big-endian. */
    static long md5Tail(String val) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(val.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d, 8, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go's {@code Regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}. */
    static String expand(String template, Matcher m) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            char n = template.charAt(i + 1);
            if (n == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (n == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                name = template.substring(i + 1, j);
                end = j;
            }
            if (name.isEmpty()) {
                out.append(c);
                i++;
                continue;
            }
            String g = null;
            if (name.chars().allMatch(Character::isDigit)) {
                int idx = Integer.parseInt(name);
                if (idx <= m.groupCount()) {
                    g = m.group(idx);
                }
            } else {
                try {
                    g = m.group(name);
                } catch (IllegalArgumentException unknownGroup) {
                    g = null;
                }
            }
            if (g != null) {
                out.append(g);
            }
            i = end;
        }
        return out.toString();
    }
}
