package io.jthanos.tsdb.head;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The {@code limit} largest {@link HeadStats.Stat}s pushed, without holding the rest. Ties are broken by name
 * so that the answer is the same from call to call (Prometheus's keeps whichever its map order meets first).
 */
final class TopStats {
    /** Smallest first: the head of the queue is the one to drop. */
    private static final Comparator<HeadStats.Stat> ASCENDING = Comparator.comparingLong(HeadStats.Stat::count)
            .thenComparing(HeadStats.Stat::name, Comparator.reverseOrder());

    private final int limit;
    private final PriorityQueue<HeadStats.Stat> queue;

    TopStats(int limit) {
        this.limit = limit;
        this.queue = new PriorityQueue<>(Math.max(1, limit), ASCENDING);
    }

    void push(String name, long count) {
        if (limit <= 0) {
            return;
        }
        if (queue.size() < limit) {
            queue.add(new HeadStats.Stat(name, count));
            return;
        }
        HeadStats.Stat smallest = queue.peek();
        if (count > smallest.count() || (count == smallest.count() && name.compareTo(smallest.name()) < 0)) {
            queue.poll();
            queue.add(new HeadStats.Stat(name, count));
        }
    }

    /** The kept stats, largest first. */
    List<HeadStats.Stat> get() {
        List<HeadStats.Stat> out = new ArrayList<>(queue);
        out.sort(ASCENDING.reversed());
        return out;
    }
}
