package io.jthanos.objstore;

/** The bucket operations, named as in Thanos's metrics ({@code operation} label) and error messages. */
public enum BucketOperation {
    ITER("iter"),
    GET("get"),
    GET_RANGE("get_range"),
    EXISTS("exists"),
    UPLOAD("upload"),
    DELETE("delete"),
    ATTRIBUTES("attributes");

    private final String label;

    BucketOperation(String label) {
        this.label = label;
    }

    /** The Thanos name of the operation, e.g. {@code get_range}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
