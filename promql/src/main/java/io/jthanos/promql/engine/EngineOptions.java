package io.jthanos.promql.engine;

import io.jthanos.promql.parser.ParserOptions;
import java.time.Duration;

/**
 * Engine configuration, with Prometheus's defaults in {@link #DEFAULT}.
 *
 * @param lookbackDelta       how far back an instant selector looks for a sample (5m)
 * @param timeout             maximum evaluation time of one query (2m)
 * @param maxSamples          maximum samples held in memory at once (50,000,000)
 * @param parserOptions       feature flags of the parser
 * @param noStepSubqueryInterval the step of subqueries without one, Prometheus's default evaluation
 *                            interval (1m)
 */
public record EngineOptions(Duration lookbackDelta, Duration timeout, long maxSamples, ParserOptions parserOptions,
        Duration noStepSubqueryInterval) {

    public static final EngineOptions DEFAULT = new EngineOptions(Duration.ofMinutes(5), Duration.ofMinutes(2),
            50_000_000L, ParserOptions.DEFAULT, Duration.ofMinutes(1));

    public EngineOptions withLookbackDelta(Duration d) {
        return new EngineOptions(d, timeout, maxSamples, parserOptions, noStepSubqueryInterval);
    }

    public EngineOptions withTimeout(Duration d) {
        return new EngineOptions(lookbackDelta, d, maxSamples, parserOptions, noStepSubqueryInterval);
    }

    public EngineOptions withMaxSamples(long n) {
        return new EngineOptions(lookbackDelta, timeout, n, parserOptions, noStepSubqueryInterval);
    }

    public EngineOptions withParserOptions(ParserOptions p) {
        return new EngineOptions(lookbackDelta, timeout, maxSamples, p, noStepSubqueryInterval);
    }
}
