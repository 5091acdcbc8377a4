package io.jthanos.promql.parser;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A label matcher of a selector. Regular expressions are fully anchored RE2 with {@code .}
 * matching newlines, as in Prometheus.
 */
public final class LabelMatcher {

    /** The four matcher types. */
    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String text;

        Type(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public static final String METRIC_NAME = "__name__";

    private final Type type;
    private final String name;
    private final String value;
    private final Pattern pattern;

    private LabelMatcher(Type type, String name, String value) {
        this.type = type;
        this.name = name;
        this.value = value;
        if (type == Type.REGEX || type == Type.NOT_REGEX) {
            try {
                this.pattern = Pattern.compile("^(?s:" + value + ")$");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `" + e.getPattern() + "`", e);
            }
        } else {
            this.pattern = null;
        }
    }

    /**
     * Creates a matcher.
     *
     * @throws IllegalArgumentException if a regular expression does not compile
     */
    public static LabelMatcher of(Type type, String name, String value) {
        return new LabelMatcher(type, name, value);
    }

    public Type type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** Whether the label value {@code v} (empty for an absent label) matches. */
    public boolean matches(String v) {
        return switch (type) {
            case EQUAL -> value.equals(v);
            case NOT_EQUAL -> !value.equals(v);
            case REGEX -> pattern.matcher(v).matches();
            case NOT_REGEX -> !pattern.matcher(v).matches();
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return (type.hashCode() * 31 + name.hashCode()) * 31 + value.hashCode();
    }

    /** Prometheus's form: {@code name="value"}, with the name quoted when not a legacy label name. */
    @Override
    public String toString() {
        return (shouldQuoteName(name) ? GoStrings.quote(name) : name) + type + GoStrings.quote(value);
    }

    static boolean shouldQuoteName(String name) {
        if (name.isEmpty()) {
            return true;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9' && i > 0)) {
                continue;
            }
            return true;
        }
        return false;
    }
}
