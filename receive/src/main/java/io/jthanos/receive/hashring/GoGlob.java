package io.jthanos.receive.hashring;

/**
 * Go's {@code path/filepath.Match} on Unix, used by Thanos for {@code tenant_matcher_type: glob}:
 * {@code *} matches any run of characters except {@code /}, {@code ?} one character except
 * {@code /}, {@code [abc]}, {@code [^a-z]} character classes, {@code \} escapes the next character.
 * The whole name must match.
 */
final class GoGlob {
    private GoGlob() {}

    /** Whether {@code name} matches {@code pattern}; the pattern must be {@linkplain #validate valid}. */
    static boolean matches(String pattern, String name) {
        return match(pattern, 0, name, 0);
    }

    /** Throws {@link IllegalArgumentException} ("syntax error in pattern") for a malformed pattern. */
    static void validate(String pattern) {
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 >= pattern.length()) {
                    throw bad(pattern);
                }
                i += 2;
            } else if (c == '[') {
                i = classEnd(pattern, i);
                if (i < 0) {
                    throw bad(pattern);
                }
            } else {
                i++;
            }
        }
    }

    private static IllegalArgumentException bad(String pattern) {
        return new IllegalArgumentException("syntax error in pattern \"" + pattern + "\"");
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi < p.length() && p.charAt(pi) == '*') {
                        pi++;
                    }
                    if (pi == p.length()) {
                        return s.indexOf('/', si) < 0;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi, s, k)) {
                            return true;
                        }
                        if (k < s.length() && s.charAt(k) == '/') {
                            return false;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length() || s.charAt(si) == '/') {
                        return false;
                    }
                    pi++;
                    si++;
                }
                case '[' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    int end = classEnd(p, pi);
                    if (end < 0 || !classMatches(p, pi + 1, end - 1, s.charAt(si))) {
                        return false;
                    }
                    pi = end;
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 >= p.length() || si >= s.length() || s.charAt(si) != p.charAt(pi + 1)) {
                        return false;
                    }
                    pi += 2;
                    si++;
                }
                default -> {
                    if (si >= s.length() || s.charAt(si) != c) {
                        return false;
                    }
                    pi++;
                    si++;
                }
            }
        }
        return si == s.length();
    }

    /** Index just past the {@code ]} closing the class opened at {@code open}, or -1 when malformed. */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        boolean first = true;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == ']' && !first) {
                return i + 1;
            }
            if (c == ']' || c == '-') {
                return -1; // Go: an empty class or a bare '-' is a syntax error
            }
            i = classChar(p, i);
            if (i < 0) {
                return -1;
            }
            if (i < p.length() && p.charAt(i) == '-') {
                i = classChar(p, i + 1);
                if (i < 0) {
                    return -1;
                }
            }
            first = false;
        }
        return -1;
    }

    private static int classChar(String p, int i) {
        if (i >= p.length()) {
            return -1;
        }
        char c = p.charAt(i);
        if (c == '\\') {
            return i + 2 <= p.length() ? i + 2 : -1;
        }
        if (c == '-' || c == ']') {
            return -1;
        }
        return i + 1;
    }

    private static boolean classMatches(String p, int from, int to, char ch) {
        int i = from;
        boolean negated = false;
        if (p.charAt(i) == '^') {
            negated = true;
            i++;
        }
        boolean matched = false;
        while (i < to) {
            char lo = p.charAt(i);
            if (lo == '\\') {
                lo = p.charAt(++i);
            }
            i++;
            char hi = lo;
            if (i < to && p.charAt(i) == '-') {
                hi = p.charAt(++i);
                if (hi == '\\') {
                    hi = p.charAt(++i);
                }
                i++;
            }
            if (lo <= ch && ch <= hi) {
                matched = true;
            }
        }
        return matched != negated;
    }
}
