package io.jthanos.ruler.rulefmt;

import java.time.Duration;
import java.util.Map;

/**
 * One recording ({@code record}) or alerting ({@code alert}) rule as written in a rule file.
 *
 * @param record the recorded metric name, or empty for an alerting rule
 * @param alert the alert name, or empty for a recording rule
 * @param expr the PromQL expression
 * @param forDuration how long an alert stays pending before firing
 * @param keepFiringFor how long an alert keeps firing after its expression stopped returning it
 * @param labels labels to add or overwrite (templated for alerts), in file order
 * @param annotations alert annotations (templated), in file order
 */
public record Rule(String record, String alert, String expr, Duration forDuration, Duration keepFiringFor,
        Map<String, String> labels, Map<String, String> annotations) {

    public boolean isAlerting() {
        return !alert.isEmpty();
    }

    /** The alert name or the recorded metric name. */
    public String name() {
        return isAlerting() ? alert : record;
    }
}
