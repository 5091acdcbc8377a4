package io.jthanos.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PostingsTest {
    private static final Random R = new Random(11);

    private static TreeSet<Long> randomSet(int max, double density) {
        TreeSet<Long> s = new TreeSet<>();
        for (long i = 0; i < max; i++) {
            if (R.nextDouble() < density) {
                s.add(i);
            }
        }
        return s;
    }

    private static long[] arr(TreeSet<Long> s) {
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void operationsMatchANaiveSetModel() {
        for (int round = 0; round < 300; round++) {
            int k = 1 + R.nextInt(4);
            List<TreeSet<Long>> sets = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                sets.add(randomSet(1 + R.nextInt(300), R.nextDouble()));
            }
            TreeSet<Long> inter = new TreeSet<>(sets.get(0));
            TreeSet<Long> union = new TreeSet<>();
            for (TreeSet<Long> s : sets) {
                inter.retainAll(s);
                union.addAll(s);
            }
            TreeSet<Long> without = new TreeSet<>(sets.get(0));
            if (k > 1) {
                without.removeAll(sets.get(1));
            }
            assertThat(Postings.expand(Postings.intersect(lists(sets)))).containsExactly(arr(inter));
            assertThat(Postings.expand(Postings.merge(lists(sets)))).containsExactly(arr(union));
            assertThat(Postings.expand(k > 1 ? Postings.without(Postings.of(arr(sets.get(0))), Postings.of(arr(sets.get(1))))
                    : Postings.of(arr(sets.get(0))))).containsExactly(arr(without));
            // seek on every composite agrees with the model
            long target = R.nextInt(320);
            checkSeek(Postings.intersect(lists(sets)), inter, target);
            checkSeek(Postings.merge(lists(sets)), union, target);
            checkSeek(Postings.of(arr(sets.get(0))), sets.get(0), target);
            if (k > 1) {
                checkSeek(Postings.without(Postings.of(arr(sets.get(0))), Postings.of(arr(sets.get(1)))), without, target);
            }
        }
    }

    private static List<Postings> lists(List<TreeSet<Long>> sets) {
        List<Postings> out = new ArrayList<>();
        for (TreeSet<Long> s : sets) {
            out.add(Postings.of(arr(s)));
        }
        return out;
    }

    private static void checkSeek(Postings p, TreeSet<Long> model, long target) {
        // next a few times, then seek, then drain
        List<Long> got = new ArrayList<>();
        int steps = R.nextInt(3);
        Long cur = null;
        for (int i = 0; i < steps; i++) {
            if (!p.next()) {
                assertThat(got.size()).isEqualTo(model.size());
                return;
            }
            cur = p.at();
            got.add(cur);
        }
        assertThat(got).containsExactlyElementsOf(model.stream().limit(steps).toList());
        long effective = cur == null ? target : Math.max(target, cur);
        Long expected = model.ceiling(effective);
        assertThat(p.seek(target)).isEqualTo(expected != null);
        if (expected == null) {
            assertThat(p.next()).isFalse();
            return;
        }
        assertThat(p.at()).isEqualTo(expected);
        long[] rest = Postings.expand(p);
        assertThat(rest).containsExactly(model.tailSet(expected, false).stream().mapToLong(Long::longValue).toArray());
    }

    @Test
    void emptyAndExhaustedStayExhausted() {
        Postings p = Postings.of(1, 5);
        assertThat(p.seek(6)).isFalse();
        assertThat(p.seek(0)).isFalse();
        assertThat(p.next()).isFalse();
        assertThat(Postings.expand(Postings.intersect(List.of(Postings.of(1, 2), Postings.empty())))).isEmpty();
        assertThat(Postings.expand(Postings.merge(List.of()))).isEmpty();
        assertThat(Postings.expand(Postings.without(Postings.of(LongStream.range(0, 5).toArray()), Postings.empty())))
                .containsExactly(0, 1, 2, 3, 4);
    }
}
