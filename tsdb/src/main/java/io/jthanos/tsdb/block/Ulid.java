package io.jthanos.tsdb.block;

import java.security.SecureRandom;

/**
 * A ULID (https://github.com/ulid/spec): 48-bit millisecond timestamp and 80 random bits, written as 26
 * Crockford base32 characters that sort like the value. {@link #generate()} is monotonic: within one
 * millisecond each id is the previous one plus one, so ids from this process never repeat or go
 * backwards; {@link #generate(long)} keeps the requested time.
 */
public final class Ulid implements Comparable<Ulid> {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object LOCK = new Object();
    private static long lastMs = -1;
    private static long lastHi; // low 16 bits: top of the random part
    private static long lastLo;

    private final long hi; // 48-bit time << 16 | 16 random bits
    private final long lo; // 64 random bits

    private Ulid(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
    }

    /**
     * A new id with the current time, monotonic with every other id generated in this process (a clock
     * that goes back reuses the last millisecond).
     */
    public static Ulid generate() {
        long now = System.currentTimeMillis();
        synchronized (LOCK) {
            return next(Math.max(now, lastMs));
        }
    }

    /**
     * A new id with timestamp {@code ms}: monotonic with the previous id when it is in the same
     * millisecond, otherwise fresh random bits (ids for explicit past times are unique, not ordered
     * after later ones).
     */
    public static Ulid generate(long ms) {
        synchronized (LOCK) {
            if (ms < lastMs) {
                checkRange(ms);
                return new Ulid((ms << 16) | (RANDOM.nextInt() & 0xFFFF), RANDOM.nextLong());
            }
            return next(ms);
        }
    }

    private static void checkRange(long ms) {
        if (ms < 0 || ms >= (1L << 48)) {
            throw new IllegalArgumentException("ULID time out of range: " + ms);
        }
    }

    /** Caller holds {@link #LOCK}; {@code ms >= lastMs}. */
    private static Ulid next(long ms) {
        checkRange(ms);
        if (ms == lastMs) {
            long lo = lastLo + 1;
            long hi = lastHi;
            if (lo == 0) {
                hi++;
                if ((hi & 0xFFFF) == 0) {
                    throw new IllegalStateException("ULID random part overflow within one millisecond");
                }
            }
            lastHi = hi;
            lastLo = lo;
        } else {
            lastMs = ms;
            lastHi = (ms << 16) | (RANDOM.nextInt() & 0xFFFF);
            lastLo = RANDOM.nextLong();
        }
        return new Ulid(lastHi, lastLo);
    }

    /** Parses 26 Crockford base32 characters (case-insensitive). */
    public static Ulid parse(String s) {
        if (s.length() != 26) {
            throw new IllegalArgumentException("ULID must have 26 characters: " + s);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 26; i++) {
            int v = decode(s.charAt(i));
            if (v < 0 || (i == 0 && v > 7)) {
                throw new IllegalArgumentException("invalid ULID: " + s);
            }
            // shift the 128-bit (hi, lo) left by 5 and add v
            hi = (hi << 5) | (lo >>> 59);
            lo = (lo << 5) | v;
        }
        return new Ulid(hi, lo);
    }

    /** Whether {@code s} is a well-formed ULID. */
    public static boolean isValid(String s) {
        try {
            parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int decode(char c) {
        c = Character.toUpperCase(c);
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The timestamp in milliseconds since the epoch. */
    public long timestamp() {
        return hi >>> 16;
    }

    @Override
    public String toString() {
        char[] out = new char[26];
        long h = hi;
        long l = lo;
        for (int i = 25; i >= 0; i--) {
            out[i] = ALPHABET[(int) (l & 31)];
            l = (l >>> 5) | (h << 59);
            h >>>= 5;
        }
        return new String(out);
    }

    @Override
    public int compareTo(Ulid o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ulid u && u.hi == hi && u.lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(lo);
    }
}
