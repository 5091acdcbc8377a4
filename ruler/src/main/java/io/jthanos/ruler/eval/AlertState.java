package io.jthanos.ruler.eval;

import java.util.Locale;

/** Prometheus's alert states; the lower-case name is the wire form ({@code alertstate} label, APIs). */
public enum AlertState {
    INACTIVE, PENDING, FIRING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
