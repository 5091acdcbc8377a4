package io.jthanos.store;

import java.util.Locale;

/** The kind of component behind a StoreAPI, as Thanos reports it in {@code InfoResponse.ComponentType}. */
public enum ComponentType {
    QUERY,
    RULE,
    SIDECAR,
    STORE,
    RECEIVE,
    DEBUG;

    /** The lower-case wire name, e.g. {@code receive}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for a wire name, {@link #DEBUG} when unknown. */
    public static ComponentType fromWireName(String name) {
        for (ComponentType t : values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        return DEBUG;
    }
}
