package io.jthanos.ruler.template;

import io.jthanos.model.Labels;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Expands an alerting rule's label and annotation templates as Prometheus's rules manager does:
 * the text is prefixed with {@code {{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}
 * {{$externalURL := .ExternalURL}}{{$value := .Value}}} and named {@code __alert_<alertname>};
 * a failure yields {@code <error expanding template: …>} in place of the text.
 */
public final class AlertTemplate {
    private static final String DEFS = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
            + "{{$externalURL := .ExternalURL}}{{$value := .Value}}";

    private AlertTemplate() {}

    /** Checks that {@code text} parses, as {@code promtool check rules} does; returns Go's error message or null. */
    public static String parseError(String alertName, String text) {
        try {
            Template.parse("__alert_" + alertName, DEFS + text, PrometheusFunctions.all(null, ""));
            return null;
        } catch (TemplateException e) {
            return e.getMessage();
        }
    }

    /**
     * Expands {@code text} for one alert.
     *
     * @param query runs {@code query} calls in the template; may be null
     */
    public static String expand(String alertName, String text, Labels labels, Labels externalLabels, String externalUrl,
            double value, PrometheusFunctions.QueryFunction query) {
        if (!text.contains("{{")) {
            return text;
        }
        String name = "__alert_" + alertName;
        try {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("Labels", labels.toMap());
            fields.put("ExternalLabels", externalLabels.toMap());
            fields.put("ExternalURL", externalUrl);
            fields.put("Value", value);
            Template t = Template.parse(name, DEFS + text, PrometheusFunctions.all(query, externalUrl));
            return t.execute(new GoStruct("struct", fields));
        } catch (TemplateException e) {
            String phase = e.getMessage().contains("executing") ? "executing" : "parsing";
            return "<error expanding template: error " + phase + " template " + name + ": " + e.getMessage() + ">";
        }
    }
}
