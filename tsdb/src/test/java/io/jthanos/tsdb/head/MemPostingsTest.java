package io.jthanos.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link MemPostings} against a plain model: every matcher's refs equal a scan of all series. */
class MemPostingsTest {
    private static final long WIDE = 1L << 33;

    @Test
    void matchersAgreeWithAScanThroughAddsAndDeletes() {
        Random rnd = new Random(42);
        MemPostings postings = new MemPostings();
        TreeMap<Long, Labels> model = new TreeMap<>();
        List<Long> refs = new ArrayList<>();
        for (long r = 1; r <= 3000; r++) {
            refs.add(r);
        }
        // refs above 32 bits widen the lists they join; some arrive out of order
        for (long r = 0; r < 200; r++) {
            refs.add(WIDE + r);
        }
        for (int i = 0; i < refs.size() - 1; i += 7) {
            java.util.Collections.swap(refs, i, i + 1);
        }
        for (int round = 0; round < 3; round++) {
            for (long ref : refs) {
                if (model.containsKey(ref) || rnd.nextInt(3) != 0) {
                    continue;
                }
                Labels ls = labels(rnd, ref);
                Labels canonical = postings.add(ref, ls);
                assertThat(canonical).isEqualTo(ls);
                model.put(ref, canonical);
            }
            check(postings, model);
            Set<Long> deleted = new HashSet<>();
            for (long ref : model.keySet()) {
                if (rnd.nextInt(4) == 0) {
                    deleted.add(ref);
                }
            }
            postings.delete(deleted::contains);
            model.keySet().removeAll(deleted);
            check(postings, model);
        }
    }

    @Test
    void equalStringsAreSharedAcrossSeries() {
        MemPostings postings = new MemPostings();
        Labels a = postings.add(1, Labels.of("job", new String("api".toCharArray()), "instance", "a"));
        Labels b = postings.add(2, Labels.of("job", new String("api".toCharArray()), "instance", "b"));
        assertThat(a.get("job")).isSameAs(b.get("job"));
        assertThat(a.name(0)).isSameAs(b.name(0));
    }

    @Test
    void deletingEverythingLeavesNoNamesOrValues() {
        MemPostings postings = new MemPostings();
        postings.add(1, Labels.of("a", "1"));
        postings.add(WIDE, Labels.of("a", "1", "b", "2"));
        postings.delete(ref -> true);
        assertThat(postings.names()).isEmpty();
        assertThat(postings.values("a")).isEmpty();
        assertThat(postings.postingsForMatchers(Matcher.notEqual("a", "x"))).isEmpty();
        postings.add(3, Labels.of("a", "1"));
        assertThat(postings.postingsForMatchers(Matcher.equal("a", "1"))).containsExactly(3);
    }

    private static Labels labels(Random rnd, long ref) {
        List<String> kv = new ArrayList<>(List.of("__name__", "m" + rnd.nextInt(3), "instance", "i" + ref));
        if (rnd.nextBoolean()) {
            kv.addAll(List.of("job", "j" + rnd.nextInt(5)));
        }
        if (rnd.nextInt(10) == 0) {
            kv.addAll(List.of("rare", "r" + rnd.nextInt(2)));
        }
        return Labels.of(kv.toArray(new String[0]));
    }

    private static void check(MemPostings postings, TreeMap<Long, Labels> model) {
        List<Matcher[]> queries = new ArrayList<>();
        queries.add(new Matcher[] {});
        for (String name : List.of("__name__", "job", "rare", "instance", "absent")) {
            for (String v : List.of("m0", "j1", "r1", "i5", "", "x")) {
                queries.add(new Matcher[] {Matcher.equal(name, v)});
                queries.add(new Matcher[] {Matcher.notEqual(name, v)});
            }
            queries.add(new Matcher[] {Matcher.regex(name, "m1|j2|r0|i7|i" + WIDE)});
            queries.add(new Matcher[] {Matcher.regex(name, ".*1.*")});
            queries.add(new Matcher[] {Matcher.notRegex(name, "m.|j[0-2]")});
        }
        queries.add(new Matcher[] {Matcher.equal("__name__", "m1"), Matcher.regex("job", "j.*"), Matcher.notEqual("rare", "r0")});
        for (Matcher[] q : queries) {
            List<Long> want = new ArrayList<>();
            model.forEach((ref, ls) -> {
                if (Matcher.matchAll(ls, List.of(q))) {
                    want.add(ref);
                }
            });
            assertThat(postings.postingsForMatchers(q)).as(List.of(q).toString()).containsExactly(want.stream().mapToLong(Long::longValue).toArray());
        }
        Set<String> names = new HashSet<>();
        Set<String> jobs = new HashSet<>();
        model.values().forEach(ls -> {
            names.addAll(ls.names());
            if (ls.get("job") != null) {
                jobs.add(ls.get("job"));
            }
        });
        assertThat(postings.names()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(postings.values("job")).containsExactlyInAnyOrderElementsOf(jobs);
    }
}
