package io.jthanos.ruler.template;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How Go's {@code fmt.Sprint} prints the values templates handle, and Go's truth of a value. */
final class GoValues {
    private GoValues() {}

    static String print(Object v) {
        return switch (v) {
            case null -> "<no value>";
            case String s -> s;
            case Double d -> GoFloat.shortest(d);
            case Instant t -> Humanize.goTime(t);
            case Map<?, ?> m -> {
                StringBuilder out = new StringBuilder("map[");
                boolean first = true;
                for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                    out.append(first ? "" : " ").append(print(e.getKey())).append(':').append(print(e.getValue()));
                    first = false;
                }
                yield out.append(']').toString();
            }
            case List<?> l -> {
                StringBuilder out = new StringBuilder("[");
                for (int i = 0; i < l.size(); i++) {
                    out.append(i == 0 ? "" : " ").append(print(l.get(i)));
                }
                yield out.append(']').toString();
            }
            case GoStruct s -> {
                StringBuilder out = new StringBuilder("{");
                boolean first = true;
                for (Object f : s.fields().values()) {
                    out.append(first ? "" : " ").append(print(f));
                    first = false;
                }
                yield out.append('}').toString();
            }
            default -> String.valueOf(v);
        };
    }

    /** Go's {@code template.IsTrue}: false for the zero value of each type and for empty collections. */
    static boolean truth(Object v) {
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Double d -> d != 0;
            case Long l -> l != 0;
            case Map<?, ?> m -> !m.isEmpty();
            case List<?> l -> !l.isEmpty();
            default -> true;
        };
    }

    /** The Go type name used in error messages. */
    static String typeName(Object v) {
        return switch (v) {
            case null -> "<nil>";
            case String s -> "string";
            case Double d -> "float64";
            case Long l -> "int";
            case Boolean b -> "bool";
            case Map<?, ?> m -> "map[string]string";
            case List<?> l -> "[]interface {}";
            case GoStruct s -> s.typeName();
            case Instant t -> "time.Time";
            default -> v.getClass().getSimpleName();
        };
    }
}
