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
        long modulus = n.path("modulus").asLong(0);
        String target = n.path("target_label").asText("");
        if (action == Action.HASHMOD && modulus == 0) {
            throw new IllegalArgumentException(where + ": relabel configuration for hashmod requires non-zero modulus");
        }
        if ((action == Action.REPLACE || action == Action.HASHMOD || action == Action.LOWERCASE
                || action == Action.UPPERCASE || action == Action.KEEPEQUAL || action == Action.DROPEQUAL)
                && target.isEmpty()) {
            throw new IllegalArgumentException(where + ": relabel configuration for " + actionText
                    + " action requires 'target_label' value");
        }
        return new RelabelConfig(List.copyOf(sources), n.path("separator").asText(";"), regex, regexText, modulus, target,
                n.path("replacement").asText("$1"), action);
    }
}
