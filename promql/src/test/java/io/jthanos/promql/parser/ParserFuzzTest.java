package io.jthanos.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Randomised robustness test: generated queries, and mutations of them, either parse or fail with
 * {@link ParseException}; nothing else escapes, every valid tree round-trips through the printer, and
 * the parser consumes each token once (linear work, no backtracking).
 */
class ParserFuzzTest {

    private static final List<String> FRAGMENTS = List.of("foo", "bar{a=\"b\"}", "{\"x.y\"}", "1", "0x1f", "2.5e3",
            "Inf", "NaN", "5m", "\"s\"", "`raw`", "'q'", "(", ")", "[", "]", "{", "}", ",", ":", "+", "-", "*", "/", "%",
            "^", "==", "!=", ">", "<", ">=", "<=", "=~", "!~", "=", "and", "or", "unless", "atan2", "bool", "on", "ignoring",
            "group_left", "group_right", "by", "without", "offset", "@", "start()", "end()", "step()", "sum", "topk",
            "count_values", "quantile", "rate", "histogram_quantile", "label_replace", "[5m]", "[5m:1m]", "#c\n", " ",
            "\\", "\"\\u12", "1h30m", "_", "x:y", "\u00e9", "\n");

    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void randomTokenSoupOnlyEverThrowsParseException() {
        for (int i = 0; i < 20_000; i++) {
            StringBuilder q = new StringBuilder();
            int n = 1 + random.nextInt(12);
            for (int k = 0; k < n; k++) {
                q.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
                if (random.nextBoolean()) {
                    q.append(' ');
                }
            }
            check(q.toString());
        }
    }

    @Test
    void generatedQueriesRoundTripAndMutationsFailCleanly() {
        int valid = 0;
        for (int i = 0; i < 5_000; i++) {
            String q = generate(4);
            Expr e = check(q);
            if (e != null) {
                valid++;
                String printed = e.toString();
                Expr again = Parser.parse(printed, ParserOptions.ALL);
                assertThat(again.toString()).as(q).isEqualTo(printed);
            }
            for (int m = 0; m < 5; m++) {
                check(mutate(q));
            }
        }
        assertThat(valid).as("generator must mostly produce valid queries").isGreaterThan(2_500);
    }

    @Test
    void workIsLinearInInputLength() {
        for (String unit : List.of("a + ", "-", "(", "sum(", "foo{a=\"b\",", "x[5m:1m] offset 1m + ", "1 ^ ")) {
            for (int reps : new int[] {10, 100, 900}) {
                String q = unit.repeat(reps) + "1";
                int steps = Parser.countSteps(q, ParserOptions.ALL);
                assertThat(steps).as(q.length() + " chars").isLessThanOrEqualTo(q.length() + 2);
                check(q);
            }
        }
    }

    @Test
    void deepNestingFailsCleanly() {
        String q = "(".repeat(100_000) + "1" + ")".repeat(100_000);
        check(q);
        String minus = "-".repeat(100_000) + "1";
        check(minus);
    }

    private Expr check(String q) {
        try {
            return Parser.parse(q, ParserOptions.ALL);
        } catch (ParseException e) {
            assertThat(e.getMessage()).contains("parse error: ");
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            fail("parser threw " + e + " for input: " + q, e);
            return null;
        }
    }

    private String mutate(String q) {
        StringBuilder b = new StringBuilder(q);
        int ops = 1 + random.nextInt(3);
        for (int i = 0; i < ops; i++) {
            int pos = b.isEmpty() ? 0 : random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (!b.isEmpty()) {
                        b.deleteCharAt(pos);
                    }
                }
                case 1 -> b.insert(pos, FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
                case 2 -> b.insert(pos, (char) (32 + random.nextInt(95)));
                default -> {
                    if (!b.isEmpty()) {
                        b.setCharAt(pos, (char) (32 + random.nextInt(95)));
                    }
                }
            }
        }
        return b.toString();
    }

    private String generate(int depth) {
        int choice = depth <= 0 ? random.nextInt(3) : random.nextInt(12);
        return switch (choice) {
            case 0 -> selector();
            case 1 -> Integer.toString(random.nextInt(100));
            case 2 -> selector() + " offset " + (1 + random.nextInt(9)) + "m";
            case 3 -> generate(depth - 1) + " " + pick("+", "-", "*", "/", "%", "^", "atan2", "> bool", "== bool") + " "
                    + generate(depth - 1);
            case 4 -> vec(depth) + " " + pick("and", "or", "unless", "+ on(a)", "/ ignoring(b) group_left(c)", "> ") + " "
                    + vec(depth);
            case 5 -> pick("sum", "avg", "max", "min", "count", "stddev", "group") + pick(" by (a)", " without (b)", "")
                    + "(" + vec(depth) + ")";
            case 6 -> pick("topk", "bottomk", "quantile", "limitk") + "(" + random.nextInt(5) + ", " + vec(depth) + ")";
            case 7 -> pick("rate", "increase", "delta", "max_over_time", "changes") + "(" + selector() + "["
                    + (1 + random.nextInt(10)) + "m])";
            case 8 -> pick("abs", "ceil", "sort", "timestamp", "-") + "(" + vec(depth) + ")";
            case 9 -> "(" + generate(depth - 1) + ")";
            case 10 -> "max_over_time((" + vec(depth) + ")[10m:1m])";
            default -> selector() + " @ " + random.nextInt(10_000);
        };
    }

    private String vec(int depth) {
        return random.nextBoolean() ? selector() : "rate(" + selector() + "[5m])";
    }

    private String selector() {
        String name = pick("foo", "bar", "http_requests_total", "x:y:z", "sum", "on");
        return switch (random.nextInt(4)) {
            case 0 -> name;
            case 1 -> name + "{a=\"1\"}";
            case 2 -> "{__name__=\"" + name + "\", b!~\"c.*\"}";
            default -> "{\"" + name + ".utf8\", \"l.x\"=\"v\"}";
        };
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }
}
