package io.jthanos.ruler.eval;

import java.util.Locale;

/** The outcome of a rule's last evaluation, as {@code /api/v1/rules} reports it. */
public enum RuleHealth {
    UNKNOWN, OK, ERR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
