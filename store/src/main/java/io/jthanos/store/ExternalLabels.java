package io.jthanos.store;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.Matcher;
import java.util.ArrayList;
import java.util.List;

/** How external labels take part in matching and in the labels a store returns (Thanos semantics). */
public final class ExternalLabels {
    private ExternalLabels() {}

    /**
     * Checks {@code matchers} against the store's external labels. A matcher on an external label is
     * decided here and dropped; the others go to the storage.
     *
     * @return the matchers for the storage, or {@code null} when an external label rules the store out
     */
    public static List<Matcher> matchAndStrip(List<Matcher> matchers, Labels external) {
        if (external.isEmpty()) {
            return matchers;
        }
        List<Matcher> rest = new ArrayList<>(matchers.size());
        for (Matcher m : matchers) {
            String value = external.get(m.name());
            if (value == null) {
                rest.add(m);
            } else if (!m.matches(value)) {
                return null;
            }
        }
        return rest;
    }

    /**
     * Whether a store announcing {@code labelSets} may hold series matching {@code matchers}: some label
     * set has no label that a matcher rejects. Stores without label sets always may.
     */
    public static boolean labelSetsMatch(List<Matcher> matchers, List<Labels> labelSets) {
        if (labelSets.isEmpty()) {
            return true;
        }
        for (Labels set : labelSets) {
            boolean rejected = false;
            for (Matcher m : matchers) {
                String v = set.get(m.name());
                if (v != null && !m.matches(v)) {
                    rejected = true;
                    break;
                }
            }
            if (!rejected) {
                return true;
            }
        }
        return false;
    }

    /** {@code series} with {@code external} added; an external label replaces a series label of the same name. */
    public static Labels extend(Labels series, Labels external, LabelsBuilder scratch) {
        if (external.isEmpty()) {
            return series;
        }
        scratch.reset(series);
        for (int i = 0; i < external.size(); i++) {
            scratch.set(external.name(i), external.value(i));
        }
        return scratch.build();
    }
}
