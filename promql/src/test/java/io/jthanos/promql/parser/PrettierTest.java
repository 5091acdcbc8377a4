package io.jthanos.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.promql.differential.GoTestQueries;
import io.jthanos.testing.Oracles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Printer#pretty} gives what Prometheus's prettier does. */
class PrettierTest {

    /** Every case of Prometheus's own {@code prettier_test.go} (fetched with the oracles): its {@code in}, its {@code out}. */
    @Test
    void prometheusPrettierCases() throws Exception {
        List<Map.Entry<String, String>> cases = GoTestQueries.pairs(Oracles.promqlParserTests().resolve("prettier_test.go"), "in", "out");
        assertThat(cases).as("cases found in prettier_test.go").hasSizeGreaterThan(50);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> c : cases) {
            String got = Printer.pretty(Parser.parse(c.getKey(), ParserOptions.ALL), 10); // the length its tests set
            if (!got.equals(c.getValue())) {
                wrong.add(c.getKey() + "\n--- expected\n" + c.getValue() + "\n--- got\n" + got);
            }
        }
        assertThat(wrong).as("of " + cases.size() + " cases").isEmpty();
    }

    @Test
    void shortQueriesStayOnOneLine() {
        assertThat(Printer.pretty(Parser.parse("sum by (job) (rate(x[5m]))", ParserOptions.DEFAULT)))
                .isEqualTo("sum by (job) (rate(x[5m]))");
    }

    @Test
    void aLongBinaryExpressionPutsItsOperatorOnALineOfItsOwn() {
        String lhs = "rate(http_requests_total{job=\"api-server\",handler=\"/api/v1/query\",code=~\"5..\"}[5m])";
        String rhs = "rate(http_requests_total{job=\"api-server\",handler=\"/api/v1/query\"}[5m])";
        assertThat(Printer.pretty(Parser.parse(lhs + " / " + rhs, ParserOptions.DEFAULT))).isEqualTo(
                "  rate(http_requests_total{code=~\"5..\",handler=\"/api/v1/query\",job=\"api-server\"}[5m])\n"
                        + "/\n"
                        + "  rate(http_requests_total{handler=\"/api/v1/query\",job=\"api-server\"}[5m])");
    }
}
