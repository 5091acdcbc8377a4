package io.jthanos.ruler.eval;

import java.util.List;

/** Receives the alerts an alerting rule sends after an evaluation (Prometheus's {@code NotifyFunc}). */
@FunctionalInterface
public interface NotifyFunction {
    void send(String expr, List<Alert> alerts);
}
