package io.jthanos.promql.engine;

/** The result of a query: a scalar, a string, an instant vector or a range vector (matrix). */
public sealed interface Value permits Scalar, StringValue, Vector, Matrix {
}
