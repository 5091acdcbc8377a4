package io.jthanos.query.api;

/** Prometheus API error types with their wire names and HTTP status codes ({@code web/api/v1/api.go}). */
public enum ErrorType {
    TIMEOUT("timeout", 503),
    CANCELED("canceled", 499),
    EXECUTION("execution", 422),
    BAD_DATA("bad_data", 400),
    INTERNAL("internal", 500),
    UNAVAILABLE("unavailable", 503),
    NOT_FOUND("not_found", 404),
    NOT_ACCEPTABLE("not_acceptable", 406);

    private final String wireName;
    private final int status;

    ErrorType(String wireName, int status) {
        this.wireName = wireName;
        this.status = status;
    }

    public String wireName() {
        return wireName;
    }

    public int status() {
        return status;
    }
}
