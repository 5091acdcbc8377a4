package io.jthanos.ruler.rulefmt;

import java.util.List;

/**
 * A rule file that does not load; {@link #errors()} holds each problem as {@code promtool check rules}
 * prints it, e.g. {@code rules.yml: 5:15: group "g", rule 1, "x": could not parse expression: …}.
 */
public final class RuleFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> errors;

    public RuleFileException(List<String> errors) {
        super(String.join("\n", errors), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
