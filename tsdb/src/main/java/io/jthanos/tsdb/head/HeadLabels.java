package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.LabelQueryResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Label names and values of the head, as Prometheus's head index reader answers them: empty when
 * the head's time range does not overlap the query; without matchers straight from the postings.
 */
final class HeadLabels {
    private HeadLabels() {}

    static LabelQueryResult values(Head head, long minTime, long maxTime, String name, LabelHints hints, Matcher... matchers) {
        if (!overlaps(head, minTime, maxTime)) {
            return new LabelQueryResult(List.of(), Annotations.EMPTY);
        }
        List<String> values;
        if (matchers.length == 0) {
            values = head.postings().values(name);
        } else {
            Set<String> set = new HashSet<>();
            for (Labels ls : head.matchingLabels(matchers)) {
                String v = ls.get(name);
                if (v != null) {
                    set.add(v);
                }
            }
            values = new ArrayList<>(set);
        }
        return sortedLimited(values, hints);
    }

    static LabelQueryResult names(Head head, long minTime, long maxTime, LabelHints hints, Matcher... matchers) {
        if (!overlaps(head, minTime, maxTime)) {
            return new LabelQueryResult(List.of(), Annotations.EMPTY);
        }
        List<String> names;
        if (matchers.length == 0) {
            names = head.postings().names();
        } else {
            Set<String> set = new HashSet<>();
            for (Labels ls : head.matchingLabels(matchers)) {
                for (int i = 0; i < ls.size(); i++) {
                    set.add(ls.name(i));
                }
            }
            names = new ArrayList<>(set);
        }
        return sortedLimited(names, hints);
    }

    private static boolean overlaps(Head head, long minTime, long maxTime) {
        return head.maxTime() >= minTime && head.minTime() <= maxTime;
    }

    private static LabelQueryResult sortedLimited(List<String> values, LabelHints hints) {
        values.sort(Labels::compareStrings);
        if (hints != null && hints.limit() > 0 && values.size() > hints.limit()) {
            values = values.subList(0, hints.limit());
        }
        return new LabelQueryResult(values, Annotations.EMPTY);
    }
}
