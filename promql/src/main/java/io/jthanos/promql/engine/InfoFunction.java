package io.jthanos.promql.engine;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.model.MatchType;
import io.jthanos.model.Matcher;
import io.jthanos.storage.SelectHints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code info(v, [data-label-selector])}, a port of Prometheus 3.5's {@code evalInfo}: each series of
 * {@code v} gains the data labels of the info series ({@code target_info} unless the selector names
 * others) that share its identifying labels {@code instance} and {@code job}, looked up at every step
 * like an instant selector, the newest sample winning (equal times are a duplicate-series error). Labels the series already has are kept; with
 * data-label matchers only their labels are added, and a series without a matching info series is
 * dropped unless every matcher matches the empty value. Series that are themselves info metrics pass
 * through unchanged.
 */
final class InfoFunction {

    private static final List<String> IDENTIFYING = List.of("instance", "job");
    private static final String TARGET_INFO = "target_info";

    private InfoFunction() {
    }

    static List<StepSeries> evaluate(List<StepSeries> base, List<Matcher> selector, StepGrid g, SeriesLoader loader,
            long lookbackMillis, EvalContext ctx) {
        Map<String, List<Matcher>> dataMatchers = new LinkedHashMap<>();
        List<Matcher> nameMatchers = new ArrayList<>();
        for (Matcher m : selector) {
            dataMatchers.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
            if (m.name().equals(Labels.METRIC_NAME)) {
                nameMatchers.add(m);
            }
        }
        if (selector.isEmpty()) {
            nameMatchers.add(Matcher.equal(Labels.METRIC_NAME, TARGET_INFO));
        }
        boolean[] ignore = new boolean[base.size()];
        for (int i = 0; i < base.size(); i++) {
            String name = base.get(i).labels().metricName();
            for (Matcher m : nameMatchers) {
                if (m.matches(name == null ? "" : name)) {
                    ignore[i] = true;
                    break;
                }
            }
        }
        List<RawSeries> info = fetchInfoSeries(base, ignore, dataMatchers, g, loader, lookbackMillis);
        int steps = g.steps();
        // Per step, the time of each info series' sample within the lookback window, or -1.
        long[][] infoTimes = new long[info.size()][];
        List<String> infoSigs = new ArrayList<>(info.size());
        Set<String> infoNames = new LinkedHashSet<>();
        for (int k = 0; k < info.size(); k++) {
            RawSeries rs = info.get(k);
            infoTimes[k] = sampleTimes(rs, g, lookbackMillis);
            infoNames.add(rs.labels().metricName());
            infoSigs.add(signature(rs.labels().metricName(), rs.labels()));
        }
        List<Map<String, String>> baseSigs = new ArrayList<>(base.size());
        for (StepSeries s : base) {
            Map<String, String> sigs = new LinkedHashMap<>();
            for (String name : infoNames) {
                sigs.put(name, signature(name, s.labels()));
            }
            baseSigs.add(sigs);
        }
        boolean allMatchEmpty = true;
        for (List<Matcher> ms : dataMatchers.values()) {
            for (Matcher m : ms) {
                allMatchEmpty &= m.matches("");
            }
        }
        Map<Labels, double[]> out = new LinkedHashMap<>();
        Map<String, Integer> bySig = new HashMap<>();
        for (int i = 0; i < steps; i++) {
            ctx.checkInterrupted("expression evaluation");
            bySig.clear();
            for (int k = 0; k < info.size(); k++) {
                long t = infoTimes[k][i];
                if (t < 0) {
                    continue;
                }
                Integer existing = bySig.get(infoSigs.get(k));
                if (existing == null) {
                    bySig.put(infoSigs.get(k), k);
                    continue;
                }
                long existingT = infoTimes[existing][i];
                if (existingT < t) {
                    bySig.put(infoSigs.get(k), k);
                } else if (existingT == t) {
                    throw new QueryException.Evaluation("found duplicate series for info metric "
                            + info.get(k).labels().metricName());
                }
            }
            for (int b = 0; b < base.size(); b++) {
                StepSeries s = base.get(b);
                double v = s.values()[i];
                if (Steps.isAbsent(v)) {
                    continue;
                }
                Labels labels = ignore[b] ? s.labels() : enrich(s.labels(), baseSigs.get(b), bySig, info, dataMatchers,
                        allMatchEmpty);
                if (labels == null) {
                    continue;
                }
                double[] target = out.computeIfAbsent(labels, l -> Steps.absent(steps));
                if (Steps.isPresent(target[i])) {
                    throw new QueryException.Evaluation("vector cannot contain metrics with the same labelset");
                }
                target[i] = v;
            }
        }
        List<StepSeries> result = new ArrayList<>(out.size());
        out.forEach((l, v) -> result.add(new StepSeries(l, v)));
        return result;
    }

