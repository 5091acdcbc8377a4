package io.jthanos.tsdb.head;

import io.jthanos.model.Labels;
import io.jthanos.storage.AppendRejectedException;
import io.jthanos.storage.AppendRejectedException.Reason;

/** The label checks the head applies to a new series, with Prometheus's messages. */
final class LabelsValidation {
    private LabelsValidation() {}

    static void validate(Labels labels) throws AppendRejectedException {
        if (labels == null || labels.isEmpty()) {
            throw new AppendRejectedException(Reason.INVALID_LABELS, "empty labelset");
        }
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            if (name.isEmpty()) {
                throw new AppendRejectedException(Reason.INVALID_LABELS, "empty label name in " + labels);
            }
            if (i > 0) {
                int c = Labels.compareStrings(labels.name(i - 1), name);
                if (c == 0) {
                    throw new AppendRejectedException(Reason.INVALID_LABELS, "label name \"" + name + "\" is not unique in " + labels);
                }
                if (c > 0) {
                    throw new AppendRejectedException(Reason.INVALID_LABELS, "labels are not sorted: " + labels);
                }
            }
            if (!validUtf8(name)) {
                throw new AppendRejectedException(Reason.INVALID_LABELS, "invalid label name (not valid UTF-8) in " + labels);
            }
            String value = labels.value(i);
            if (!validUtf8(value)) {
                throw new AppendRejectedException(Reason.INVALID_LABELS, "invalid label value (not valid UTF-8) for " + name);
            }
        }
    }

    /** A Java string is valid UTF-8 exactly when it holds no unpaired surrogate. */
    static boolean validUtf8(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
