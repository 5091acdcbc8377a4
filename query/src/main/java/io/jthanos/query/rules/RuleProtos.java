package io.jthanos.query.rules;

import com.google.protobuf.Timestamp;
import io.jthanos.model.Labels;
import io.jthanos.proto.labelpb.Label;
import io.jthanos.proto.labelpb.LabelSet;
import io.jthanos.store.grpc.StoreProtos;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** Building blocks of {@code thanos.Rules} messages in the forms the Go ruler produces them. */
public final class RuleProtos {
    /** Go's zero {@code time.Time} as a protobuf timestamp: 0001-01-01T00:00:00Z. */
    static final long GO_ZERO_SECONDS = -62135596800L;

    private RuleProtos() {}

    /** A time in epoch milliseconds; 0 (never) is Go's zero time, as a rule not yet evaluated reports it. */
    public static Timestamp timestamp(long millis) {
        if (millis == 0) {
            return Timestamp.newBuilder().setSeconds(GO_ZERO_SECONDS).build();
        }
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(millis, 1000L))
                .setNanos((int) Math.floorMod(millis, 1000L) * 1_000_000).build();
    }

    /** Labels as a label set, sorted by name. */
    public static LabelSet labelSet(Labels labels) {
        return LabelSet.newBuilder().addAllLabels(StoreProtos.labels(labels)).build();
    }

    /** Annotations as a label set, sorted by name; empty values are kept. */
    public static LabelSet labelSet(Map<String, String> annotations) {
        LabelSet.Builder b = LabelSet.newBuilder();
        new TreeMap<>(annotations).forEach((k, v) -> b.addLabels(Label.newBuilder().setName(k).setValue(v)));
        return b.build();
    }

    /** An alert's value as Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}: {@code 1e+00}, {@code 1.5e+03}, {@code NaN}, {@code +Inf}. */
    public static String alertValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0e+00";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - d.scale() - 1;
        StringBuilder out = new StringBuilder(v < 0 ? "-" : "");
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exp < 0 ? '-' : '+');
        if (Math.abs(exp) < 10) {
            out.append('0');
        }
        return out.append(Math.abs(exp)).toString();
    }
}
