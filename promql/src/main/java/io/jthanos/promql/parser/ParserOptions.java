package io.jthanos.promql.parser;

import java.util.Collection;

/**
 * Feature flags of the parser, named as Prometheus's {@code --enable-feature} values.
 *
 * @param experimentalFunctions {@code promql-experimental-functions}: experimental functions and the
 *                              {@code limitk}/{@code limit_ratio} aggregations
 * @param durationExpressions   {@code promql-duration-expr}: arithmetic in ranges, steps and offsets
 */
public record ParserOptions(boolean experimentalFunctions, boolean durationExpressions) {

    /** Prometheus's defaults: both features off. */
    public static final ParserOptions DEFAULT = new ParserOptions(false, false);
    /** Both features on. */
    public static final ParserOptions ALL = new ParserOptions(true, true);

    public static final String EXPERIMENTAL_FUNCTIONS = "promql-experimental-functions";
    public static final String DURATION_EXPR = "promql-duration-expr";

    /** Options from {@code --enable-feature} values; unknown names are ignored. */
    public static ParserOptions fromFeatures(Collection<String> features) {
        return new ParserOptions(features.contains(EXPERIMENTAL_FUNCTIONS), features.contains(DURATION_EXPR));
    }
}
