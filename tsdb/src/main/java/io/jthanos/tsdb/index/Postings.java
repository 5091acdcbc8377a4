package io.jthanos.tsdb.index;

import java.util.Arrays;
import java.util.List;

/**
 * A lazy, forward-only cursor over sorted, unique series ids (Prometheus's {@code index.Postings}).
 * Before the first {@link #next()} or {@link #seek(long)} the position is undefined; once either
 * returned {@code false} the cursor stays exhausted. Ids are unsigned 32-bit values held in a
 * {@code long}.
 */
public interface Postings {
    /** Advances to the next id; {@code false} when exhausted. */
    boolean next();

    /**
     * Advances to the first id {@code >= v}; stays if the current id already is. {@code false} when no
     * such id exists.
     */
    boolean seek(long v);

    /** The current id. */
    long at();

    /** The empty postings list. */
    static Postings empty() {
        return EmptyPostings.INSTANCE;
    }

    /** Postings over a sorted array of unique ids (not copied). */
    static Postings of(long... sortedIds) {
        return new ListPostings(sortedIds, sortedIds.length);
    }

    /** The ids in all of {@code its}. */
    static Postings intersect(List<Postings> its) {
        if (its.isEmpty()) {
            return empty();
        }
        if (its.size() == 1) {
            return its.get(0);
        }
        for (Postings p : its) {
            if (p == EmptyPostings.INSTANCE) {
                return empty();
            }
        }
        return new IntersectPostings(its.toArray(new Postings[0]));
    }

    /** The ids in any of {@code its}. */
    static Postings merge(List<Postings> its) {
        List<Postings> nonEmpty = its.stream().filter(p -> p != EmptyPostings.INSTANCE).toList();
        if (nonEmpty.isEmpty()) {
            return empty();
        }
        if (nonEmpty.size() == 1) {
            return nonEmpty.get(0);
        }
        return new MergedPostings(nonEmpty.toArray(new Postings[0]));
    }

    /** The ids of {@code full} that are not in {@code drop}. */
    static Postings without(Postings full, Postings drop) {
        if (full == EmptyPostings.INSTANCE) {
            return empty();
        }
        if (drop == EmptyPostings.INSTANCE) {
            return full;
        }
        return new RemovedPostings(full, drop);
    }

    /** Drains {@code p} into an array. */
    static long[] expand(Postings p) {
        long[] out = new long[16];
        int n = 0;
        while (p.next()) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = p.at();
        }
        return Arrays.copyOf(out, n);
    }
}
