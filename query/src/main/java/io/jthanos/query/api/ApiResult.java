package io.jthanos.query.api;

import io.jthanos.storage.Annotation;
import io.jthanos.storage.Annotations;
import java.util.List;
import java.util.function.Consumer;

/**
 * A successful API answer before encoding: a writer of the {@code data} field plus warnings and infos.
 *
 * @param data writes the value of {@code data}
 * @param warnings the {@code warnings} array, omitted when empty
 * @param infos the {@code infos} array, omitted when empty
 */
record ApiResult(Consumer<JsonWriter> data, List<String> warnings, List<String> infos) {
    ApiResult {
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }

    static ApiResult of(Consumer<JsonWriter> data) {
        return new ApiResult(data, List.of(), List.of());
    }

    static ApiResult of(Consumer<JsonWriter> data, Annotations annotations) {
        return new ApiResult(data, annotations.messages(Annotation.Severity.WARNING),
                annotations.messages(Annotation.Severity.INFO));
    }
}
