package io.jthanos.promql.differential;

import java.util.List;

/**
 * The OpenMetrics text that the HTTP API compatibility tests (query's {@code PrometheusCompatibilityTest}, cmd's
 * {@code QueryProcessIT}) turn into blocks with {@code promtool tsdb create-blocks-from openmetrics}: 5 hours (three
 * 2h blocks) from {@link #START}, every 30 s, of counters (one with a reset) and gauges.
 */
public final class ApiCompatibilityCorpus {
    /** Unix seconds of the first sample. */
    public static final long START = 1_700_000_000L;

    private ApiCompatibilityCorpus() {}

    /**
     * @param withEscapes also a sparse gauge {@code weird} whose label value needs JSON and HTML escapes
     */
    public static String openMetrics(boolean withEscapes) {
        StringBuilder b = new StringBuilder();
        b.append("# TYPE http_requests_total counter\n");
        for (String job : List.of("api", "db")) {
            for (String instance : List.of("a", "b")) {
                for (String code : List.of("200", "500")) {
                    double v = 0;
                    for (int i = 0; i < 600; i++) {
                        v += (job.length() + code.charAt(0) - '0') * (i % 7 + 1) * 0.25;
                        if (job.equals("db") && instance.equals("b") && i == 300) {
                            v = 1;
                        }
                        b.append("http_requests_total{job=\"").append(job).append("\",instance=\"").append(instance)
                                .append("\",code=\"").append(code).append("\"} ").append(v).append(' ').append(START + i * 30L)
                                .append('\n');
                    }
                }
            }
        }
        b.append("# TYPE temperature gauge\n");
        String[] rooms = {"kitchen", "cellar", "attic"};
        for (int r = 0; r < rooms.length; r++) {
            for (int i = 0; i < 600; i++) {
                double v = 20 + r * 3.3 - (i % 13) * 1.7 + (i % 5 == 0 ? 0.0001 : 0);
                b.append("temperature{room=\"").append(rooms[r]).append("\"} ").append(v).append(' ').append(START + i * 30L)
                        .append('\n');
            }
        }
        if (withEscapes) {
            b.append("# TYPE weird gauge\n");
            for (int i = 0; i < 600; i += 10) {
                b.append("weird{path=\"/a<b>&\\\"c\\\"\"} ").append(1e-7 * i).append(' ').append(START + i * 30L).append('\n');
            }
        }
        b.append("# EOF\n");
        return b.toString();
    }
}
