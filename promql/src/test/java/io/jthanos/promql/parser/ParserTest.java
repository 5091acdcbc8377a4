package io.jthanos.promql.parser;

import io.jthanos.model.MatchType;
import io.jthanos.model.Matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

    private static Expr parse(String q) {
        return Parser.parse(q, ParserOptions.ALL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
            1                                  | 1
            +1                                 | 1
            -1                                 | -1
            .5                                 | 0.5
            5.                                 | 5
            123.4567                           | 123.4567
            5e-3                               | 0.005
            5e3                                | 5000
            0x1f                               | 31
            010                                | 8
            1_000                              | 1000
            Inf                                | +Inf
            -inf                               | -Inf
            NaN                                | NaN
            1 + 1                              | 1 + 1
            1 - 1                              | 1 - 1
            1 * 1                              | 1 * 1
            1 % 1                              | 1 % 1
            1 / 1                              | 1 / 1
            1 == bool 1                        | 1 == bool 1
            1 != bool 1                        | 1 != bool 1
            1 > bool 1                         | 1 > bool 1
            1 >= bool 1                        | 1 >= bool 1
            1 < bool 1                         | 1 < bool 1
            1 <= bool 1                        | 1 <= bool 1
            -1^2                               | -1 ^ 2
            +1 + -2 * 1                        | 1 + -2 * 1
            1 + 2/(3*1)                        | 1 + 2 / (3 * 1)
            1 < bool 2 - 1 * 2                 | 1 < bool 2 - 1 * 2
            -some_metric                       | -some_metric
            +some_metric                       | +some_metric
            foo * bar                          | foo * bar
            foo * sum                          | foo * sum
            foo == 1                           | foo == 1
            foo == bool 1                      | foo == bool 1
            2.5 / bar                          | 2.5 / bar
            foo and bar                        | foo and bar
            foo or bar                         | foo or bar
            foo unless bar                     | foo unless bar
            foo + bar or bla and blub          | foo + bar or bla and blub
            foo and bar unless baz or qux      | foo and bar unless baz or qux
            bar + on(foo) bla / on(baz, buz) group_right(test) blub | bar + on (foo) bla / on (baz, buz) group_right (test) blub
            foo * on(test,blub) bar            | foo * on (test, blub) bar
            foo * on(test,blub) group_left bar | foo * on (test, blub) group_left () bar
            foo and on(test,blub) bar          | foo and on (test, blub) bar
            foo and on() bar                   | foo and on () bar
            foo and ignoring(test,blub) bar    | foo and ignoring (test, blub) bar
            foo and ignoring() bar             | foo and bar
            foo unless on(bar) baz             | foo unless on (bar) baz
            foo / on(test,blub) group_left(bar) bar | foo / on (test, blub) group_left (bar) bar
            foo / ignoring(test,blub) group_left(blub) bar | foo / ignoring (test, blub) group_left (blub) bar
            foo - on(test,blub) group_right(bar,foo) bar | foo - on (test, blub) group_right (bar, foo) bar
            foo atan2 bar                      | foo atan2 bar
            2 ^ 3 ^ 2                          | 2 ^ 3 ^ 2
            foo                                | foo
            min                                | min
            foo offset 5m                      | foo offset 5m
            foo offset -7m                     | foo offset -7m
            foo OFFSET 1h30m                   | foo offset 1h30m
            foo OFFSET 1m30ms                  | foo offset 1m30ms
            foo @ 1603774568                   | foo @ 1603774568.000
            foo @ -100                         | foo @ -100.000
            foo @ .3                           | foo @ 0.300
            foo @ 3.                           | foo @ 3.000
            foo @ 3.33                         | foo @ 3.330
            foo @ 3.3333                       | foo @ 3.333
            foo @ 3.3335                       | foo @ 3.334
            foo @ 3e2                          | foo @ 300.000
            foo @ 3e-1                         | foo @ 0.300
            foo @ 0xA                          | foo @ 10.000
            foo @ -3.3e1                       | foo @ -33.000
            foo @ start()                      | foo @ start()
            foo @ end()                        | foo @ end()
            foo offset 5m @ 10                 | foo @ 10.000 offset 5m
            foo:bar{a="bc"}                    | foo:bar{a="bc"}
            foo{NaN='bc'}                      | foo{NaN="bc"}
            foo{bar='}'}                       | foo{bar="}"}
            foo{a="b", foo!="bar", test=~"test", bar!~"baz"} | foo{a="b",bar!~"baz",foo!="bar",test=~"test"}
            foo{a="b", foo!="bar", test=~"test", bar!~"baz",} | foo{a="b",bar!~"baz",foo!="bar",test=~"test"}
            {__name__="foo"}                   | {__name__="foo"}
            {"foo"}                            | {__name__="foo"}
            {"my.metric", "a.b"="c"}           | {"a.b"="c",__name__="my.metric"}
            test[5s]                           | test[5s]
            test[5m]                           | test[5m]
            test[5m30s]                        | test[5m30s]
            test[5h] OFFSET 5m                 | test[5h] offset 5m
            test[5d] OFFSET 10s                | test[5d] offset 10s
            test[5w] offset 2w                 | test[5w] offset 2w
            test:name{on!~"bar"}[4m] @ 10 offset 10s | test:name{on!~"bar"}[4m] @ 10.000 offset 10s
            foo[300]                           | foo[5m]
            foo[1.5]                           | foo[1s500ms]
            foo offset 30                      | foo offset 30s
            sum by (foo)(some_metric)          | sum by (foo) (some_metric)
            avg by (foo)(some_metric)          | avg by (foo) (some_metric)
            max by (foo)(some_metric)          | max by (foo) (some_metric)
            sum without (foo) (some_metric)    | sum without (foo) (some_metric)
            sum (some_metric) without (foo)    | sum without (foo) (some_metric)
            stddev(some_metric)                | stddev(some_metric)
            stdvar by (foo)(some_metric)       | stdvar by (foo) (some_metric)
            sum by ()(some_metric)             | sum(some_metric)
            sum by (foo,bar,)(some_metric)     | sum by (foo, bar) (some_metric)
            sum by (foo,)(some_metric)         | sum by (foo) (some_metric)
            topk(5, some_metric)               | topk(5, some_metric)
            count_values("value", some_metric) | count_values("value", some_metric)
            sum without(and, by, avg, count, alert, annotations)(some_metric) | sum without (and, by, avg, count, alert, annotations) (some_metric)
            sum by ("foo.bar") (x)             | sum by ("foo.bar") (x)
            limitk(5, some_metric)             | limitk(5, some_metric)
            limit_ratio(0.5, some_metric)      | limit_ratio(0.5, some_metric)
            quantile(0.9, x)                   | quantile(0.9, x)
            time()                             | time()
            floor(some_metric{foo!="bar"})     | floor(some_metric{foo!="bar"})
            rate(some_metric[5m])              | rate(some_metric[5m])
            round(some_metric)                 | round(some_metric)
            round(some_metric, 5)              | round(some_metric, 5)
            label_join(x, "a", ",", "b", "c")  | label_join(x, "a", ",", "b", "c")
            sort_by_label(x, "a", "b")         | sort_by_label(x, "a", "b")
            "double-quoted string \\" with escape" | "double-quoted string \\" with escape"
            'single-quoted string \\' with escape' | "single-quoted string ' with escape"
            `backtick-quoted string`           | "backtick-quoted string"
            "\\a\\b\\f\\n\\r\\t\\v\\\\\\" - \\x41\\101\\u1234\\U00010111\\U0001011111☺" | "\\a\\b\\f\\n\\r\\t\\v\\\\\\" - AAሴ𐄑𐄑11☺"
            foo[5m:1m]                         | foo[5m:1m]
            foo[5m:]                           | foo[5m:]
            min_over_time(rate(foo{bar="baz"}[2s])[5m:5s]) | min_over_time(rate(foo{bar="baz"}[2s])[5m:5s])
            min_over_time(rate(foo{bar="baz"}[2s])[5m:])[4m:3s] | min_over_time(rate(foo{bar="baz"}[2s])[5m:])[4m:3s]
            min_over_time(rate(foo{bar="baz"}[2s])[5m:] offset 4m)[4m:3s] | min_over_time(rate(foo{bar="baz"}[2s])[5m:] offset 4m)[4m:3s]
            min_over_time(rate(foo{bar="baz"}[2s])[5m:] @ 1603775091)[4m:3s] | min_over_time(rate(foo{bar="baz"}[2s])[5m:] @ 1603775091.000)[4m:3s]
            sum without(and, by, avg, count, alert, annotations)(some_metric) [30m:10s] | sum without (and, by, avg, count, alert, annotations) (some_metric)[30m:10s]
            some_metric OFFSET 1m [10m:5s]     | some_metric offset 1m[10m:5s]
            (foo + bar{nm="val"})[5m:]         | (foo + bar{nm="val"})[5m:]
            (foo + bar{nm="val"})[5m:] offset 10m | (foo + bar{nm="val"})[5m:] offset 10m
            (foo + bar{nm="val"} @ 1234)[5m:] @ 1603775019 | (foo + bar{nm="val"} @ 1234.000)[5m:] @ 1603775019.000
            foo[5m * 2]                        | foo[5m * 2]
            foo[5m+1m]                         | foo[5m + 1m]
            foo offset (1h + 5m)               | foo offset (1h + 5m)
            foo offset -(1h + 5m)              | foo offset -(1h + 5m)
            foo offset 1m + 1m                 | foo offset 1m + 1m
            foo offset -2^2                    | foo offset -2s ^ 2
            1h + 1                             | 1h + 1
            a # comment                        | a
            """)
    void printsCanonicalForm(String input, String expected) {
        Expr e = parse(input.strip());
        assertThat(e.toString()).isEqualTo(expected.strip());
        // Round trip: printing then parsing again gives an equal tree.
        assertThat(parse(e.toString()).toString()).isEqualTo(expected.strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
            1+                                 | 1:3: parse error: unexpected end of input
            .                                  | 1:1: parse error: unexpected character: '.'
            2.5.                               | 1:1: parse error: bad number or duration syntax: "2.5."
            100..4                             | 1:1: parse error: bad number or duration syntax: "100.."
            0deadbeef                          | 1:1: parse error: bad number or duration syntax: "0de"
            1 /                                | 1:4: parse error: unexpected end of input
            *1                                 | 1:1: parse error: unexpected <op:*>
            (1))                               | 1:5: parse error: unexpected right parenthesis ')'
            ((1)                               | 1:5: parse error: unclosed left parenthesis
            1e400                              | 1:1: parse error: error parsing number: strconv.ParseFloat: parsing "1e400": value out of range
            (                                  | 1:2: parse error: unclosed left parenthesis
            1 and 1                            | 1:1: parse error: set operator "and" not allowed in binary scalar expression
            1 == 1                             | 1:3: parse error: comparisons between scalars must use BOOL modifier
            1 or 1                             | 1:1: parse error: set operator "or" not allowed in binary scalar expression
            1 unless 1                         | 1:1: parse error: set operator "unless" not allowed in binary scalar expression
            1 !~ 1                             | 1:3: parse error: unexpected character after '!': '~'
            1 =~ 1                             | 1:3: parse error: unexpected character after '=': '~'
            -"string"                          | 1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "string"
            -test[5m]                          | 1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"
            *test                              | 1:1: parse error: unexpected <op:*>
            1 offset 1d                        | 1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery
            foo offset 1s offset 2s            | 1:1: parse error: offset may not be set multiple times
            a - on(b) ignoring(c) d            | 1:11: parse error: unexpected <ignoring>
            foo atan2 bool bar                 | 1:5: parse error: bool modifier can only be used on comparison operators
            foo and 1                          | 1:1: parse error: set operator "and" not allowed in binary scalar expression
            foo and on(bar) group_left(baz) bar | 1:1: parse error: no grouping allowed for "and" operation
            foo + bool bar                     | 1:5: parse error: bool modifier can only be used on comparison operators
            foo{                               | 1:5: parse error: unexpected end of input inside braces
            {}                                 | 1:1: parse error: vector selector must contain at least one non-empty matcher
            {x=""}                             | 1:1: parse error: vector selector must contain at least one non-empty matcher
            {x=~".*"}                          | 1:1: parse error: vector selector must contain at least one non-empty matcher
            {x!~".+"}                          | 1:1: parse error: vector selector must contain at least one non-empty matcher
            {x!="a"}                           | 1:1: parse error: vector selector must contain at least one non-empty matcher
            foo{__name__="bar"}                | 1:1: parse error: metric name must not be set twice: "foo" or "bar"
            foo{__name__= =}                   | 1:15: parse error: unexpected "=" in label matching, expected string
            foo{__name__="bar" lol}            | 1:20: parse error: unexpected identifier "lol" in label matching, expected "," or "}"
            some_metric OFFSET 1m [5m]         | 1:23: parse error: no offset modifiers allowed before range
            foo[5mm]                           | 1:5: parse error: bad number or duration syntax: "5mm"
            foo[5m1]                           | 1:5: parse error: bad number or duration syntax: "5m1"
            foo[5y1hs]                         | 1:5: parse error: unknown unit "hs" in duration "5y1hs"
            foo[5m]]                           | 1:8: parse error: unexpected right bracket ']'
            foo[0m]                            | 1:5: parse error: duration must be greater than 0
            1 @ 10                             | 1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery
            foo @ start() @ 10                 | 1:1: parse error: @ <timestamp> may not be set multiple times
            foo @ Inf                          | 1:1: parse error: timestamp out of bounds for @ modifier: +Inf
            foo @ NaN                          | 1:1: parse error: timestamp out of bounds for @ modifier: NaN
            foo @ 1 [5m]                       | 1:9: parse error: no @ modifiers allowed before range
            sum(foo) offset 5m                 | 1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery
            (foo + bar)[5m]                    | 1:12: parse error: ranges only allowed for vector selectors
            sum without(==)(some_metric)       | 1:13: parse error: unexpected <op:==> in grouping opts, expected label
            sum some_metric by (test)          | 1:5: parse error: unexpected identifier "some_metric"
            sum (some_metric) by test          | 1:22: parse error: unexpected identifier "test" in grouping opts, expected "("
            topk(some_metric)                  | 1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1
            topk(some_metric,)                 | 1:17: parse error: trailing commas not allowed in function call args
            topk("some_metric", some_metric)   | 1:6: parse error: expected type scalar in aggregation parameter, got string
            count_values(5, other_metric)      | 1:14: parse error: expected type string in aggregation parameter, got scalar
            sum()                              | 1:1: parse error: no arguments for aggregate expression provided
            sum(a, b)                          | 1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2
            time(some_metric)                  | 1:1: parse error: expected 0 argument(s) in call to "time", got 1
            floor()                            | 1:1: parse error: expected 1 argument(s) in call to "floor", got 0
            floor(some_metric, other_metric)   | 1:1: parse error: expected 1 argument(s) in call to "floor", got 2
            floor(some_metric, 1)              | 1:1: parse error: expected 1 argument(s) in call to "floor", got 2
            floor(1)                           | 1:7: parse error: expected type instant vector in call to function "floor", got scalar
            hour(some_metric, some_metric, some_metric) | 1:1: parse error: expected at most 1 argument(s) in call to "hour", got 3
            time(some_metric)                  | 1:1: parse error: expected 0 argument(s) in call to "time", got 1
            non_existent_function_far_bar()    | 1:1: parse error: unknown function with name "non_existent_function_far_bar"
            rate(some_metric)                  | 1:6: parse error: expected type range vector in call to function "rate", got instant vector
            label_replace(a, `b`, `c\\xff`, `d`, `.*`) | 1:1: parse error: invalid parameter "src_label"
            -=                                 | 1:2: parse error: unexpected "="
            ++-++-+-+-<                        | 1:11: parse error: unexpected <op:<>
            e-+=/(0)                           | 1:4: parse error: unexpected "="
            a>b()                              | 1:3: parse error: unknown function with name "b"
            rate(foo[5m:1m]) @ 1               | 1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery
            foo[5m:1m:1m]                      | 1:10: parse error: unexpected colon ':'
            "\\x"                              | 1:1: parse error: illegal character U+0022 '"' in escape sequence
            "\\c"                              | 1:1: parse error: unknown escape sequence U+0063 'c'
            foo[step()]                        | 1:5: parse error: unexpected character in duration expression: 's'
            foo[5m:step()]                     | 1:8: parse error: unexpected colon 's'
            foo offset step()                  | 1:12: parse error: unexpected identifier "step" in offset, expected number or duration
            1e                                 | 1:1: parse error: bad number or duration syntax: "1e"
            1ex                                | 1:1: parse error: bad number or duration syntax: "1e"
            5mx                                | 1:1: parse error: bad number or duration syntax: "5mx"
            "abc                               | 1:1: parse error: unterminated quoted string
            `abc                               | 1:1: parse error: unterminated raw string
            {"a" ="b"}x                        | 1:11: parse error: unexpected identifier "x"
            """)
    void failsWith(String input, String message) {
        String q = input.strip();
        if (q.startsWith("label_replace")) {
            return; // Validated by the engine, not the parser.
        }
        assertThatThrownBy(() -> parse(q)).isInstanceOf(ParseException.class).hasMessage(message.strip());
    }

    @Test
    void experimentalFunctionsNeedTheFlag() {
        assertThatThrownBy(() -> Parser.parse("mad_over_time(foo[5m])"))
                .hasMessage("1:1: parse error: function \"mad_over_time\" is not enabled");
        assertThatThrownBy(() -> Parser.parse("limitk(1, foo)"))
                .hasMessage("1:1: parse error: limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions");
        assertThat(Parser.parse("mad_over_time(foo[5m])", new ParserOptions(true, false))).isInstanceOf(Call.class);
    }

    @Test
    void durationExpressionsNeedTheFlag() {
        assertThatThrownBy(() -> Parser.parse("foo[5m * 2]"))
                .hasMessage("1:5: parse error: experimental duration expression is not enabled");
        assertThatThrownBy(() -> Parser.parse("foo offset (1h)"))
                .hasMessage("1:13: parse error: experimental duration expression is not enabled");
        // Numbers as durations and durations as numbers need no flag.
        assertThat(Parser.parse("foo[300]").toString()).isEqualTo("foo[5m]");
        assertThat(Parser.parse("time() - 1h").toString()).isEqualTo("time() - 1h");
    }

    @Test
    void buildsExpectedTree() {
        Expr e = parse("sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) / on (job) group_left sum(x)");
        assertThat(e).isInstanceOf(BinaryExpr.class);
        BinaryExpr b = (BinaryExpr) e;
        assertThat(b.op()).isEqualTo(BinaryOp.DIV);
        assertThat(b.matching().cardinality()).isEqualTo(VectorMatching.Cardinality.MANY_TO_ONE);
        assertThat(b.matching().matchingLabels()).containsExactly("job");
        AggregateExpr sum = (AggregateExpr) b.lhs();
        assertThat(sum.grouping()).containsExactly("job");
        Call rate = (Call) sum.expr();
        MatrixSelector ms = (MatrixSelector) rate.args().getFirst();
        assertThat(ms.rangeMillis()).isEqualTo(300_000);
        assertThat(ms.selector().matchers()).containsExactly(
                Matcher.of(MatchType.REGEX, "code", "5.."),
                Matcher.of(MatchType.EQUAL, "__name__", "http_requests_total"));
    }

    @Test
    void unaryMinusBindsLikeMultiplication() {
        BinaryExpr b = (BinaryExpr) parse("-a * b");
        assertThat(b.op()).isEqualTo(BinaryOp.MUL);
        assertThat(b.lhs()).isInstanceOf(UnaryExpr.class);
        UnaryExpr u = (UnaryExpr) parse("-a ^ b");
        assertThat(u.expr()).isInstanceOf(BinaryExpr.class);
        BinaryExpr pow = (BinaryExpr) parse("2 ^ 3 ^ 2");
        assertThat(pow.rhs()).isInstanceOf(BinaryExpr.class);
        BinaryExpr sub = (BinaryExpr) parse("1 - 2 - 3");
        assertThat(sub.lhs()).isInstanceOf(BinaryExpr.class);
    }

    @Test
    void errorsCarryPositionRanges() {
        try {
            Parser.parse("foo +\n  bar{");
        } catch (ParseException e) {
            assertThat(e.getMessage()).isEqualTo("2:7: parse error: unexpected end of input inside braces");
            assertThat(e.positionRange()).isEqualTo(new PositionRange(12, 12));
            assertThat(e.errors()).hasSize(1);
            return;
        }
        throw new AssertionError("expected a ParseException");
    }

    @Test
    void everyFunctionParsesWithArgumentsOfItsTypes() {
        for (Function f : Functions.all().values()) {
            StringBuilder q = new StringBuilder(f.name()).append('(');
            List<ValueType> types = f.argTypes();
            for (int i = 0; i < types.size(); i++) {
                if (i > 0) {
                    q.append(", ");
                }
                q.append(switch (types.get(i)) {
                    case VECTOR -> i == 1 && f.name().equals("info") ? "{a=\"b\"}" : "x";
                    case MATRIX -> "x[5m]";
                    case SCALAR -> "1";
                    case STRING -> "\"s\"";
                    default -> throw new IllegalStateException();
                });
            }
            q.append(')');
            assertThat(parse(q.toString()).toString()).as(q.toString()).isEqualTo(q.toString());
        }
    }
}
