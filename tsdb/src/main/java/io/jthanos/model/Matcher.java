package io.jthanos.model;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A label matcher: {@code name op value} with one of the four {@link MatchType}s.
 *
 * <p>Regular expressions follow Prometheus: RE2 syntax (via RE2/J, linear time), fully anchored, with
 * {@code .} matching newlines. Common shapes skip the regex engine: literals, {@code .*}, {@code .+},
 * literal prefixes ({@code foo.*}) and alternations of literals ({@code a|b|c}).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Matcher {
    private final MatchType type;
    private final String name;
    private final String value;
    private final StringPredicate predicate;

    private Matcher(MatchType type, String name, String value) {
        this.type = Objects.requireNonNull(type, "type");
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        this.predicate = switch (type) {
            case EQUAL, NOT_EQUAL -> value::equals;
            case REGEX, NOT_REGEX -> compileRegex(value);
        };
    }

    /**
     * Creates a matcher.
     *
     * @throws IllegalArgumentException if a regex value does not compile; the message starts with
     *     {@code error parsing regexp:} as Go's does
     */
    public static Matcher of(MatchType type, String name, String value) {
        return new Matcher(type, name, value);
    }

    public static Matcher equal(String name, String value) {
        return new Matcher(MatchType.EQUAL, name, value);
    }

    public static Matcher notEqual(String name, String value) {
        return new Matcher(MatchType.NOT_EQUAL, name, value);
    }

    public static Matcher regex(String name, String value) {
        return new Matcher(MatchType.REGEX, name, value);
    }

    public static Matcher notRegex(String name, String value) {
        return new Matcher(MatchType.NOT_REGEX, name, value);
    }

    public MatchType type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /**
     * Whether a label value satisfies this matcher. An absent label has the value {@code ""}, so
     * {@code foo=""} matches series without {@code foo} (Prometheus semantics).
     */
    public boolean matches(String labelValue) {
        boolean m = predicate.test(labelValue);
        return (type == MatchType.EQUAL || type == MatchType.REGEX) == m;
    }

    /** Whether a series with {@code labels} satisfies this matcher; an absent label has the value {@code ""}. */
    public boolean matches(Labels labels) {
        String v = labels.get(name);
        return matches(v == null ? "" : v);
    }

    /** Whether a series with {@code labels} satisfies every one of {@code matchers}. */
    public static boolean matchAll(Labels labels, Iterable<Matcher> matchers) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this matcher matches the empty string, i.e. also series that lack the label. */
    public boolean matchesEmpty() {
        return matches("");
    }

    /**
     * For {@code =} and for regexes that are a set of literals, the values that match; otherwise
     * {@code null}. Lets index lookups fetch postings directly instead of scanning label values.
     */
    public Set<String> setMatches() {
        if (type == MatchType.EQUAL) {
            return Set.of(value);
        }
        if (type == MatchType.REGEX && predicate instanceof LiteralSet ls) {
            return ls.values;
        }
        return null;
    }

    /** For regexes of the form {@code prefix.*}, the literal prefix; otherwise {@code null}. */
    public String literalPrefix() {
        return predicate instanceof Prefix p ? p.prefix : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name, value);
    }

    /** PromQL form: {@code name="value"}, names quoted when not legacy. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (LabelNames.isLegacyName(name)) {
            sb.append(name);
        } else {
            GoQuote.append(sb, name);
        }
        sb.append(type.operator());
        GoQuote.append(sb, value);
        return sb.toString();
    }

    @FunctionalInterface
    private interface StringPredicate {
        boolean test(String s);
    }

    private record Prefix(String prefix) implements StringPredicate {
        @Override
        public boolean test(String s) {
            return s.startsWith(prefix);
        }
    }

    private record LiteralSet(Set<String> values) implements StringPredicate {
        @Override
        public boolean test(String s) {
            return values.contains(s);
        }
    }

    private static StringPredicate compileRegex(String re) {
        Pattern pattern;
        try {
            pattern = Pattern.compile("(?s:" + re + ")");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + e.getMessage(), e);
        }
        if (re.equals(".*")) {
            return s -> true;
        }
        if (re.equals(".+")) {
            return s -> !s.isEmpty();
        }
        if (isLiteral(re)) {
            return new LiteralSet(Set.of(re));
        }
        if (re.endsWith(".*") && isLiteral(re.substring(0, re.length() - 2))) {
            return new Prefix(re.substring(0, re.length() - 2));
        }
        if (re.indexOf('|') >= 0) {
            Set<String> alternatives = new HashSet<>();
            boolean allLiteral = true;
            for (String alt : re.split("\\|", -1)) {
                if (!isLiteral(alt)) {
                    allLiteral = false;
                    break;
                }
                alternatives.add(alt);
            }
            if (allLiteral) {
                return new LiteralSet(Set.copyOf(alternatives));
            }
        }
        return s -> pattern.matcher(s).matches();
    }

    private static boolean isLiteral(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("\\.+*?()|[]{}^$".indexOf(s.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }
}
