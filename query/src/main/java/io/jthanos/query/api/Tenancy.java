package io.jthanos.query.api;

import io.jthanos.model.Matcher;
import io.jthanos.promql.parser.Expr;
import io.jthanos.promql.parser.ParseException;
import io.jthanos.promql.parser.Parser;
import io.jthanos.promql.parser.ParserOptions;
import io.jthanos.promql.parser.SelectorRewriter;
import io.jthanos.promql.parser.VectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The querier's tenancy, as Thanos's {@code --query.tenant-header}, {@code --query.default-tenant-id},
 * {@code --query.tenant-label-name} and {@code --query.enforce-tenancy}: the tenant of a request is its tenant
 * header, else the default tenant; when enforced, every selector of a query and every {@code match[]} gets the
 * matcher {@code <label>="<tenant>"} in place of any matcher it had on that label (prom-label-proxy's enforcer,
 * which Thanos uses without its error on replacement), and label queries without {@code match[]} get it as their
 * only selector.
 */
public record Tenancy(boolean enforce, String header, String defaultTenant, String labelName) {
    /** Thanos's defaults, not enforced. */
    public static final Tenancy DEFAULT = new Tenancy(false, "THANOS-TENANT", "default-tenant", "tenant_id");

    /** The request's tenant. */
    public String tenant(ApiRequest r) {
        String t = r.headers().get(header.toLowerCase(Locale.ROOT));
        return t == null || t.isEmpty() ? defaultTenant : t;
    }

    /**
     * The query with the tenant's matcher on every selector when tenancy is enforced, else the query itself. A
     * query that does not parse is returned as is, for the engine to report.
     */
    public String enforceQuery(ApiRequest r, String query, ParserOptions options) {
        if (!enforce || query == null || query.isBlank()) {
            return query;
        }
        Expr e;
        try {
            e = Parser.parse(query, options);
        } catch (ParseException ex) {
            return query;
        }
        Matcher m = Matcher.equal(labelName, tenant(r));
        return SelectorRewriter.rewrite(e, v -> withTenant(v, m)).toString();
    }

    /** The {@code match[]} sets with the tenant's matcher when tenancy is enforced; one set of it alone when none were given. */
    public List<List<Matcher>> enforceMatchers(ApiRequest r, List<List<Matcher>> sets) {
        if (!enforce) {
            return sets;
        }
        Matcher m = Matcher.equal(labelName, tenant(r));
        if (sets.isEmpty()) {
            return List.of(List.of(m));
        }
        List<List<Matcher>> out = new ArrayList<>(sets.size());
        for (List<Matcher> set : sets) {
            out.add(withTenant(set, m));
        }
        return out;
    }

    private static VectorSelector withTenant(VectorSelector v, Matcher m) {
        return new VectorSelector(v.name(), withTenant(v.matchers(), m), v.offsetMillis(), v.offsetExpr(), v.timestamp(), v.at(),
                v.positionRange());
    }

    private static List<Matcher> withTenant(List<Matcher> matchers, Matcher m) {
        List<Matcher> out = new ArrayList<>(matchers.size() + 1);
        for (Matcher x : matchers) {
            if (!x.name().equals(m.name())) {
                out.add(x);
            }
        }
        out.add(m);
        return out;
    }
}
