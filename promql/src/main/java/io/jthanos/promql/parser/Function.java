package io.jthanos.promql.parser;

import java.util.List;

/**
 * A PromQL function signature.
 *
 * @param name         function name
 * @param argTypes     argument types; with {@code variadic != 0} the last one repeats/optional
 * @param variadic     0: fixed arity; n &gt; 0: up to n extra (optional) arguments of the last type;
 *                     -1: unbounded
 * @param returnType   result type
 * @param experimental only available with the {@code promql-experimental-functions} feature
 */
public record Function(String name, List<ValueType> argTypes, int variadic, ValueType returnType, boolean experimental) {

    public Function {
        argTypes = List.copyOf(argTypes);
    }
}
