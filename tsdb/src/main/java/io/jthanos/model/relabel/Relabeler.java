package io.jthanos.model.relabel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.jthanos.model.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Applies relabel rules to a label set as Prometheus's {@code relabel.Process} does: rules run in order;
 * {@code keep}/{@code drop} (and their {@code equal} forms) may drop the whole set, which is then
 * {@code null}; {@code hashmod} sets the target to {@code md5(joined sources)} (its last 8 bytes, big-endian,
 * unsigned) modulo {@code modulus}; labels with empty values are removed. Also holds the two pieces PromQL's
 * {@code label_replace} shares with relabeling: the anchored regex and Go's template expansion.
 */
public final class Relabeler {
    private Relabeler() {}

    /** The relabelled set, or {@code null} when a rule dropped it. */
    public static Labels process(Labels in, List<RelabelConfig> rules) {
        TreeMap<String, String> ls = new TreeMap<>(Labels::compareStrings);
        ls.putAll(in.toMap());
        for (RelabelConfig r : rules) {
            if (!apply(ls, r)) {
                return null;
            }
        }
        ls.values().removeIf(String::isEmpty);
        return Labels.fromMap(ls);
    }

    /** Whether {@code in} survives the rules with at least one label left (Thanos's meta filters keep such blocks). */
    public static boolean keeps(Labels in, List<RelabelConfig> rules) {
        Labels out = process(in, rules);
        return out != null && !out.isEmpty();
    }

    /**
     * {@code regex} fully anchored, with {@code .} matching newlines, as Prometheus compiles relabel and
     * {@code label_replace} regexes ({@code ^(?s:regex)$}).
     *
     * @throws com.google.re2j.PatternSyntaxException when {@code regex} is not valid RE2
     */
    public static Pattern anchored(String regex) {
        return Pattern.compile("^(?s:" + regex + ")$");
    }

    private static boolean apply(TreeMap<String, String> ls, RelabelConfig r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.sourceLabels().size(); i++) {
            if (i > 0) {
                sb.append(r.separator());
            }
            sb.append(ls.getOrDefault(r.sourceLabels().get(i), ""));
        }
        String val = sb.toString();
        switch (r.action()) {
            case DROP -> {
                return !r.regex().matcher(val).matches();
            }
            case KEEP -> {
                return r.regex().matcher(val).matches();
            }
            case DROPEQUAL -> {
                return !val.equals(ls.getOrDefault(r.targetLabel(), ""));
            }
            case KEEPEQUAL -> {
                return val.equals(ls.getOrDefault(r.targetLabel(), ""));
            }
            case REPLACE -> {
                Matcher m = r.regex().matcher(val);
                if (!m.matches()) {
                    return true;
                }
                String target = expand(r.targetLabel(), m);
                if (!isValidLabelName(target)) {
                    return true;
                }
                String value = expand(r.replacement(), m);
                if (value.isEmpty()) {
                    ls.remove(target);
                } else {
                    ls.put(target, value);
                }
            }
            case LOWERCASE -> ls.put(r.targetLabel(), val.toLowerCase(Locale.ROOT));
            case UPPERCASE -> ls.put(r.targetLabel(), val.toUpperCase(Locale.ROOT));
            case HASHMOD -> ls.put(r.targetLabel(), Long.toUnsignedString(Long.remainderUnsigned(sum64(val), r.modulus())));
            case LABELMAP -> {
                TreeMap<String, String> add = new TreeMap<>();
                for (var e : ls.entrySet()) {
                    Matcher m = r.regex().matcher(e.getKey());
                    if (m.matches()) {
                        add.put(expand(r.replacement(), m), e.getValue());
                    }
                }
                ls.putAll(add);
            }
            case LABELDROP -> ls.keySet().removeIf(k -> r.regex().matcher(k).matches());
            case LABELKEEP -> ls.keySet().removeIf(k -> !r.regex().matcher(k).matches());
        }
        return true;
    }

    /** The last 8 bytes of the MD5 of {@code s}, big-endian (Prometheus's {@code sum64(md5.Sum(...))}). */
    public static long sum64(String s) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long v = 0;
        for (int i = 8; i < 16; i++) {
            v = (v << 8) | (h[i] & 0xFF);
        }
        return v;
    }

    /**
     * Go's {@code Regexp.Expand} template syntax over a successful match: {@code $1}, {@code ${1}},
     * {@code $name}, {@code ${name}}, {@code $$}; an unknown or unmatched group expands to nothing.
     */
    public static String expand(String template, Matcher m) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int next;
            if (template.charAt(i + 1) == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                next = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                name = template.substring(i + 1, j);
                next = j;
            }
            if (name.isEmpty()) {
                out.append(c);
                i++;
                continue;
            }
            out.append(group(m, name));
            i = next;
        }
        return out.toString();
    }

    private static String group(Matcher m, String name) {
        try {
            String g;
            if (name.chars().allMatch(Character::isDigit)) {
                int n = Integer.parseInt(name);
                g = n <= m.groupCount() ? m.group(n) : null;
            } else {
                g = m.group(name);
            }
            return g == null ? "" : g;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return "";
        }
    }

    private static boolean isValidLabelName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
