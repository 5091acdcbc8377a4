package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongPredicate;

/**
 * The head's inverted index: for every label pair, the sorted refs of the series that carry it
 * (Prometheus's {@code index.MemPostings}), plus the list of all refs. Label strings of new series are
 * canonicalised to the index's keys, so each distinct value of a name is held once.
 *
 * <p>Lists are primitive arrays ({@link RefArrays}, 4 bytes per entry while refs fit 32 bits) in
 * per-name open-addressing tables ({@link ValuePostings}); no boxed collections per series.
 *
 * <p>Thread-safe through a read-write lock; readers copy the lists they use.
 */
final class MemPostings {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, ValuePostings> byName = new HashMap<>();
    private Object all = new int[16];
    private int allSize;

    /** Indexes a new series and returns its labels with canonical strings. */
    Labels add(long ref, Labels labels) {
        lock.writeLock().lock();
        try {
            String[] pairs = new String[labels.size() * 2];
            for (int i = 0; i < labels.size(); i++) {
                ValuePostings values = byName.computeIfAbsent(labels.name(i), ValuePostings::new);
                pairs[2 * i] = values.name;
                pairs[2 * i + 1] = values.add(labels.value(i), ref);
            }
            all = RefArrays.insert(all, allSize, ref);
            allSize++;
            return Labels.fromSortedPairs(pairs);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the refs for which {@code deleted} holds from every list. */
    void delete(LongPredicate deleted) {
        lock.writeLock().lock();
        try {
            var it = byName.values().iterator();
            while (it.hasNext()) {
                ValuePostings values = it.next();
                values.removeIf(deleted);
                if (values.isEmpty()) {
                    it.remove();
                }
            }
            allSize = RefArrays.removeIf(all, allSize, deleted);
            all = RefArrays.trim(all, allSize);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Refs of the series matching all {@code matchers}, with Prometheus's semantics
     * ({@code tsdb/querier.go} {@code PostingsForMatchers}): a matcher that matches the empty string
     * also selects series without the label.
     */
    long[] postingsForMatchers(Matcher... matchers) {
        lock.readLock().lock();
        try {
            List<long[]> its = new ArrayList<>();
            List<long[]> nots = new ArrayList<>();
            for (Matcher m : matchers) {
                ValuePostings values = byName.get(m.name());
                if (m.matchesEmpty()) {
                    // series whose value does not match are removed; series lacking the label stay
                    nots.add(values == null ? Postings.EMPTY : values.refsMatching(v -> !m.matches(v)));
                } else {
                    its.add(values == null ? Postings.EMPTY : refsMatching(values, m));
                }
            }
            long[] result;
            if (its.isEmpty()) {
                result = new long[allSize];
                RefArrays.copyTo(all, allSize, result, 0);
            } else {
                result = its.getFirst();
            }
            for (int i = 1; i < its.size(); i++) {
                result = Postings.intersect(result, its.get(i));
            }
            for (long[] not : nots) {
                result = Postings.without(result, not);
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static long[] refsMatching(ValuePostings values, Matcher m) {
        Set<String> set = m.setMatches();
        return set != null ? values.refsOf(set) : values.refsMatching(m::matches);
    }

    /** All values of {@code name}, unsorted. */
    List<String> values(String name) {
        lock.readLock().lock();
        try {
            ValuePostings values = byName.get(name);
            List<String> out = new ArrayList<>();
            if (values != null) {
                values.values(out);
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The cardinality lists of {@link HeadStats}, each the {@code limit} largest, as Prometheus's
     * {@code MemPostings.Stats}: series per value of {@code label}, values per name, label bytes per name
     * (the size of a pair in Prometheus's default stringlabels build, length-prefixed name and value, times its
     * series) and series per pair. Fills the lists and returns the number of distinct pairs.
     */
    int stats(String label, TopStats metrics, TopStats names, TopStats bytes, TopStats pairs) {
        lock.readLock().lock();
        try {
            int numPairs = 0;
            for (ValuePostings values : byName.values()) {
                String name = values.name;
                if (name.isEmpty()) {
                    continue;
                }
                int[] distinct = {0};
                long[] size = {0};
                boolean isLabel = name.equals(label);
                values.forEachCount((value, series) -> {
                    distinct[0]++;
                    if (isLabel) {
                        metrics.push(value, series);
                    }
                    pairs.push(name + "=" + value, series);
                    size[0] += (long) (encodedSize(name) + encodedSize(value)) * series;
                });
                names.push(name, distinct[0]);
                bytes.push(name, size[0]);
                numPairs += distinct[0];
            }
            return numPairs;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A string's size in Prometheus's stringlabels encoding: its UTF-8 bytes after a 1-byte (under 255) or 4-byte length. */
    private static int encodedSize(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n + (n < 255 ? 1 : 4);
    }

    /** All label names, unsorted. */
    List<String> names() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(byName.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }
}
