package io.jthanos.ruler.eval;

import io.jthanos.model.Labels;
import io.jthanos.ruler.template.PrometheusFunctions;

/**
 * What alert templates see besides the alert itself.
 *
 * @param externalLabels the ruler's {@code --label}s ({@code $externalLabels})
 * @param externalUrl {@code $externalURL}, Thanos's {@code --alert.query-url}
 * @param templateQuery runs {@code query} calls in templates at the evaluation time; may be null
 */
public record EvalContext(Labels externalLabels, String externalUrl, PrometheusFunctions.QueryFunction templateQuery) {
}
