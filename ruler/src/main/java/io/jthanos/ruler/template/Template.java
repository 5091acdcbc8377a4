package io.jthanos.ruler.template;

import java.util.List;
import java.util.Map;

/**
 * A parsed Go {@code text/template}: text with {@code {{…}}} actions (pipelines, variables,
 * {@code if/else/end}, {@code range}, {@code with}, comments, trim markers), executed with
 * {@code missingkey=zero}. Only the named functions may be called; see {@link PrometheusFunctions}.
 * Immutable; {@link #execute} may run concurrently.
 */
public final class Template {
    private final String name;
    private final List<Node> nodes;
    private final Map<String, TemplateFunction> functions;

    private Template(String name, List<Node> nodes, Map<String, TemplateFunction> functions) {
        this.name = name;
        this.nodes = nodes;
        this.functions = functions;
    }

    /**
     * Parses {@code text}.
     *
     * @throws TemplateException with Go's message, e.g. {@code template: NAME:1: unclosed action}
     */
    public static Template parse(String name, String text, Map<String, TemplateFunction> functions) throws TemplateException {
        return new Template(name, TemplateParser.parse(name, text, functions.keySet()), Map.copyOf(functions));
    }

    /** Runs the template with {@code data} as dot and {@code $}. */
    public String execute(Object data) throws TemplateException {
        return new Executor(name, functions).run(nodes, data);
    }

    public String name() {
        return name;
    }
}
