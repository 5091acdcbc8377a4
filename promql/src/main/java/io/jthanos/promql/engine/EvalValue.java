package io.jthanos.promql.engine;

import java.util.List;

/** The value of a sub-expression over all steps of an evaluation. Internal to the engine. */
public sealed interface EvalValue {

    /** An instant vector: series with one value (or absence) per step. */
    record VectorValue(List<StepSeries> series) implements EvalValue {
    }

    /** A scalar per step. */
    record ScalarValue(double[] values) implements EvalValue {
    }

    /** A string. */
    record StringResult(String value) implements EvalValue {
    }

    /** A range vector, only as the top-level value of an instant query. */
    record MatrixValue(List<RawSeries> series) implements EvalValue {
    }
}
