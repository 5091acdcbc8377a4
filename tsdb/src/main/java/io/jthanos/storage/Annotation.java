package io.jthanos.storage;

/** A warning or info note attached to a result, e.g. a partial response or a PromQL annotation. */
public record Annotation(Severity severity, String message) {
    /** Prometheus distinguishes warnings from infos in the API response. */
    public enum Severity {
        WARNING,
        INFO
    }

    public static Annotation warning(String message) {
        return new Annotation(Severity.WARNING, message);
    }

    public static Annotation info(String message) {
        return new Annotation(Severity.INFO, message);
    }
}
