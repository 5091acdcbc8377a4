package io.jthanos.ruler.notify;

import io.jthanos.model.Labels;
import java.util.Map;

/**
 * An alert as Alertmanager's v2 API accepts it ({@code POST /api/v2/alerts}); times in Unix ms,
 * {@code endsAt} in the past meaning resolved.
 */
public record PostableAlert(Labels labels, Map<String, String> annotations, long startsAt, long endsAt, String generatorUrl) {
}
