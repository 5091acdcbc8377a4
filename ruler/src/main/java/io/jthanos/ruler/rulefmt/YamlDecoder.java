package io.jthanos.ruler.rulefmt;

import io.jthanos.model.ModelDuration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML nodes into Go-typed values the way {@code gopkg.in/yaml.v3} decodes into Prometheus's
 * rule structs, collecting its problems in document order: unknown fields (strict decoding only),
 * type mismatches, and the first failing custom unmarshaler (a bad duration) that stops decoding.
 */
final class YamlDecoder {

    /** A problem; {@code fatal} ones end the decode, {@code strictOnly} ones are unknown fields. */
    record Problem(int line, String message, boolean strictOnly, boolean fatal) {
    }

    final List<Problem> problems = new ArrayList<>();

    /** The fields of a mapping, by key, after checking for unknown and duplicate keys. */
    Map<String, NodeTuple> fields(Node node, String goType, Set<String> known) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode m)) {
            if (!isNull(node)) {
                mismatch(node, goType);
            }
            return out;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (NodeTuple t : withMerges(m)) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
            int line = line(t.getKeyNode());
            if (seen.containsKey(key)) {
                problems.add(new Problem(line, "mapping key \"" + key + "\" already defined at line " + seen.get(key), false, false));
                continue;
            }
            seen.put(key, line);
            if (!known.contains(key)) {
                problems.add(new Problem(line, "field " + key + " not found in type " + goType, true, false));
                continue;
            }
            out.put(key, t);
        }
        return out;
    }

    List<Node> sequence(Node node, String goType) {
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        if (!isNull(node)) {
            mismatch(node, goType);
        }
        return List.of();
    }

    String string(Node node) {
        if (node == null || isNull(node)) {
            return "";
        }
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        mismatch(node, "string");
        return "";
    }

    int integer(Node node) {
        if (node == null || isNull(node)) {
            return 0;
        }
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            try {
                return Integer.parseInt(s.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                // falls through to the mismatch
            }
        }
        mismatch(node, "int");
        return 0;
    }

    java.time.Duration duration(Node node) {
        if (node == null || isNull(node)) {
            return java.time.Duration.ZERO;
        }
        if (!(node instanceof ScalarNode s)) {
            mismatch(node, "string");
            return java.time.Duration.ZERO;
        }
        try {
            return ModelDuration.parse(s.getValue());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(line(node), e.getMessage(), false, true));
            return java.time.Duration.ZERO;
        }
    }

    Map<String, String> stringMap(Node node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (!(node instanceof MappingNode m)) {
            mismatch(node, "map[string]string");
            return out;
        }
        for (NodeTuple t : withMerges(m)) {
            out.put(string(t.getKeyNode()), string(t.getValueNode()));
        }
        return out;
    }

    /**
     * The tuples of a mapping with its merge keys ({@code <<: *anchor}, or a sequence of anchors) resolved as
     * yaml.v3 does: a merged key is added unless the mapping has it itself or an earlier merged mapping gave
     * it.
     */
    static List<NodeTuple> withMerges(MappingNode m) {
        List<NodeTuple> own = new ArrayList<>();
        List<NodeTuple> merged = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getTag().equals(Tag.MERGE)) {
                switch (t.getValueNode()) {
                    case MappingNode mm -> merged.addAll(withMerges(mm));
                    case SequenceNode seq -> seq.getValue().forEach(n -> {
                        if (n instanceof MappingNode mm) {
                            merged.addAll(withMerges(mm));
                        }
                    });
                    default -> own.add(t);
                }
            } else {
                own.add(t);
            }
        }
        if (merged.isEmpty()) {
            return own;
        }
        Set<String> keys = new java.util.HashSet<>();
        for (NodeTuple t : own) {
            keys.add(t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "");
        }
        List<NodeTuple> out = new ArrayList<>(own);
        for (NodeTuple t : merged) {
            if (keys.add(t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "")) {
                out.add(t);
            }
        }
        return out;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    static int column(Node node) {
        return node == null ? 0 : node.getStartMark().getColumn() + 1;
    }

    private void mismatch(Node node, String goType) {
        String tag = switch (node) {
            case MappingNode m -> "!!map";
            case SequenceNode s -> "!!seq";
            default -> "!!" + node.getTag().getValue().replaceFirst("^tag:yaml.org,2002:", "");
        };
        String value = "";
        if (node instanceof ScalarNode s) {
            String v = s.getValue();
            value = " `" + (v.length() > 10 ? v.substring(0, 7) + "..." : v) + "`";
        }
        problems.add(new Problem(line(node), "cannot unmarshal " + tag + value + " into " + goType, false, false));
    }

    /**
     * The error one Go decode pass reports: the first fatal problem, else all type errors as
     * {@code yaml: unmarshal errors:} lines; null when the pass succeeds.
     */
    String passError(boolean strict) {
        List<String> lines = new ArrayList<>();
        for (Problem p : problems) {
            if (p.fatal) {
                return p.message;
            }
            if (strict || !p.strictOnly) {
                lines.add("  line " + p.line + ": " + p.message);
            }
        }
        return lines.isEmpty() ? null : "yaml: unmarshal errors:\n" + String.join("\n", lines);
    }
}
