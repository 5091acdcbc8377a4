package io.jthanos.tsdb.block;

import io.jthanos.model.MatchType;
import io.jthanos.model.Matcher;
import io.jthanos.tsdb.encoding.CorruptBlockException;
import io.jthanos.tsdb.index.IndexReader;
import io.jthanos.tsdb.index.Postings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The postings of the series that satisfy all matchers, with Prometheus's semantics
 * ({@code tsdb/querier.go PostingsForMatchers}): a series without label {@code l} has {@code l=""}, so a
 * matcher that matches the empty string also selects series that lack the label.
 *
 * <p>Matchers that do not match {@code ""} contribute the union of the postings of their matching values,
 * and these are intersected; matchers that do match {@code ""} subtract the series whose value they reject.
 * With no intersecting matcher the base is all postings.
 */
public final class PostingsForMatchers {
    private PostingsForMatchers() {}

    public static Postings select(IndexReader ix, Matcher... matchers) throws CorruptBlockException {
        List<Postings> its = new ArrayList<>();
        List<Postings> notIts = new ArrayList<>();
        for (Matcher m : matchers) {
            if (m.name().isEmpty()) {
                // no series has a label with the empty name
                if (m.matchesEmpty()) {
                    continue;
                }
                return Postings.empty();
            }
            if (m.matchesEmpty()) {
                if (m.type() == MatchType.NOT_EQUAL) {
                    notIts.add(ix.postings(m.name(), m.value()));
                } else {
                    notIts.add(ix.postingsForValues(m.name(), v -> !m.matches(v)));
                }
            } else {
                Postings p = postingsForMatcher(ix, m);
                its.add(p);
            }
        }
        if (its.isEmpty()) {
            its.add(ix.allPostings());
        }
        Postings p = Postings.intersect(its);
        for (Postings n : notIts) {
            p = Postings.without(p, n);
        }
        return p;
    }

    private static Postings postingsForMatcher(IndexReader ix, Matcher m) throws CorruptBlockException {
        Set<String> set = m.setMatches();
        if (set != null) {
            List<Postings> its = new ArrayList<>(set.size());
            for (String v : set) {
                its.add(ix.postings(m.name(), v));
            }
            return Postings.merge(its);
        }
        return ix.postingsForValues(m.name(), m::matches);
    }
}
