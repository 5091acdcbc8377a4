package io.jthanos.promql.engine.functions;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.relabel.Relabeler;
import io.jthanos.promql.engine.QueryException;
import io.jthanos.promql.engine.SeriesMerger;
import io.jthanos.promql.engine.StepSeries;
import io.jthanos.promql.parser.GoStrings;
import java.util.List;

/** {@code label_replace} and {@code label_join}: they change labels and keep values and the metric name. */
public final class LabelFunctions {

    private LabelFunctions() {
    }

    public static List<StepSeries> evaluate(String name, List<StepSeries> in, String[] args, int steps) {
        SeriesMerger merger = new SeriesMerger(steps);
        if (name.equals("label_replace")) {
            String dst = args[1];
            String replacement = args[2];
            String src = args[3];
            Pattern regex;
            try {
                regex = Relabeler.anchored(args[4]);
            } catch (PatternSyntaxException e) {
                throw new QueryException.Evaluation("invalid regular expression in label_replace(): " + args[4]);
            }
            if (!GoStrings.isValidLabelName(dst)) {
                throw new QueryException.Evaluation("invalid destination label name in label_replace(): " + dst);
            }
            for (StepSeries s : in) {
                String value = s.labels().get(src);
                Matcher m = regex.matcher(value == null ? "" : value);
                Labels labels = s.labels();
                if (m.matches()) {
                    String res = Relabeler.expand(replacement, m);
                    LabelsBuilder b = labels.toBuilder();
                    b.set(dst, res);
                    labels = b.build();
                }
                merger.add(labels, s.values().clone());
            }
        } else {
            String dst = args[1];
            String sep = args[2];
            for (int i = 3; i < args.length; i++) {
                if (!GoStrings.isValidLabelName(args[i])) {
                    throw new QueryException.Evaluation("invalid source label name in label_join(): " + args[i]);
                }
            }
            if (!GoStrings.isValidLabelName(dst)) {
                throw new QueryException.Evaluation("invalid destination label name in label_join(): " + dst);
            }
            for (StepSeries s : in) {
                StringBuilder v = new StringBuilder();
                for (int i = 3; i < args.length; i++) {
                    if (i > 3) {
                        v.append(sep);
                    }
                    String lv = s.labels().get(args[i]);
                    v.append(lv == null ? "" : lv);
                }
                LabelsBuilder b = s.labels().toBuilder();
                b.set(dst, v.toString());
                merger.add(b.build(), s.values().clone());
            }
        }
        return merger.result();
    }
}
