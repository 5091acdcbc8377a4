package io.jthanos.promql.engine;

import java.util.List;

/** An instant vector. Its order is meaningful only for {@code sort}-like functions and {@code topk}/{@code bottomk}. */
public record Vector(List<Sample> samples) implements Value {

    public Vector {
        samples = List.copyOf(samples);
    }
}
