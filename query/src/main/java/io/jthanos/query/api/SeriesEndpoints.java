package io.jthanos.query.api;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.query.QueryOptions;
import io.jthanos.storage.Annotation;
import io.jthanos.storage.Annotations;
import io.jthanos.storage.LabelHints;
import io.jthanos.storage.LabelQueryResult;
import io.jthanos.storage.Querier;
import io.jthanos.storage.SelectHints;
import io.jthanos.storage.SeriesSet;
import io.jthanos.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** {@code /api/v1/series}, {@code /api/v1/labels} and {@code /api/v1/label/<name>/values}. */
final class SeriesEndpoints {
    static final String TRUNCATED = "results truncated due to limit";

    private final ApiSettings settings;
    private final QueryEndpoints queries;

    SeriesEndpoints(ApiSettings settings, QueryEndpoints queries) {
        this.settings = settings;
        this.queries = queries;
    }

    ApiResult series(ApiRequest r) {
        if (r.all("match[]").isEmpty()) {
            throw new ApiException(ErrorType.BAD_DATA, "no match[] parameter provided");
        }
        long start = Params.time(r, "start", Params.MIN_TIME);
        long end = Params.time(r, "end", Params.MAX_TIME);
        List<List<Matcher>> sets;
        try {
            sets = Params.matchers(r);
        } catch (ApiException e) {
            // Prometheus names the parameter here only, not for label names and values
            throw ApiException.invalidParam("match[]", e.getMessage());
        }
        sets = settings.tenancy().enforceMatchers(r, sets);
        int limit = Params.limit(r);
        QueryOptions options = queries.options(r, 0);
        TreeSet<Labels> all = new TreeSet<>();
        Annotations warnings = Annotations.EMPTY;
        SelectHints hints = new SelectHints(start, end, 0, "series", 0, List.of(), false, false);
        try (Querier q = settings.queryables().apply(options).querier(start, end)) {
            // All selects first, so that they fan out concurrently (up to --query.max-concurrent-select).
            List<SeriesSet> selected = new ArrayList<>(sets.size());
            for (List<Matcher> set : sets) {
                selected.add(q.select(true, hints, set.toArray(Matcher[]::new)));
            }
            for (SeriesSet ss : selected) {
                while (ss.next()) {
                    all.add(ss.at().labels());
                }
                warnings = warnings.merge(ss.warnings());
            }
        } catch (StorageException e) {
            throw new ApiException(ErrorType.INTERNAL, e.getMessage());
        }
        List<Labels> out = new ArrayList<>(all);
        if (limit > 0 && out.size() > limit) {
            out = out.subList(0, limit);
            warnings = warnings.with(Annotation.warning(TRUNCATED));
        }
        List<Labels> result = out;
        return ApiResult.of(w -> {
            w.beginArray();
            result.forEach(w::labels);
            w.endArray();
        }, warnings);
    }

    ApiResult labelNames(ApiRequest r) {
        long start = Params.time(r, "start", Params.MIN_TIME);
        long end = Params.time(r, "end", Params.MAX_TIME);
        List<List<Matcher>> sets = settings.tenancy().enforceMatchers(r, Params.matchers(r));
        int limit = Params.limit(r);
        return labels(r, start, end, sets, limit, null);
    }

    ApiResult labelValues(ApiRequest r, String name) {
        if (name.isEmpty()) {
            throw new ApiException(ErrorType.BAD_DATA, "invalid label name: \"\"");
        }
        long start = Params.time(r, "start", Params.MIN_TIME);
        long end = Params.time(r, "end", Params.MAX_TIME);
        List<List<Matcher>> sets = settings.tenancy().enforceMatchers(r, Params.matchers(r));
        int limit = Params.limit(r);
        return labels(r, start, end, sets, limit, name);
    }

    /** Label names ({@code name == null}) or values of {@code name}, unioned over the matcher sets. */
    private ApiResult labels(ApiRequest r, long start, long end, List<List<Matcher>> sets, int limit, String name) {
        QueryOptions options = queries.options(r, 0);
        // Ask for one more than the limit so that truncation can be reported.
        LabelHints hints = new LabelHints(limit > 0 ? limit + 1 : 0);
        TreeSet<String> values = new TreeSet<>(Labels::compareStrings);
        Annotations warnings = Annotations.EMPTY;
        try (Querier q = settings.queryables().apply(options).querier(start, end)) {
            List<List<Matcher>> each = sets.isEmpty() ? List.of(List.of()) : sets;
            for (List<Matcher> set : each) {
                Matcher[] m = set.toArray(Matcher[]::new);
                LabelQueryResult res = name == null ? q.labelNames(hints, m) : q.labelValues(name, hints, m);
                values.addAll(res.values());
                warnings = warnings.merge(res.warnings());
            }
        } catch (StorageException e) {
            throw new ApiException(ErrorType.INTERNAL, e.getMessage());
        }
        List<String> out = new ArrayList<>(values);
        if (limit > 0 && out.size() > limit) {
            out = out.subList(0, limit);
            warnings = warnings.with(Annotation.warning(TRUNCATED));
        }
        List<String> result = out;
        return ApiResult.of(w -> {
            w.beginArray();
            result.forEach(w::value);
            w.endArray();
        }, warnings);
    }
}
