package io.jthanos.promql.engine;

import io.jthanos.model.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Port of {@code github.com/facette/natsort}'s {@code Compare}, the order of {@code sort_by_label}:
 * strings split into runs of ASCII digits and non-digits; digit runs that fit an int64 compare as
 * numbers, other runs byte-wise. Quirks kept: equal numeric runs at the end of either string decide
 * for the first string, so the relation is not a strict order for values like {@code "1"} and {@code "01"}.
 */
final class NaturalSort {

    private NaturalSort() {
    }

    /** Whether {@code a} precedes {@code b}. */
    static boolean less(String a, String b) {
        List<String> ca = chunks(a);
        List<String> cb = chunks(b);
        for (int i = 0; i < ca.size(); i++) {
            if (i >= cb.size()) {
                return false;
            }
            String x = ca.get(i);
            String y = cb.get(i);
            Long xi = atoi(x);
            Long yi = atoi(y);
            if (xi != null && yi != null) {
                if (xi.longValue() == yi.longValue()) {
                    if (i == ca.size() - 1) {
                        return true;
                    } else if (i == cb.size() - 1) {
                        return false;
                    }
                    continue;
                }
                return xi < yi;
            }
            if (x.equals(y)) {
                if (i == ca.size() - 1) {
                    return true;
                } else if (i == cb.size() - 1) {
                    return false;
                }
                continue;
            }
            return Labels.compareStrings(x, y) < 0;
        }
        return false;
    }

    private static List<String> chunks(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= s.length(); i++) {
            if (i == s.length() || isDigit(s.charAt(i)) != isDigit(s.charAt(i - 1))) {
                out.add(s.substring(start, i));
                start = i;
            }
        }
        return out;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static Long atoi(String s) {
        if (!isDigit(s.charAt(0))) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
