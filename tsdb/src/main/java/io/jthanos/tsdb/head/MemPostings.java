package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongPredicate;

/**
 * The head's inverted index: for every label pair, the sorted refs of the series that carry it
 * (Prometheus's {@code index.MemPostings}), plus the list of all refs. Label strings of new series are
 * canonicalised to the index's keys, so each distinct name and value is held once.
 *
 * <p>Thread-safe through a read-write lock; readers copy the lists they use.
 */
final class MemPostings {
    private static final class RefList {
        long[] refs = new long[2];
        int size;

        void add(long ref) {
            if (size == refs.length) {
                refs = Arrays.copyOf(refs, size * 2);
            }
            // refs are handed out in increasing order but may arrive slightly out of order: insertion sort from the back
            int i = size;
            while (i > 0 && refs[i - 1] > ref) {
                refs[i] = refs[i - 1];
                i--;
            }
            refs[i] = ref;
            size++;
        }

        long[] copy() {
            return Arrays.copyOf(refs, size);
        }
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Map<String, RefList>> byName = new HashMap<>();
    private final Map<String, String> strings = new HashMap<>();
    private final RefList all = new RefList();

    /** Indexes a new series and returns its labels with canonical strings. */
    Labels add(long ref, Labels labels) {
        lock.writeLock().lock();
        try {
            String[] pairs = new String[labels.size() * 2];
            for (int i = 0; i < labels.size(); i++) {
                String name = strings.computeIfAbsent(labels.name(i), n -> n);
                String value = strings.computeIfAbsent(labels.value(i), v -> v);
                byName.computeIfAbsent(name, n -> new HashMap<>()).computeIfAbsent(value, v -> new RefList()).add(ref);
                pairs[2 * i] = name;
                pairs[2 * i + 1] = value;
            }
            all.add(ref);
            return Labels.fromSortedPairs(pairs);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the refs for which {@code deleted} holds from every list. */
    void delete(LongPredicate deleted) {
        lock.writeLock().lock();
        try {
            var names = byName.entrySet().iterator();
            while (names.hasNext()) {
                var values = names.next().getValue();
                var it = values.entrySet().iterator();
                while (it.hasNext()) {
                    RefList l = it.next().getValue();
                    compact(l, deleted);
                    if (l.size == 0) {
                        it.remove();
                    }
                }
                if (values.isEmpty()) {
                    names.remove();
                }
            }
            compact(all, deleted);
            strings.clear();
            for (var e : byName.entrySet()) {
                strings.put(e.getKey(), e.getKey());
                for (String v : e.getValue().keySet()) {
                    strings.put(v, v);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void compact(RefList l, LongPredicate deleted) {
        int n = 0;
        for (int i = 0; i < l.size; i++) {
            if (!deleted.test(l.refs[i])) {
                l.refs[n++] = l.refs[i];
            }
        }
        l.size = n;
        if (l.refs.length > 16 && n < l.refs.length / 4) {
            l.refs = Arrays.copyOf(l.refs, Math.max(2, n * 2));
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
                if (m.matchesEmpty()) {
                    // series whose value does not match are removed; series lacking the label stay
                    nots.add(valuesMatching(m.name(), v -> !m.matches(v)));
                } else {
                    its.add(valuesMatching(m, m.name()));
                }
            }
            long[] result = its.isEmpty() ? all.copy() : its.getFirst();
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

    private long[] valuesMatching(Matcher m, String name) {
        Set<String> set = m.setMatches();
        Map<String, RefList> values = byName.get(name);
        if (values == null) {
            return Postings.EMPTY;
        }
        if (set != null) {
            List<RefList> lists = new ArrayList<>();
            for (String v : set) {
                RefList l = values.get(v);
                if (l != null) {
                    lists.add(l);
                }
            }
            return concatSorted(lists);
        }
        return valuesMatching(name, m::matches);
    }

    private interface ValuePredicate {
        boolean test(String value);
    }

    private long[] valuesMatching(String name, ValuePredicate p) {
        Map<String, RefList> values = byName.get(name);
        if (values == null) {
            return Postings.EMPTY;
        }
        List<RefList> lists = new ArrayList<>();
        for (var e : values.entrySet()) {
            if (p.test(e.getKey())) {
                lists.add(e.getValue());
            }
        }
        return concatSorted(lists);
    }

    /** The union of lists of one label name, which are disjoint: a series has one value per name. */
    private static long[] concatSorted(List<RefList> lists) {
        if (lists.size() == 1) {
            return lists.getFirst().copy();
        }
        int n = 0;
        for (RefList l : lists) {
            n += l.size;
        }
        long[] out = new long[n];
        int at = 0;
        for (RefList l : lists) {
            System.arraycopy(l.refs, 0, out, at, l.size);
            at += l.size;
        }
        Arrays.sort(out);
        return out;
    }

    /** All values of {@code name}, unsorted. */
    List<String> values(String name) {
        lock.readLock().lock();
        try {
            Map<String, RefList> values = byName.get(name);
            return values == null ? List.of() : new ArrayList<>(values.keySet());
        } finally {
            lock.readLock().unlock();
        }
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