    /** The series' labels with the info data labels added, or null when the series is to be dropped. */
    private static Labels enrich(Labels labels, Map<String, String> sigs, Map<String, Integer> bySig, List<RawSeries> info,
            Map<String, List<Matcher>> dataMatchers, boolean allMatchEmpty) {
        LabelsBuilder added = new LabelsBuilder();
        boolean any = false;
        for (String sig : sigs.values()) {
            Integer k = bySig.get(sig);
            if (k == null) {
                continue;
            }
            Labels is = info.get(k).labels();
            for (int j = 0; j < is.size(); j++) {
                String name = is.name(j);
                String value = is.value(j);
                if (name.equals(Labels.METRIC_NAME) || (!dataMatchers.isEmpty() && !dataMatchers.containsKey(name))) {
                    continue;
                }
                String have = added.get(name);
                if (have != null && !have.isEmpty() && !have.equals(value)) {
                    throw new QueryException.Evaluation("conflicting label: " + name);
                }
                if (labels.has(name)) {
                    continue;
                }
                added.set(name, value);
                any = true;
            }
        }
        if (!any) {
            return allMatchEmpty ? labels : null;
        }
        LabelsBuilder b = labels.toBuilder();
        added.build().forEach(b::set);
        return b.build();
    }

    /** The info metric's name and the series' identifying labels, as Prometheus's signature function. */
    private static String signature(String infoName, Labels l) {
        StringBuilder b = new StringBuilder(infoName).append('\u00ff');
        for (String name : IDENTIFYING) {
            String v = l.get(name);
            if (v != null) {
                b.append(name).append('\u00ff').append(v).append('\u00ff');
            }
        }
        return b.toString();
    }

    private static List<RawSeries> fetchInfoSeries(List<StepSeries> base, boolean[] ignore,
            Map<String, List<Matcher>> dataMatchers, StepGrid g, SeriesLoader loader, long lookbackMillis) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < base.size(); i++) {
            if (ignore[i]) {
                continue;
            }
            for (String name : IDENTIFYING) {
                String v = base.get(i).labels().get(name);
                if (v != null && !v.isEmpty()) {
                    values.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(v);
                }
            }
        }
        if (values.isEmpty()) {
            return List.of();
        }
        List<Matcher> matchers = new ArrayList<>();
        boolean named = false;
        for (Map.Entry<String, Set<String>> e : values.entrySet()) {
            List<String> quoted = new ArrayList<>();
            for (String v : e.getValue()) {
                quoted.add(quoteMeta(v));
            }
            matchers.add(Matcher.of(MatchType.REGEX, e.getKey(), String.join("|", quoted)));
        }
        for (Map.Entry<String, List<Matcher>> e : new ArrayList<>(dataMatchers.entrySet())) {
            matchers.addAll(e.getValue());
            if (e.getKey().equals(Labels.METRIC_NAME)) {
                named = true;
                dataMatchers.remove(e.getKey());
            }
        }
        if (!named) {
            matchers.addFirst(Matcher.equal(Labels.METRIC_NAME, TARGET_INFO));
        }
        long min = g.start() - lookbackMillis;
        return loader.load(matchers, min, g.end(), SelectHints.range(min + 1, g.end()), true);
    }

    /** Go's {@code regexp.QuoteMeta}. */
    private static String quoteMeta(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Per step, the time of the last sample within the lookback window (not a stale marker), else -1. */
    private static long[] sampleTimes(RawSeries rs, StepGrid g, long lookbackMillis) {
        int steps = g.steps();
        long[] out = new long[steps];
        long[] ts = rs.timestamps();
        int j = 0;
        for (int i = 0; i < steps; i++) {
            long ref = g.time(i);
            while (j < rs.size() && ts[j] <= ref) {
                j++;
            }
            out[i] = j > 0 && ts[j - 1] > ref - lookbackMillis && !Steps.isStale(rs.values()[j - 1]) ? ts[j - 1] : -1;
        }
        return out;
    }
}
