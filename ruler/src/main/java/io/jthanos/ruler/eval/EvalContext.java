package io.jthanos.ruler.eval;

import io.jthanos.model.Labels;
import io.jthanos.ruler.template.GoStruct;
import io.jthanos.ruler.template.PrometheusFunctions;
import io.jthanos.store.PartialResponseStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What alert templates see besides the alert itself.
 *
 * @param externalLabels the ruler's {@code --label}s ({@code $externalLabels})
 * @param externalUrl {@code $externalURL}, Thanos's {@code --alert.query-url}
 * @param templateQueries answers the templates' {@code query} calls (the rules' own query client, as in
 *     Thanos); may be null, and then {@code query} fails
 */
public record EvalContext(Labels externalLabels, String externalUrl, QueryClient templateQueries) {

    /**
     * The templates' {@code query} function for one evaluation: instant queries at the evaluation time
     * {@code evalTime} (not shifted by the query offset, as in Prometheus) with the group's partial
     * response strategy, each result a {@code sample} with {@code Labels} and {@code Value}. Null when
     * there is no query client.
     */
    public PrometheusFunctions.QueryFunction templateQuery(long evalTime, PartialResponseStrategy strategy) {
        QueryClient client = templateQueries;
        if (client == null) {
            return null;
        }
        return expr -> {
            List<GoStruct> out = new ArrayList<>();
            for (Sample s : client.query(expr, evalTime, strategy)) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("Labels", s.labels().toMap());
                fields.put("Value", s.value());
                out.add(new GoStruct("sample", fields));
            }
            return out;
        };
    }
}
