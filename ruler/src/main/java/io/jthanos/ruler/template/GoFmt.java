package io.jthanos.ruler.template;

import java.util.List;

/** The subset of Go's {@code fmt.Sprintf} verbs templates use: {@code %s %v %d %f %e %g %q %x %t %%}, flags, width and precision. */
final class GoFmt {
    private GoFmt() {}

    static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int arg = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int start = i;
            while (i < format.length() && "+-# 0".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            while (i < format.length() && (Character.isDigit(format.charAt(i)) || format.charAt(i) == '.')) {
                i++;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            String spec = format.substring(start, i);
            char verb = format.charAt(i++);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (arg >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            out.append(one(spec, verb, args.get(arg++)));
        }
        if (arg < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = arg; k < args.size(); k++) {
                out.append(k > arg ? ", " : "").append(GoValues.typeName(args.get(k))).append('=').append(GoValues.print(args.get(k)));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String one(String spec, char verb, Object v) {
        int dot = spec.indexOf('.');
        String flagsWidth = dot < 0 ? spec : spec.substring(0, dot);
        int precision = dot < 0 ? -1 : (dot + 1 == spec.length() ? 0 : Integer.parseInt(spec.substring(dot + 1)));
        String body = switch (verb) {
            case 'v', 's' -> precision >= 0 && verb == 's' ? truncate(GoValues.print(v), precision) : GoValues.print(v);
            case 'd' -> v instanceof Long l ? Long.toString(l) : bad(verb, v);
            case 't' -> v instanceof Boolean b ? b.toString() : bad(verb, v);
            case 'q' -> v instanceof String s ? quote(s) : bad(verb, v);
            case 'x' -> v instanceof Long l ? Long.toHexString(l) : v instanceof String s ? hex(s) : bad(verb, v);
            case 'f', 'F' -> number(v) == null ? bad(verb, v) : fixed(number(v), precision < 0 ? 6 : precision);
            case 'e' -> number(v) == null ? bad(verb, v) : exp(number(v), precision < 0 ? 6 : precision);
            case 'g' -> number(v) == null ? bad(verb, v) : GoFloat.format(number(v), precision);
            default -> "%!" + verb + "(" + GoValues.typeName(v) + "=" + GoValues.print(v) + ")";
        };
        String flags = flagsWidth.replaceAll("\\d+$", "");
        String width = flagsWidth.substring(flags.length());
        if (flags.contains("+") && (verb == 'd' || verb == 'f' || verb == 'g' || verb == 'e') && !body.startsWith("-")) {
            body = "+" + body;
        }
        if (!width.isEmpty()) {
            int w = Integer.parseInt(width);
            boolean zero = flags.contains("0") && !flags.contains("-");
            while (body.length() < w) {
                body = flags.contains("-") ? body + " " : zero ? zeroPad(body) : " " + body;
            }
        }
        return body;
    }

    private static String zeroPad(String body) {
        return body.startsWith("-") || body.startsWith("+") ? body.charAt(0) + "0" + body.substring(1) : "0" + body;
    }

    private static Double number(Object v) {
        return v instanceof Double d ? d : null;
    }

    private static String fixed(double v, int precision) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFloat.shortest(v);
        }
        return new java.math.BigDecimal(v).setScale(precision, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String exp(double v, int precision) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFloat.shortest(v);
        }
        String s = String.format(java.util.Locale.ROOT, "%." + precision + "e", v);
        return s;
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    private static String hex(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String bad(char verb, Object v) {
        return "%!" + verb + "(" + GoValues.typeName(v) + "=" + GoValues.print(v) + ")";
    }
}
