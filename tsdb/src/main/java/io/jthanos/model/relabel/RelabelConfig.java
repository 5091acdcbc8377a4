package io.jthanos.model.relabel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One Prometheus relabel rule (a {@code relabel_configs} entry, {@code model/relabel/relabel.go}), with
 * Prometheus's defaults: separator {@code ;}, regex {@code (.*)} fully anchored and in RE2 syntax as in Go,
 * replacement {@code $1}, action {@code replace}. See {@link Relabeler} for the semantics.
 *
 * @param regexText the regex as written, before anchoring
 */
public record RelabelConfig(List<String> sourceLabels, String separator, Pattern regex, String regexText, long modulus,
        String targetLabel, String replacement, Action action) {

    /** Relabel actions. */
    public enum Action {
        REPLACE, KEEP, DROP, KEEPEQUAL, DROPEQUAL, HASHMOD, LABELMAP, LABELDROP, LABELKEEP, LOWERCASE, UPPERCASE
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String DEFAULT_SEPARATOR = ";";
    private static final String DEFAULT_REPLACEMENT = "$1";

    /**
     * Parses a YAML list of relabel rules, as given to {@code --selector.relabel-config}. A null, blank or
     * empty document is an empty list.
     *
     * @param source names the text in error messages (a file name or a flag)
     * @throws IllegalArgumentException naming {@code source}, the rule's position and the problem (unknown
     *     action, bad regex, missing modulus or target label)
     */
    public static List<RelabelConfig> parseList(String yaml, String source) {
        if (yaml == null || yaml.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": parse relabel configs: " + e.getMessage(), e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return List.of();
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException(source + ": relabel configs must be a YAML list");
        }
        List<RelabelConfig> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : root) {
            out.add(parse(n, source + " rule " + i++));
        }
        return List.copyOf(out);
    }

    private static RelabelConfig parse(JsonNode n, String where) {
        List<String> sources = new ArrayList<>();
        for (JsonNode s : n.path("source_labels")) {
            sources.add(s.asText());
        }
        String actionText = n.path("action").asText("replace");
        Action action;
        try {
            action = Action.valueOf(actionText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": unknown relabel action \"" + actionText + "\"");
        }
        String regexText = n.has("regex") ? n.get("regex").asText() : "(.*)";
        Pattern regex;
        try {
            regex = Relabeler.anchored(regexText);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + ": invalid relabel regex \"" + regexText + "\": " + e.getMessage(), e);
        }
        RelabelConfig c = new RelabelConfig(List.copyOf(sources), n.path("separator").asText(DEFAULT_SEPARATOR), regex, regexText,
                n.path("modulus").asLong(0), n.path("target_label").asText(""), n.path("replacement").asText(DEFAULT_REPLACEMENT),
                action);
        String problem = c.problem(n);
        if (problem != null) {
            throw new IllegalArgumentException(where + ": " + problem);
        }
        return c;
    }

    /** What Prometheus's {@code relabel.Config.Validate} refuses in this rule, in its order and words, or null. */
    private String problem(JsonNode n) {
        String name = action.name().toLowerCase(Locale.ROOT);
        boolean needsTarget = action == Action.REPLACE || action == Action.HASHMOD || action == Action.LOWERCASE
                || action == Action.UPPERCASE || action == Action.KEEPEQUAL || action == Action.DROPEQUAL;
        boolean caseOrEqual = action == Action.LOWERCASE || action == Action.UPPERCASE || action == Action.KEEPEQUAL
                || action == Action.DROPEQUAL;
        if (modulus == 0 && action == Action.HASHMOD) {
            return "relabel configuration for hashmod requires non-zero modulus";
        }
        if (needsTarget && targetLabel.isEmpty()) {
            return "relabel configuration for " + name + " action requires 'target_label' value";
        }
        // Prometheus 3's UTF-8 label names: any non-empty name is valid, a target with $1 included
        if (caseOrEqual && !replacement.equals(DEFAULT_REPLACEMENT)) {
            return "'replacement' can not be set for " + name + " action";
        }
        if (action == Action.LABELMAP && replacement.isEmpty()) {
            return "\"\" is invalid 'replacement' for labelmap action";
        }
        if ((action == Action.DROPEQUAL || action == Action.KEEPEQUAL)
                && (n.has("regex") || modulus != 0 || !separator.equals(DEFAULT_SEPARATOR) || !replacement.equals(DEFAULT_REPLACEMENT))) {
            return name + " action requires only 'source_labels' and `target_label`, and no other fields";
        }
        if ((action == Action.LABELDROP || action == Action.LABELKEEP)
                && (n.has("source_labels") || !targetLabel.isEmpty() || modulus != 0 || !separator.equals(DEFAULT_SEPARATOR)
                        || !replacement.equals(DEFAULT_REPLACEMENT))) {
            return name + " action requires only 'regex', and no other fields";
        }
        return null;
    }
}
