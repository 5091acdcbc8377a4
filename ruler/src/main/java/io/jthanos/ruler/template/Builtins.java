package io.jthanos.ruler.template;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Go's predefined template functions: {@code and or not len index print printf println eq ne lt le gt ge html js urlquery}. */
final class Builtins {
    private Builtins() {}

    static Map<String, TemplateFunction> all() {
        Map<String, TemplateFunction> f = new HashMap<>();
        f.put("and", args -> {
            atLeast("and", args, 1);
            for (Object a : args) {
                if (!GoValues.truth(a)) {
                    return a;
                }
            }
            return args.getLast();
        });
        f.put("or", args -> {
            atLeast("or", args, 1);
            for (Object a : args) {
                if (GoValues.truth(a)) {
                    return a;
                }
            }
            return args.getLast();
        });
        f.put("not", args -> {
            exactly("not", args, 1);
            return !GoValues.truth(args.getFirst());
        });
        f.put("len", args -> {
            exactly("len", args, 1);
            return switch (args.getFirst()) {
                case String s -> (long) s.getBytes(StandardCharsets.UTF_8).length;
                case Map<?, ?> m -> (long) m.size();
                case List<?> l -> (long) l.size();
                case null, default -> throw new IllegalArgumentException("len of type " + GoValues.typeName(args.getFirst()));
            };
        });
        f.put("index", args -> {
            atLeast("index", args, 1);
            Object v = args.getFirst();
            for (Object key : args.subList(1, args.size())) {
                v = switch (v) {
                    case Map<?, ?> m -> m.containsKey(key) ? m.get(key) : "";
                    case List<?> l when key instanceof Long i -> {
                        if (i < 0 || i >= l.size()) {
                            throw new IllegalArgumentException("error calling index: index out of range: " + i);
                        }
                        yield l.get(i.intValue());
                    }
                    case null, default -> throw new IllegalArgumentException("can't index item of type " + GoValues.typeName(v));
                };
            }
            return v;
        });
        f.put("print", Builtins::sprint);
        f.put("println", args -> {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < args.size(); i++) {
                out.append(i > 0 ? " " : "").append(GoValues.print(args.get(i)));
            }
            return out.append('\n').toString();
        });
        f.put("printf", args -> {
            atLeast("printf", args, 1);
            if (!(args.getFirst() instanceof String format)) {
                throw new IllegalArgumentException("wrong type for value; expected string; got " + GoValues.typeName(args.getFirst()));
            }
            return GoFmt.sprintf(format, args.subList(1, args.size()));
        });
        f.put("eq", args -> {
            atLeast("eq", args, 2);
            for (Object other : args.subList(1, args.size())) {
                if (compare(args.getFirst(), other, true) == 0) {
                    return true;
                }
            }
            return false;
        });
        f.put("ne", args -> {
            exactly("ne", args, 2);
            return compare(args.get(0), args.get(1), true) != 0;
        });
        f.put("lt", args -> {
            exactly("lt", args, 2);
            return compare(args.get(0), args.get(1), false) < 0;
        });
        f.put("le", args -> {
            exactly("le", args, 2);
            return compare(args.get(0), args.get(1), false) <= 0;
        });
        f.put("gt", args -> {
            exactly("gt", args, 2);
            return compare(args.get(0), args.get(1), false) > 0;
        });
        f.put("ge", args -> {
            exactly("ge", args, 2);
            return compare(args.get(0), args.get(1), false) >= 0;
        });
        f.put("html", args -> sprint(args).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&#34;").replace("'", "&#39;").replace("\0", "\uFFFD"));
        f.put("js", args -> sprint(args).replace("\\", "\\\\").replace("'", "\\'").replace("\"", "\\\"")
                .replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026").replace("=", "\\u003D"));
        f.put("urlquery", args -> URLEncoder.encode(sprint(args), StandardCharsets.UTF_8));
        return f;
    }

    /** {@code fmt.Sprint}: a space between operands when neither is a string. */
    static String sprint(List<Object> args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0 && !(args.get(i) instanceof String) && !(args.get(i - 1) instanceof String)) {
                out.append(' ');
            }
            out.append(GoValues.print(args.get(i)));
        }
        return out.toString();
    }

    /** Go's basic-kind comparison: both operands of one kind (int, float, string, bool for equality). */
    private static int compare(Object a, Object b, boolean equality) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x.equals(y) || x.doubleValue() == y.doubleValue() ? 0 : x < y ? -1 : x > y ? 1 : 2;
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(x.compareTo(y));
        }
        if (equality && a instanceof Boolean x && b instanceof Boolean y) {
            return x.equals(y) ? 0 : 1;
        }
        if (equality && a == null && b == null) {
            return 0;
        }
        boolean basic = (a instanceof Long || a instanceof Double || a instanceof String || a instanceof Boolean)
                && (b instanceof Long || b instanceof Double || b instanceof String || b instanceof Boolean);
        if (!basic || (!equality && (a instanceof Boolean || b instanceof Boolean))) {
            throw new IllegalArgumentException("invalid type for comparison");
        }
        throw new IllegalArgumentException("incompatible types for comparison");
    }

    static void exactly(String name, List<Object> args, int n) {
        if (args.size() != n) {
            throw new IllegalArgumentException("wrong number of args for " + name + ": want " + n + " got " + args.size());
        }
    }

    static void atLeast(String name, List<Object> args, int n) {
        if (args.size() < n) {
            throw new IllegalArgumentException("wrong number of args for " + name + ": want at least " + n + " got " + args.size());
        }
    }
}
