package io.jthanos.store.cache;

import java.util.Comparator;

/**
 * The natural order of {@code github.com/facette/natsort}, which Thanos sorts memcached servers with: runs of
 * digits compare as numbers (a longer run, once leading zeros are skipped, is larger; equal lengths compare
 * digit by digit), everything else character by character. So {@code memcached-2} sorts before
 * {@code memcached-10}.
 */
final class NaturalOrder implements Comparator<String> {
    static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {}

    @Override
    public int compare(String a, String b) {
        int pa = 0;
        int pb = 0;
        while (pa < a.length() && pb < b.length()) {
            char ca = a.charAt(pa);
            char cb = b.charAt(pb);
            if (isDigit(ca) && isDigit(cb)) {
                // natsort skips leading zeros while another character follows, whatever that character is
                while (pa + 1 < a.length() && a.charAt(pa) == '0') {
                    pa++;
                }
                while (pb + 1 < b.length() && b.charAt(pb) == '0') {
                    pb++;
                }
                int ea = runEnd(a, pa);
                int eb = runEnd(b, pb);
                if (ea - pa != eb - pb) {
                    return Integer.compare(ea - pa, eb - pb);
                }
                int c = a.substring(pa, ea).compareTo(b.substring(pb, eb));
                if (c != 0) {
                    return c;
                }
                pa = ea;
                pb = eb;
                continue;
            }
            if (ca != cb) {
                return Character.compare(ca, cb);
            }
            pa++;
            pb++;
        }
        return Integer.compare(a.length() - pa, b.length() - pb);
    }

    /** The end of the run that starts at {@code p}: its first character, then the digits after it. */
    private static int runEnd(String s, int p) {
        int e = p + 1;
        while (e < s.length() && isDigit(s.charAt(e))) {
            e++;
        }
        return e;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
