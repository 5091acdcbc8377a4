package io.jthanos.ruler.rulefmt;

import io.jthanos.model.GoQuote;
import io.jthanos.promql.parser.ParseException;
import io.jthanos.promql.parser.Parser;
import io.jthanos.ruler.template.AlertTemplate;
import io.jthanos.store.PartialResponseStrategy;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Parses and validates Prometheus rule files ({@code model/rulefmt/rulefmt.go}) with Thanos's
 * per-group {@code partial_response_strategy} extension. Problems are reported as
 * {@code promtool check rules} prints them, positions as {@code line:column} of the offending value.
 */
public final class RuleFileParser {
    private static final Set<String> FILE_FIELDS = Set.of("groups");
    private static final Set<String> GROUP_FIELDS =
            Set.of("name", "interval", "query_offset", "limit", "rules", "labels", "partial_response_strategy");
    private static final Set<String> RULE_FIELDS =
            Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");

    private RuleFileParser() {}

    /** Reads and parses {@code file}. */
    public static RuleFile parseFile(Path file) throws RuleFileException {
        String content;
        try {
            content = Files.readString(file);
        } catch (IOException e) {
            throw new RuleFileException(List.of(file + ": " + e.getMessage()));
        }
        return parse(file.toString(), content);
    }

    /**
     * Parses {@code content}; {@code file} prefixes each error.
     *
     * @throws RuleFileException listing every problem found
     */
    public static RuleFile parse(String file, String content) throws RuleFileException {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true);
            Iterator<Node> documents = new Yaml(options).composeAll(new StringReader(content)).iterator();
            root = documents.hasNext() ? documents.next() : null;
        } catch (RuntimeException e) {
            String message = "yaml: " + e.getMessage().replace('\n', ' ');
            throw new RuleFileException(List.of(file + ": " + message, file + ": " + message));
        }
        YamlDecoder decoder = new YamlDecoder();
        List<GroupNodes> groups = new ArrayList<>();
        if (root != null) {
            Map<String, NodeTuple> top = decoder.fields(root, "rulefmt.RuleGroups", FILE_FIELDS);
            NodeTuple g = top.get("groups");
            if (g != null) {
                for (Node groupNode : decoder.sequence(g.getValueNode(), "[]rulefmt.RuleGroup")) {
                    groups.add(group(decoder, groupNode));
                }
            }
        }
        List<String> errors = new ArrayList<>();
        for (boolean strict : new boolean[] {true, false}) {
            String e = decoder.passError(strict);
            if (e != null) {
                errors.add(file + ": " + e);
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleFileException(errors);
        }
        List<String> problems = validate(groups);
        if (!problems.isEmpty()) {
            throw new RuleFileException(problems.stream().map(p -> file + ": " + p).toList());
        }
        return new RuleFile(file, groups.stream().map(GroupNodes::group).toList());
    }

    /** A decoded group with the nodes validation reports positions of. */
    private record GroupNodes(RuleGroup group, List<RuleNodes> rules, String strategyError) {
    }

    private record RuleNodes(Rule rule, Node record, Node alert, Node expr) {
    }

    private static GroupNodes group(YamlDecoder d, Node node) {
        Map<String, NodeTuple> f = d.fields(node, "rulefmt.RuleGroup", GROUP_FIELDS);
        String name = d.string(value(f, "name"));
        Duration interval = d.duration(value(f, "interval"));
        Duration queryOffset = f.containsKey("query_offset") && !YamlDecoder.isNull(value(f, "query_offset"))
                ? d.duration(value(f, "query_offset")) : null;
        int limit = d.integer(value(f, "limit"));
        Map<String, String> labels = d.stringMap(value(f, "labels"));
        String strategyText = d.string(value(f, "partial_response_strategy"));
        PartialResponseStrategy strategy = PartialResponseStrategy.ABORT;
        String strategyError = null;
        if (!strategyText.isEmpty()) {
            try {
                strategy = PartialResponseStrategy.valueOf(strategyText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                strategyError = "invalid partial_response_strategy \"" + strategyText + "\"; want warn or abort";
            }
        }
        List<RuleNodes> rules = new ArrayList<>();
        if (f.containsKey("rules")) {
            for (Node r : d.sequence(value(f, "rules"), "[]rulefmt.Rule")) {
                rules.add(rule(d, r));
            }
        }
        RuleGroup group = new RuleGroup(name, interval, queryOffset, limit, rules.stream().map(RuleNodes::rule).toList(),
                labels, strategy);
        return new GroupNodes(group, rules, strategyError);
    }

    private static RuleNodes rule(YamlDecoder d, Node node) {
        Map<String, NodeTuple> f = d.fields(node, "rulefmt.Rule", RULE_FIELDS);
        Node record = value(f, "record");
        Node alert = value(f, "alert");
        Node expr = value(f, "expr");
        Rule rule = new Rule(d.string(record), d.string(alert), d.string(expr), d.duration(value(f, "for")),
                d.duration(value(f, "keep_firing_for")), d.stringMap(value(f, "labels")), d.stringMap(value(f, "annotations")));
        return new RuleNodes(rule, record, alert, expr);
    }

    private static Node value(Map<String, NodeTuple> fields, String key) {
        NodeTuple t = fields.get(key);
        return t == null ? null : t.getValueNode();
    }

    private static List<String> validate(List<GroupNodes> groups) {
        List<String> errs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (GroupNodes gn : groups) {
            RuleGroup g = gn.group();
            if (g.name().isEmpty()) {
                // Prometheus reports group positions from an unset yaml.Node: always 0:0.
                errs.add("0:0: Groupname must not be empty");
            }
            if (!names.add(g.name())) {
                errs.add("0:0: groupname: \"" + g.name() + "\" is repeated in the same file");
            }
            g.labels().forEach((k, v) -> {
                if (!validLabelName(k)) {
                    errs.add("invalid label name: " + k);
                }
            });
            if (gn.strategyError() != null) {
                errs.add("group \"" + g.name() + "\": " + gn.strategyError());
            }
            for (int i = 0; i < gn.rules().size(); i++) {
                RuleNodes rn = gn.rules().get(i);
                String prefix = "group " + GoQuote.quote(g.name()) + ", rule " + (i + 1) + ", " + GoQuote.quote(rn.rule().name()) + ": ";
                for (String e : validate(rn)) {
                    errs.add(e.startsWith("@") ? e.substring(1, e.indexOf('|')) + prefix + e.substring(e.indexOf('|') + 1)
                            : prefix + e);
                }
            }
        }
        return errs;
    }

    /** Problems of one rule; a {@code @pos|message} entry carries the position printed before the group. */
    private static List<String> validate(RuleNodes rn) {
        Rule r = rn.rule();
        List<String> out = new ArrayList<>();
        String both = "@" + pos(rn.record()) + pos(rn.alert()) + "|";
        if (!r.record().isEmpty() && !r.alert().isEmpty()) {
            out.add(both + "only one of 'record' and 'alert' must be set");
        }
        if (r.record().isEmpty() && r.alert().isEmpty()) {
            out.add(both + "one of 'record' or 'alert' must be set");
        }
        String atExpr = "@" + pos(rn.expr()) + "|";
        if (r.expr().isEmpty()) {
            out.add(atExpr + "field 'expr' must be set in rule");
        } else {
            try {
                Parser.parse(r.expr());
            } catch (ParseException e) {
                out.add(atExpr + "could not parse expression: " + e.getMessage());
            }
        }
        String atRecord = "@" + pos(rn.record()) + "|";
        if (!r.record().isEmpty()) {
            if (!r.annotations().isEmpty()) {
                out.add(atRecord + "invalid field 'annotations' in recording rule");
            }
            if (!r.forDuration().isZero()) {
                out.add(atRecord + "invalid field 'for' in recording rule");
            }
            if (!r.keepFiringFor().isZero()) {
                out.add(atRecord + "invalid field 'keep_firing_for' in recording rule");
            }
            if (r.record().contains("{") || r.record().contains("}")) {
                out.add(atRecord + "braces present in the recording rule name; should it be in expr?: " + r.record());
            }
        }
        r.labels().forEach((k, v) -> {
            if (!validLabelName(k)) {
                out.add("invalid label name: " + k);
            }
        });
        r.annotations().forEach((k, v) -> {
            if (k.isEmpty()) {
                out.add("invalid annotation name: " + k);
            }
        });
        if (r.isAlerting()) {
            r.labels().forEach((k, v) -> {
                String e = AlertTemplate.parseError(r.alert(), v);
                if (e != null) {
                    out.add("label \"" + k + "\": " + e);
                }
            });
            r.annotations().forEach((k, v) -> {
                String e = AlertTemplate.parseError(r.alert(), v);
                if (e != null) {
                    out.add("annotation \"" + k + "\": " + e);
                }
            });
        }
        return out;
    }

    /** Under Prometheus 3's UTF-8 name validation any non-empty name is valid, except {@code __name__} as a label. */
    private static boolean validLabelName(String name) {
        return !name.isEmpty() && !name.equals("__name__");
    }

    private static String pos(Node n) {
        return YamlDecoder.line(n) + ":" + YamlDecoder.column(n) + ": ";
    }
}
