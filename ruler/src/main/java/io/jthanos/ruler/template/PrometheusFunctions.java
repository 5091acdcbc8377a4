package io.jthanos.ruler.template;

import com.google.re2j.Pattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions Prometheus adds to alert templates ({@code template/template.go}): the humanize
 * family, {@code title toUpper toLower match reReplaceAll args safeHtml stripPort stripDomain
 * toTime parseDuration pathPrefix externalURL} and, when a query function is given,
 * {@code query first label value strvalue sortByLabel}.
 */
public final class PrometheusFunctions {

    /** Runs an instant PromQL query for {@code query}; returns samples as {@code GoStruct("sample", {Labels, Value})}. */
    @FunctionalInterface
    public interface QueryFunction {
        List<GoStruct> query(String expr) throws Exception;
    }

    private PrometheusFunctions() {}

    /** All functions; {@code query} may be null (calling {@code query} then fails), {@code externalUrl} may be empty. */
    public static Map<String, TemplateFunction> all(QueryFunction query, String externalUrl) {
        Map<String, TemplateFunction> f = new HashMap<>(Builtins.all());
        f.put("humanize", a -> Humanize.humanize(toFloat(one("humanize", a))));
        f.put("humanize1024", a -> Humanize.humanize1024(toFloat(one("humanize1024", a))));
        f.put("humanizeDuration", a -> Humanize.humanizeDuration(toFloat(one("humanizeDuration", a))));
        f.put("humanizePercentage", a -> Humanize.humanizePercentage(toFloat(one("humanizePercentage", a))));
        f.put("humanizeTimestamp", a -> Humanize.humanizeTimestamp(toFloat(one("humanizeTimestamp", a))));
        f.put("toTime", a -> {
            double v = toFloat(one("toTime", a));
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("time value is NaN or Inf");
            }
            return Instant.ofEpochSecond(0, (long) (v * 1e9));
        });
        f.put("parseDuration", a -> {
            String text = string("parseDuration", one("parseDuration", a));
            return io.jthanos.model.ModelDuration.parse(text).toMillis() / 1000.0;
        });
        f.put("title", a -> title(string("title", one("title", a))));
        f.put("toUpper", a -> string("toUpper", one("toUpper", a)).toUpperCase(java.util.Locale.ROOT));
        f.put("toLower", a -> string("toLower", one("toLower", a)).toLowerCase(java.util.Locale.ROOT));
        f.put("match", a -> {
            Builtins.exactly("match", a, 2);
            return Pattern.compile(string("match", a.get(0))).matcher(string("match", a.get(1))).find();
        });
        f.put("reReplaceAll", a -> {
            Builtins.exactly("reReplaceAll", a, 3);
            return Pattern.compile(string("reReplaceAll", a.get(0))).matcher(string("reReplaceAll", a.get(2)))
                    .replaceAll(string("reReplaceAll", a.get(1)));
        });
        f.put("args", a -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < a.size(); i++) {
                out.put("arg" + i, a.get(i));
            }
            return out;
        });
        f.put("safeHtml", a -> string("safeHtml", one("safeHtml", a)));
        f.put("stripPort", a -> stripPort(string("stripPort", one("stripPort", a))));
        f.put("stripDomain", a -> stripDomain(string("stripDomain", one("stripDomain", a))));
        f.put("pathPrefix", a -> java.net.URI.create(externalUrl).getPath());
        f.put("externalURL", a -> externalUrl);
        f.put("query", a -> {
            if (query == null) {
                throw new IllegalStateException("query is not available in this template");
            }
            return query.query(string("query", one("query", a)));
        });
        f.put("first", a -> {
            List<?> v = (List<?>) one("first", a);
            if (v.isEmpty()) {
                throw new IllegalArgumentException("first() called on vector with no elements");
            }
            return v.getFirst();
        });
        f.put("label", a -> {
            Builtins.exactly("label", a, 2);
            Object labels = ((GoStruct) a.get(1)).fields().get("Labels");
            String v = ((Map<?, ?>) labels).get(a.get(0)) instanceof String s ? s : "";
            return v;
        });
        f.put("value", a -> ((GoStruct) one("value", a)).fields().get("Value"));
        f.put("strvalue", a -> {
            Object v = ((Map<?, ?>) ((GoStruct) one("strvalue", a)).fields().get("Labels")).get("__value__");
            return v == null ? "" : v;
        });
        f.put("sortByLabel", a -> {
            Builtins.exactly("sortByLabel", a, 2);
            String label = string("sortByLabel", a.get(0));
            List<GoStruct> out = new ArrayList<>();
            for (Object o : (List<?>) a.get(1)) {
                out.add((GoStruct) o);
            }
            out.sort(Comparator.comparing(s -> {
                Object v = ((Map<?, ?>) s.fields().get("Labels")).get(label);
                return v == null ? "" : v.toString();
            }));
            return out;
        });
        return f;
    }

    /** Prometheus's {@code convertToFloat}: numbers as they are, strings parsed. */
    static double toFloat(Object v) {
        return switch (v) {
            case Double d -> d;
            case Long l -> l;
            case String s -> {
                try {
                    yield Double.parseDouble(s.trim().equals(s) ? s.replace("Inf", "Infinity").replace("+Infinity", "Infinity") : "x");
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("strconv.ParseFloat: parsing " + GoFmt.quote(s) + ": invalid syntax");
                }
            }
            case null, default -> throw new IllegalArgumentException("can't convert " + GoValues.typeName(v) + " to float");
        };
    }

    private static Object one(String name, List<Object> args) {
        Builtins.exactly(name, args, 1);
        return args.getFirst();
    }

    private static String string(String name, Object v) {
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("wrong type for value; expected string; got " + GoValues.typeName(v));
    }

    /** Go's deprecated {@code strings.Title}: upper-cases the first letter of each word. */
    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean separator = true;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            out.appendCodePoint(separator ? Character.toTitleCase(cp) : cp);
            separator = !(Character.isLetterOrDigit(cp) || cp == '_') && (cp < 0x80 || Character.isWhitespace(cp));
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static String stripPort(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end < 0 ? hostPort : hostPort.substring(1, end);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 || hostPort.indexOf(':') != colon ? hostPort : hostPort.substring(0, colon);
    }

    private static String stripDomain(String hostPort) {
        String host = stripPort(hostPort);
        String port = hostPort.length() > host.length() && !hostPort.startsWith("[") ? hostPort.substring(host.length()) : "";
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return hostPort;
        }
        int dot = host.indexOf('.');
        return (dot < 0 ? host : host.substring(0, dot)) + port;
    }
}
