package io.jthanos.receive.hashring;

/** How series are spread over the endpoints of one hashring ({@code --receive.hashrings-algorithm}). */
public enum HashringAlgorithm {
    /** {@code endpoints[(hash + n) % len]} over the endpoints sorted by address. */
    HASHMOD("hashmod"),
    /** Consistent hashing with {@value KetamaRing#SECTIONS_PER_NODE} sections per endpoint. */
    KETAMA("ketama");

    private final String flagValue;

    HashringAlgorithm(String flagValue) {
        this.flagValue = flagValue;
    }

    /** The name used in flags and {@code hashrings.json}. */
    public String flagValue() {
        return flagValue;
    }

    /**
     * The algorithm named {@code value}; {@code null} when the name is unknown (Thanos then falls back
     * to hashmod with a warning).
     */
    public static HashringAlgorithm fromName(String value) {
        for (HashringAlgorithm a : values()) {
            if (a.flagValue.equals(value)) {
                return a;
            }
        }
        return null;
    }
}
