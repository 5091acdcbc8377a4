package io.jthanos.receive.series;

import io.jthanos.proto.prompb.Label;
import java.util.List;

/**
 * Thanos's {@code labelpb.ValidateLabels}: a series needs at least one label, no empty names or values,
 * names strictly increasing (sorted and unique). Returns Thanos's error text, or {@code null}.
 */
public final class LabelsValidator {
    public static final String EMPTY_LABELS = "label set contains a label with empty name or value";
    public static final String OUT_OF_ORDER_LABELS = "out of order labels";
    public static final String DUPLICATE_LABELS = "label set contains duplicate label names";

    private LabelsValidator() {}

    /** The reason {@code labels} are invalid, or {@code null} when valid. */
    public static String validate(List<Label> labels) {
        int n = labels.size();
        if (n == 0) {
            return EMPTY_LABELS;
        }
        String prev = null;
        for (int i = 0; i < n; i++) {
            Label l = labels.get(i);
            String name = l.getName();
            if (name.isEmpty() || l.getValue().isEmpty()) {
                return EMPTY_LABELS;
            }
            if (prev != null) {
                int c = io.jthanos.model.Labels.compareStrings(name, prev);
                if (c < 0) {
                    return OUT_OF_ORDER_LABELS;
                }
                if (c == 0) {
                    return DUPLICATE_LABELS;
                }
            }
            prev = name;
        }
        return null;
    }

    /** {@code {a="b", c="d"}} for messages. */
    public static String format(List<Label> labels) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(labels.get(i).getName()).append("=\"").append(labels.get(i).getValue()).append('"');
        }
        return b.append('}').toString();
    }
}
