package io.jthanos.query.api;

import java.util.Objects;

/** A request that ends in a Prometheus API error: its type decides the status code, its message the body. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorType type;

    public ApiException(ErrorType type, String message) {
        super(message, null, false, false);
        this.type = Objects.requireNonNull(type, "type");
    }

    /** {@code invalid parameter "name": detail}, as Prometheus's {@code invalidParamError}. */
    public static ApiException invalidParam(String parameter, String detail) {
        return new ApiException(ErrorType.BAD_DATA, "invalid parameter \"" + parameter + "\": " + detail);
    }

    public ErrorType type() {
        return type;
    }
}
