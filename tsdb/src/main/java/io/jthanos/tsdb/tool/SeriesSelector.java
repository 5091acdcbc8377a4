package io.jthanos.tsdb.tool;

import io.jthanos.model.MatchType;
import io.jthanos.model.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a PromQL series selector ({@code name{l="v", l2=~'re', …}}) into matchers, for the tools'
 * {@code --match} flags. Strings may be quoted with {@code "}, {@code '} or backticks; Go escapes
 * {@code \\ \" \' \n \t} are understood in the first two.
 */
public final class SeriesSelector {
    private final String s;
    private int i;

    private SeriesSelector(String s) {
        this.s = s;
    }

    public static Matcher[] parse(String selector) {
        return new SeriesSelector(selector.strip()).selector();
    }

    private Matcher[] selector() {
        List<Matcher> out = new ArrayList<>();
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
            i++;
        }
        if (i > start) {
            out.add(Matcher.equal("__name__", s.substring(start, i)));
        }
        skipSpace();
        if (i < s.length() && s.charAt(i) == '{') {
            i++;
            while (true) {
                skipSpace();
                if (peek('}')) {
                    i++;
                    break;
                }
                String name;
                if (peek('"') || peek('\'') || peek('`')) {
                    name = string();
                } else {
                    int ns = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                        i++;
                    }
                    name = s.substring(ns, i);
                }
                skipSpace();
                MatchType type;
                if (s.startsWith("=~", i)) {
                    type = MatchType.REGEX;
                    i += 2;
                } else if (s.startsWith("!~", i)) {
                    type = MatchType.NOT_REGEX;
                    i += 2;
                } else if (s.startsWith("!=", i)) {
                    type = MatchType.NOT_EQUAL;
                    i += 2;
                } else if (peek('=')) {
                    type = MatchType.EQUAL;
                    i++;
                } else {
                    throw new IllegalArgumentException("expected matcher operator at " + i + " in " + s);
                }
                skipSpace();
                out.add(Matcher.of(type, name, string()));
                skipSpace();
                if (peek(',')) {
                    i++;
                }
            }
        }
        skipSpace();
        if (i != s.length() || out.isEmpty()) {
            throw new IllegalArgumentException("invalid series selector " + s);
        }
        return out.toArray(new Matcher[0]);
    }

    private boolean peek(char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private String string() {
        if (i >= s.length()) {
            throw new IllegalArgumentException("expected string in " + s);
        }
        char q = s.charAt(i++);
        if (q != '"' && q != '\'' && q != '`') {
            throw new IllegalArgumentException("expected quoted string at " + (i - 1) + " in " + s);
        }
        StringBuilder b = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == q) {
                return b.toString();
            }
            if (c == '\\' && q != '`' && i < s.length()) {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    default -> b.append(e);
                }
                continue;
            }
            b.append(c);
        }
        throw new IllegalArgumentException("unterminated string in " + s);
    }
}
