package io.jthanos.query.api;

import io.jthanos.model.Matcher;
import io.jthanos.promql.parser.AggregateExpr;
import io.jthanos.promql.parser.AtModifier;
import io.jthanos.promql.parser.BinaryExpr;
import io.jthanos.promql.parser.Call;
import io.jthanos.promql.parser.DurationExpr;
import io.jthanos.promql.parser.Expr;
import io.jthanos.promql.parser.GoStrings;
import io.jthanos.promql.parser.MatrixSelector;
import io.jthanos.promql.parser.NumberLiteral;
import io.jthanos.promql.parser.ParenExpr;
import io.jthanos.promql.parser.StepInvariantExpr;
import io.jthanos.promql.parser.StringLiteral;
import io.jthanos.promql.parser.SubqueryExpr;
import io.jthanos.promql.parser.UnaryExpr;
import io.jthanos.promql.parser.ValueType;
import io.jthanos.promql.parser.VectorMatching;
import io.jthanos.promql.parser.VectorSelector;
import java.util.List;

/**
 * The syntax tree as {@code /api/v1/parse_query} returns it (Prometheus's {@code translateAST}); keys are
 * in alphabetical order because Go encodes maps sorted.
 */
final class AstJson {
    private AstJson() {
    }

    static void write(JsonWriter w, Expr e) {
        switch (e) {
            case null -> w.nullValue();
            case AggregateExpr a -> {
                w.beginObject().name("expr");
                write(w, a.expr());
                w.name("grouping");
                strings(w, a.grouping());
                w.name("op").value(a.op().toString()).name("param");
                write(w, a.param());
                w.name("type").value("aggregation").name("without").value(a.without()).endObject();
            }
            case BinaryExpr b -> {
                w.beginObject().name("bool").value(b.returnBool()).name("lhs");
                write(w, b.lhs());
                w.name("matching");
                VectorMatching m = b.matching();
                // Prometheus's parser drops the matching unless both sides are instant vectors.
                if (m == null || b.lhs().type() != ValueType.VECTOR || b.rhs().type() != ValueType.VECTOR) {
                    w.nullValue();
                } else {
                    w.beginObject().name("card").value(cardinality(m.cardinality())).name("include");
                    strings(w, m.include());
                    w.name("labels");
                    strings(w, m.matchingLabels());
                    w.name("on").value(m.on()).endObject();
                }
                w.name("op").value(b.op().toString()).name("rhs");
                write(w, b.rhs());
                w.name("type").value("binaryExpr").endObject();
            }
            case Call c -> {
                w.beginObject().name("args").beginArray();
                for (Expr arg : c.args()) {
                    write(w, arg);
                }
                w.endArray().name("func").beginObject().name("argTypes").beginArray();
                for (ValueType t : c.function().argTypes()) {
                    w.value(t.toString());
                }
                w.endArray().name("name").value(c.function().name())
                        .name("returnType").value(c.function().returnType().toString())
                        .name("variadic").value(c.function().variadic()).endObject()
                        .name("type").value("call").endObject();
            }
            case MatrixSelector m -> {
                VectorSelector vs = m.selector();
                w.beginObject().name("matchers");
                matchers(w, vs.matchers());
                w.name("name").value(vs.name()).name("offset").value(vs.offsetMillis())
                        .name("range").value(m.rangeMillis());
                startOrEnd(w, vs.at());
                w.name("timestamp");
                timestamp(w, vs.timestamp());
                w.name("type").value("matrixSelector").endObject();
            }
            case SubqueryExpr s -> {
                w.beginObject().name("expr");
                write(w, s.expr());
                w.name("offset").value(s.offsetMillis()).name("range").value(s.rangeMillis());
                startOrEnd(w, s.at());
                w.name("step").value(s.stepMillis()).name("timestamp");
                timestamp(w, s.timestamp());
                w.name("type").value("subquery").endObject();
            }
            case NumberLiteral n -> w.beginObject().name("type").value("numberLiteral")
                    .name("val").value(GoStrings.formatFloat(n.value())).endObject();
            case ParenExpr p -> {
                w.beginObject().name("expr");
                write(w, p.expr());
                w.name("type").value("parenExpr").endObject();
            }
            case StringLiteral s -> w.beginObject().name("type").value("stringLiteral").name("val").value(s.value()).endObject();
            case UnaryExpr u -> {
                w.beginObject().name("expr");
                write(w, u.expr());
                w.name("op").value(u.op().toString()).name("type").value("unaryExpr").endObject();
            }
            case VectorSelector vs -> {
                w.beginObject().name("matchers");
                matchers(w, vs.matchers());
                w.name("name").value(vs.name()).name("offset").value(vs.offsetMillis());
                startOrEnd(w, vs.at());
                w.name("timestamp");
                timestamp(w, vs.timestamp());
                w.name("type").value("vectorSelector").endObject();
            }
            case StepInvariantExpr s -> write(w, s.expr());
            case DurationExpr d -> w.beginObject().name("type").value("numberLiteral")
                    .name("val").value(d.toString()).endObject();
        }
    }

    private static void strings(JsonWriter w, List<String> values) {
        w.beginArray();
        values.forEach(w::value);
        w.endArray();
    }

    private static void matchers(JsonWriter w, List<Matcher> matchers) {
        w.beginArray();
        for (Matcher m : matchers) {
            w.beginObject().name("name").value(m.name()).name("type").value(m.type().operator())
                    .name("value").value(m.value()).endObject();
        }
        w.endArray();
    }

    private static void startOrEnd(JsonWriter w, AtModifier at) {
        w.name("startOrEnd");
        switch (at == null ? AtModifier.NONE : at) {
            case START -> w.value("start");
            case END -> w.value("end");
            case NONE -> w.nullValue();
        }
    }

    private static void timestamp(JsonWriter w, Long t) {
        if (t == null) {
            w.nullValue();
        } else {
            w.value(t);
        }
    }

    private static String cardinality(VectorMatching.Cardinality c) {
        return switch (c) {
            case ONE_TO_ONE -> "one-to-one";
            case MANY_TO_ONE -> "many-to-one";
            case ONE_TO_MANY -> "one-to-many";
            case MANY_TO_MANY -> "many-to-many";
        };
    }
}
