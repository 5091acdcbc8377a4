package io.jthanos.objstore.config;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands environment variables in configuration text: {@code ${VAR}} and Thanos's {@code $(VAR)}.
 * A variable that is not set is an error naming it (never silently empty).
 */
public final class EnvExpander {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final Function<String, String> environment;

    /** Expands from the process environment. */
    public EnvExpander() {
        this(System::getenv);
    }

    /** Expands from {@code environment}, which returns null for unset variables. */
    public EnvExpander(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Expands from a fixed map; for tests. */
    public static EnvExpander of(Map<String, String> variables) {
        return new EnvExpander(variables::get);
    }

    /**
     * Returns {@code text} with every variable replaced by its value.
     *
     * @throws ObjstoreConfigException naming {@code source} and the first unset variable
     */
    public String expand(String text, String source) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = environment.apply(name);
            if (value == null) {
                throw new ObjstoreConfigException(source + ": environment variable " + name + " is not set (referenced as " + m.group() + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
