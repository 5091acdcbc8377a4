package io.jthanos.storage;

import io.jthanos.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The heap-driven k-way merge of sets sorted by labels that {@link MergeSeriesSet} and
 * {@link MergeChunkSeriesSet} share: each step yields the group of sets whose current series carry the
 * smallest labels, in input order, and the merging set decides how that group becomes one series. A
 * group's sets are advanced only at the following step, so their current series stay valid until then.
 *
 * @param <S> the kind of set merged
 */
final class SortedSetMerge<S> {
    private final List<S> sets;
    private final Predicate<S> advance;
    private final Function<S, Labels> labelsOf;
    private final PriorityQueue<Integer> heap;
    private final List<S> group = new ArrayList<>();
    private final List<Integer> groupIndexes = new ArrayList<>();
    private boolean started;
    private Labels labels;

    /**
     * @param advance moves a set to its next series, returning whether there is one
     * @param labelsOf the labels of a set's current series
     */
    SortedSetMerge(List<S> sets, Predicate<S> advance, Function<S, Labels> labelsOf) {
        this.sets = List.copyOf(sets);
        this.advance = advance;
        this.labelsOf = labelsOf;
        this.heap = new PriorityQueue<>(Math.max(1, sets.size()), (a, b) -> {
            int c = labelsOf.apply(this.sets.get(a)).compareTo(labelsOf.apply(this.sets.get(b)));
            return c != 0 ? c : Integer.compare(a, b);
        });
    }

    /** Moves to the next group of equal-label series; {@code false} when every set is exhausted. */
    boolean next() {
        if (!started) {
            started = true;
            for (int i = 0; i < sets.size(); i++) {
                if (advance.test(sets.get(i))) {
                    heap.add(i);
                }
            }
        } else {
            for (Integer i : groupIndexes) {
                if (advance.test(sets.get(i))) {
                    heap.add(i);
                }
            }
        }
        group.clear();
        groupIndexes.clear();
        if (heap.isEmpty()) {
            labels = null;
            return false;
        }
        Integer first = heap.poll();
        labels = labelsOf.apply(sets.get(first));
        groupIndexes.add(first);
        while (!heap.isEmpty() && labelsOf.apply(sets.get(heap.peek())).equals(labels)) {
            groupIndexes.add(heap.poll());
        }
        for (Integer i : groupIndexes) {
            group.add(sets.get(i));
        }
        return true;
    }

    /** The sets positioned on the current labels, in input order; the list is reused by {@link #next()}. */
    List<S> group() {
        return group;
    }

    /** The labels of the current group. */
    Labels labels() {
        return labels;
    }

    /** The warnings of all sets, merged. */
    Annotations warnings(Function<S, Annotations> warningsOf) {
        Annotations w = Annotations.EMPTY;
        for (S s : sets) {
            w = w.merge(warningsOf.apply(s));
        }
        return w;
    }
}
