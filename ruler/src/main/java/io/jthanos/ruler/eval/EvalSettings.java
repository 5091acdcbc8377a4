package io.jthanos.ruler.eval;

import io.jthanos.storage.Appendable;
import io.jthanos.storage.Queryable;
import java.time.Clock;
import java.time.Duration;

/**
 * What rule groups evaluate with.
 *
 * @param queries the querier that answers rule expressions
 * @param storage where recording results and ALERTS series go
 * @param restoreSource where ALERTS_FOR_STATE is read back from after a restart (the same TSDB)
 * @param context alert template context
 * @param notifier receives alerts to send
 * @param defaultInterval {@code --eval-interval}
 * @param defaultQueryOffset {@code --rule-query-offset}
 * @param resendDelay {@code --resend-delay}
 * @param outageTolerance {@code --for-outage-tolerance}
 * @param gracePeriod {@code --for-grace-period}
 * @param clock wall clock for scheduling
 */
public record EvalSettings(QueryClient queries, Appendable storage, Queryable restoreSource, EvalContext context,
        NotifyFunction notifier, Duration defaultInterval, Duration defaultQueryOffset, Duration resendDelay,
        Duration outageTolerance, Duration gracePeriod, Clock clock) {
}
