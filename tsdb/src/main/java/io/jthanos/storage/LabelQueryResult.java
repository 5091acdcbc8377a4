package io.jthanos.storage;

import java.util.List;

/** Sorted, unique label names or values with the warnings collected on the way. */
public record LabelQueryResult(List<String> values, Annotations warnings) {
    public LabelQueryResult {
        values = List.copyOf(values);
    }
}
