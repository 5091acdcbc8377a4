package io.jthanos.promql.parser;

import io.jthanos.model.Labels;
import io.jthanos.model.MatchType;
import io.jthanos.model.Matcher;
import io.jthanos.model.ModelDuration;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent PromQL parser with precedence climbing for binary operators, following the
 * grammar of Prometheus 3.5 ({@code promql/parser/generated_parser.y}): operator precedence
 * {@code or < and,unless < comparisons < +,- < *,/,%,atan2 < ^} (only {@code ^} right-associative),
 * unary minus binding like {@code *}, and {@code offset}, {@code @} and {@code [...]} binding to the
 * operand immediately before them.
 *
 * <p>Like Prometheus it collects semantic errors while parsing, stops at the first syntax error,
 * type-checks only a syntactically valid tree, and reports the first error.
 */
public final class Parser {

    private static final String OFFSET_EXPECTED = "number or duration";

    /** Thrown internally to stop at a syntax error that was already recorded. */
    private static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abort() {
            super(null, null, false, false);
        }
    }

    private final Lexer lexer;
    private final String input;
    private final ParserOptions options;
    private final List<ParseException.Error> errors = new ArrayList<>();
    private Token tok;
    private int lastClosing;
    private int depth;
    private int steps;

    /** Nesting limit that keeps parsing, checking and printing well within a thread's stack. */
    static final int MAX_DEPTH = 1000;

    private Parser(String input, ParserOptions options) {
        this.input = input;
        this.lexer = new Lexer(input);
        this.options = options;
    }

    /** Parses with default options (no experimental features). */
    public static Expr parse(String input) {
        return parse(input, ParserOptions.DEFAULT);
    }

    /**
     * Parses and type-checks a PromQL expression.
     *
     * @throws ParseException if the input is not a valid expression
     */
    public static Expr parse(String input, ParserOptions options) {
        return new Parser(input, options).parseTop();
    }

    /** Parses and returns the number of tokens consumed (for tests asserting linear work). */
    static int countSteps(String input, ParserOptions options) {
        Parser p = new Parser(input, options);
        try {
            p.parseTop();
        } catch (ParseException ignored) {
            // Only the work done matters here.
        }
        return p.steps;
    }

    private Expr parseTop() {
        Expr result = null;
        try {
            advance();
            if (tok.type() == TokenType.EOF) {
                error(PositionRange.NONE, "no expression found in input");
            } else {
                result = expr(0);
                if (tok.type() != TokenType.EOF) {
                    throw unexpected("", "");
                }
            }
        } catch (Abort ignored) {
            // The error is recorded.
        } catch (StackOverflowError e) {
            errors.add(new ParseException.Error(new PositionRange(0, input.length()), "expression nested too deeply"));
        }
        if (errors.isEmpty()) {
            new TypeChecker(errors, input).check(result);
        }
        if (!errors.isEmpty()) {
            throw new ParseException(input, errors);
        }
        return result;
    }

    // ---- tokens ----

    private Token advance() {
        steps++;
        Token previous = tok;
        try {
            tok = lexer.next();
        } catch (Lexer.LexException e) {
            errors.add(new ParseException.Error(new PositionRange(e.pos, input.length()), e.getMessage()));
            throw new Abort();
        }
        if (previous != null) {
            switch (previous.type()) {
                case RIGHT_BRACE, RIGHT_PAREN, RIGHT_BRACKET, DURATION, NUMBER -> lastClosing = previous.end();
                default -> {
                }
            }
        }
        return previous;
    }

    private Token expect(TokenType type, String context, String expected) {
        if (tok.type() != type) {
            throw unexpected(context, expected);
        }
        return advance();
    }

    private Abort unexpected(String context, String expected) {
        StringBuilder m = new StringBuilder("unexpected ").append(tok.describe());
        if (!context.isEmpty()) {
            m.append(" in ").append(context);
        }
        if (!expected.isEmpty()) {
            m.append(", expected ").append(expected);
        }
        errors.add(new ParseException.Error(tok.range(), m.toString()));
        return new Abort();
    }

    private void error(PositionRange range, String message) {
        errors.add(new ParseException.Error(range, message));
    }

    // ---- expressions ----

    private Expr expr(int minPrecedence) {
        if (++depth > MAX_DEPTH) {
            error(tok.range(), "expression nested too deeply");
            throw new Abort();
        }
        try {
            return binary(minPrecedence);
        } finally {
            depth--;
        }
    }

    private Expr binary(int minPrecedence) {
        Expr lhs = unary();
        while (true) {
            BinaryOp op = BinaryOp.of(tok.type());
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            advance();
            boolean returnBool = false;
            if (tok.type() == TokenType.BOOL) {
                advance();
                returnBool = true;
            }
            VectorMatching matching = VectorMatching.oneToOne();
            if (tok.type() == TokenType.ON || tok.type() == TokenType.IGNORING) {
                boolean on = advance().type() == TokenType.ON;
                List<String> labels = groupingLabels();
                VectorMatching.Cardinality card = VectorMatching.Cardinality.ONE_TO_ONE;
                List<String> include = List.of();
                if (tok.type() == TokenType.GROUP_LEFT || tok.type() == TokenType.GROUP_RIGHT) {
                    card = advance().type() == TokenType.GROUP_LEFT
                            ? VectorMatching.Cardinality.MANY_TO_ONE : VectorMatching.Cardinality.ONE_TO_MANY;
                    if (tok.type() == TokenType.LEFT_PAREN) {
                        include = groupingLabels();
                    }
                }
                matching = new VectorMatching(card, labels, on, include);
            }
            if (op.isSetOperator() && matching.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE) {
                matching = matching.withCardinality(VectorMatching.Cardinality.MANY_TO_MANY);
            }
            Expr rhs = expr(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
            lhs = new BinaryExpr(op, lhs, rhs, matching, returnBool);
        }
    }

    private Expr unary() {
        if (tok.type() == TokenType.ADD || tok.type() == TokenType.SUB) {
            Token op = advance();
            Expr operand = expr(BinaryOp.POW.precedence());
            if (operand instanceof NumberLiteral n) {
                double v = op.type() == TokenType.SUB ? -n.value() : n.value();
                return new NumberLiteral(v, n.duration(), new PositionRange(op.pos(), n.positionRange().end()));
            }
            return new UnaryExpr(op.type() == TokenType.SUB ? BinaryOp.SUB : BinaryOp.ADD, operand, op.pos());
        }
        return postfix(primary());
    }

    private Expr primary() {
        Token t = tok;
        switch (t.type()) {
            case NUMBER -> {
                advance();
                return new NumberLiteral(number(t), false, t.range());
            }
            case DURATION -> {
                advance();
                return new NumberLiteral(durationSeconds(t), true, t.range());
            }
            case STRING -> {
                advance();
                return new StringLiteral(unquote(t), t.range());
            }
            case LEFT_PAREN -> {
                advance();
                Expr inner = expr(0);
                Token close = expect(TokenType.RIGHT_PAREN, "", "");
                return new ParenExpr(inner, new PositionRange(t.pos(), close.end()));
            }
            case LEFT_BRACE -> {
                return selector(null);
            }
            case IDENTIFIER -> {
                advance();
                if (tok.type() == TokenType.LEFT_PAREN) {
                    return call(t);
                }
                return selector(t);
            }
            default -> {
                if (t.type().isAggregator()) {
                    advance();
                    if (tok.type() == TokenType.LEFT_PAREN || tok.type() == TokenType.BY || tok.type() == TokenType.WITHOUT) {
                        return aggregation(t);
                    }
                    return selector(t);
                }
                if (t.type().isMetricIdentifier()) {
                    advance();
                    return selector(t);
                }
                throw unexpected("", "");
            }
        }
    }

    private Expr postfix(Expr e) {
        while (true) {
            switch (tok.type()) {
                case LEFT_BRACKET -> e = rangeOrSubquery(e);
                case OFFSET -> e = offset(e);
                case AT -> e = at(e);
                default -> {
                    return e;
                }
            }
        }
    }

    // ---- selectors ----

    private Expr selector(Token nameToken) {
        List<Matcher> matchers = new ArrayList<>();
        int start = nameToken != null ? nameToken.pos() : tok.pos();
        int end = nameToken != null ? nameToken.end() : tok.end();
        if (tok.type() == TokenType.LEFT_BRACE) {
            advance();
            end = labelMatchers(matchers);
        }
        String name = "";
        if (nameToken != null) {
            name = nameToken.text();
            matchers.add(Matcher.of(MatchType.EQUAL, Labels.METRIC_NAME, name));
        }
        return new VectorSelector(name, matchers, 0, null, null, AtModifier.NONE, new PositionRange(start, end));
    }

    /** Parses matchers after {@code {} up to and including the closing brace; returns the end offset. */
    private int labelMatchers(List<Matcher> out) {
        while (true) {
            if (tok.type() == TokenType.RIGHT_BRACE) {
                return advance().end();
            }
            Token label = tok;
            String labelName;
            if (label.type() == TokenType.IDENTIFIER) {
                advance();
                labelName = label.text();
                if (!isMatchOp(tok.type())) {
                    throw unexpected("label matching", "label matching operator");
                }
            } else if (label.type() == TokenType.STRING) {
                advance();
                labelName = unquote(label);
                if (!isMatchOp(tok.type())) {
                    out.add(Matcher.of(MatchType.EQUAL, Labels.METRIC_NAME, labelName));
                    labelName = null;
                }
            } else {
                throw unexpected("label matching", "identifier or \"}\"");
            }
            if (labelName != null) {
                Token op = advance();
                Token value = expect(TokenType.STRING, "label matching", "string");
                MatchType type = switch (op.type()) {
                    case EQL -> MatchType.EQUAL;
                    case NEQ -> MatchType.NOT_EQUAL;
                    case EQL_REGEX -> MatchType.REGEX;
                    default -> MatchType.NOT_REGEX;
                };
                String text = unquote(value);
                try {
                    out.add(Matcher.of(type, labelName, text));
                } catch (IllegalArgumentException e) {
                    error(label.range().merge(value.range()), regexError(text, e));
                }
            }
            if (tok.type() == TokenType.COMMA) {
                advance();
            } else if (tok.type() != TokenType.RIGHT_BRACE) {
                throw unexpected("label matching", "\",\" or \"}\"");
            }
        }
    }

    private static boolean isMatchOp(TokenType t) {
        return t == TokenType.EQL || t == TokenType.NEQ || t == TokenType.EQL_REGEX || t == TokenType.NEQ_REGEX;
    }

    // ---- calls and aggregations ----

    private Expr call(Token name) {
        Function f = Functions.get(name.text());
        if (f == null) {
            error(name.range(), "unknown function with name " + GoStrings.quote(name.text()));
        } else if (f.experimental() && !options.experimentalFunctions()) {
            error(name.range(), "function " + GoStrings.quote(name.text()) + " is not enabled");
        }
        List<Expr> args = callBody();
        if (f == null) {
            f = new Function(name.text(), List.of(), 0, ValueType.NONE, false);
        }
        return new Call(f, args, new PositionRange(name.pos(), lastClosing));
    }

    private List<Expr> callBody() {
        expect(TokenType.LEFT_PAREN, "", "");
        List<Expr> args = new ArrayList<>();
        if (tok.type() == TokenType.RIGHT_PAREN) {
            advance();
            return args;
        }
        while (true) {
            args.add(expr(0));
            if (tok.type() == TokenType.COMMA) {
                Token comma = advance();
                if (tok.type() == TokenType.RIGHT_PAREN) {
                    error(comma.range(), "trailing commas not allowed in function call args");
                    advance();
                    return args;
                }
            } else if (tok.type() == TokenType.RIGHT_PAREN) {
                advance();
                return args;
            } else {
                throw unexpected("", "");
            }
        }
    }

    private Expr aggregation(Token opToken) {
        AggregateOp op = AggregateOp.of(opToken.type());
        List<String> grouping = null;
        boolean without = false;
        if (tok.type() == TokenType.BY || tok.type() == TokenType.WITHOUT) {
            without = advance().type() == TokenType.WITHOUT;
            grouping = groupingLabels();
        }
        if (tok.type() != TokenType.LEFT_PAREN) {
            throw unexpected("aggregation", "");
        }
        List<Expr> args = callBody();
        int end = lastClosing;
        if (grouping == null && (tok.type() == TokenType.BY || tok.type() == TokenType.WITHOUT)) {
            without = advance().type() == TokenType.WITHOUT;
            grouping = groupingLabels();
            end = lastClosing;
        }
        PositionRange range = new PositionRange(opToken.pos(), end);
        Expr param = null;
        Expr inner = null;
        if (args.isEmpty()) {
            error(range, "no arguments for aggregate expression provided");
        } else {
            int desired = 1;
            if (op.hasParam()) {
                if (op.isExperimental() && !options.experimentalFunctions()) {
                    error(range, op + "() is experimental and must be enabled with --enable-feature=promql-experimental-functions");
                }
                desired = 2;
                param = args.getFirst();
            }
            if (args.size() != desired) {
                error(range, "wrong number of arguments for aggregate expression provided, expected " + desired
                        + ", got " + args.size());
            } else {
                inner = args.get(desired - 1);
            }
        }
        if (inner == null) {
            inner = args.isEmpty() ? new NumberLiteral(0, false, range) : args.getLast();
        }
        return new AggregateExpr(op, inner, param, grouping == null ? List.of() : grouping, without, range);
    }

    private List<String> groupingLabels() {
        expect(TokenType.LEFT_PAREN, "grouping opts", "\"(\"");
        List<String> labels = new ArrayList<>();
        while (true) {
            if (tok.type() == TokenType.RIGHT_PAREN) {
                advance();
                return labels;
            }
            Token t = tok;
            if (t.type().isLabelLike()) {
                advance();
                labels.add(t.text());
            } else if (t.type() == TokenType.STRING) {
                advance();
                String s = unquote(t);
                if (!GoStrings.isValidLabelName(s)) {
                    error(t.range(), "invalid label name for grouping: " + GoStrings.quote(s));
                }
                labels.add(s);
            } else {
                throw unexpected("grouping opts", "label");
            }
            if (tok.type() == TokenType.COMMA) {
                advance();
            } else if (tok.type() != TokenType.RIGHT_PAREN) {
                throw unexpected("grouping opts", "\",\" or \")\"");
            }
        }
    }

    // ---- modifiers ----

    private Expr rangeOrSubquery(Expr e) {
        Token open = advance();
        if (!startsDuration(tok.type())) {
            throw unexpected("subquery selector", OFFSET_EXPECTED);
        }
        Expr range = positiveDuration(durationExpr(0));
        if (tok.type() == TokenType.RIGHT_BRACKET) {
            Token close = advance();
            PositionRange errRange = new PositionRange(open.pos(), close.end());
            if (!(e instanceof VectorSelector vs)) {
                error(errRange, "ranges only allowed for vector selectors");
                return e;
            }
            if (vs.offsetMillis() != 0) {
                error(errRange, "no offset modifiers allowed before range");
            } else if (vs.timestamp() != null) {
                error(errRange, "no @ modifiers allowed before range");
            }
            return new MatrixSelector(vs, durationMillis(range), range instanceof DurationExpr d ? d : null, close.end());
        }
        if (tok.type() != TokenType.COLON) {
            throw unexpected("subquery or range", "\":\" or \"]\"");
        }
        advance();
        Expr step = null;
        if (tok.type() != TokenType.RIGHT_BRACKET) {
            if (!startsDuration(tok.type())) {
                throw unexpected("subquery selector", "number or duration or \"]\"");
            }
            step = positiveDuration(durationExpr(0));
        }
        Token close = expect(TokenType.RIGHT_BRACKET, "subquery selector", "\"]\"");
        return new SubqueryExpr(e, durationMillis(range), range instanceof DurationExpr d ? d : null,
                step == null ? 0 : durationMillis(step), step instanceof DurationExpr d ? d : null,
                0, null, null, AtModifier.NONE, close.end());
    }

    /** Prometheus reports a bad regular expression as Go's parser does on the value as written. */
    private static String regexError(String regex, IllegalArgumentException e) {
        try {
            com.google.re2j.Pattern.compile(regex);
        } catch (com.google.re2j.PatternSyntaxException syntax) {
            return syntax.getMessage();
        }
        return e.getMessage();
    }

    private static boolean startsDuration(TokenType t) {
        return t == TokenType.NUMBER || t == TokenType.DURATION || t == TokenType.LEFT_PAREN || t == TokenType.ADD
                || t == TokenType.SUB;
    }

    private Expr positiveDuration(Expr d) {
        if (d instanceof NumberLiteral n && n.value() <= 0) {
            error(n.positionRange(), "duration must be greater than 0");
        }
        return d;
    }

    private static long durationMillis(Expr d) {
        return d instanceof NumberLiteral n ? Math.round(n.value() * 1000) : 0;
    }

    /** Duration arithmetic inside brackets; operators need {@code promql-duration-expr}. */
    private Expr durationExpr(int minPrecedence) {
        if (++depth > MAX_DEPTH) {
            error(tok.range(), "expression nested too deeply");
            throw new Abort();
        }
        try {
            return durationBinary(minPrecedence);
        } finally {
            depth--;
        }
    }

    private Expr durationBinary(int minPrecedence) {
        Expr lhs = durationUnary();
        while (true) {
            BinaryOp op = BinaryOp.of(tok.type());
            if (op == null || op.precedence() < minPrecedence || op.precedence() < 4 || op == BinaryOp.ATAN2) {
                return lhs;
            }
            Token opToken = advance();
            Expr rhs = durationExpr(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
            // after the right side, as Prometheus's bottom-up parser reports the innermost expression first
            experimentalDurationExpr(lhs);
            if ((op == BinaryOp.DIV || op == BinaryOp.MOD) && rhs instanceof NumberLiteral n && n.value() == 0) {
                error(opToken.range(), op == BinaryOp.DIV ? "division by zero" : "modulo by zero");
            }
            lhs = new DurationExpr(op, lhs, rhs, false, lhs.positionRange().merge(rhs.positionRange()));
        }
    }

    private Expr durationUnary() {
        if (tok.type() == TokenType.ADD || tok.type() == TokenType.SUB) {
            Token op = advance();
            Expr operand = durationExpr(BinaryOp.POW.precedence());
            return applyUnary(op, operand);
        }
        return durationPrimary();
    }

    private Expr applyUnary(Token op, Expr operand) {
        if (operand instanceof NumberLiteral n) {
            double v = op.type() == TokenType.SUB ? -n.value() : n.value();
            if (outOfRange(v)) {
                error(op.range(), "duration out of range");
                return new NumberLiteral(0, false, op.range());
            }
            return new NumberLiteral(v, n.duration(), new PositionRange(op.pos(), n.positionRange().end()));
        }
        if (op.type() == TokenType.SUB) {
            return new DurationExpr(BinaryOp.SUB, null, operand, false,
                    new PositionRange(op.pos(), operand.positionRange().end()));
        }
        return operand;
    }

    private Expr durationPrimary() {
        Token t = tok;
        switch (t.type()) {
            case NUMBER, DURATION -> {
                advance();
                double v = t.type() == TokenType.NUMBER ? number(t) : durationSeconds(t);
                if (outOfRange(v)) {
                    error(t.range(), "duration out of range");
                    v = 0;
                }
                return new NumberLiteral(v, t.type() == TokenType.DURATION, t.range());
            }
            case LEFT_PAREN -> {
                advance();
                Expr inner = durationExpr(0);
                expect(TokenType.RIGHT_PAREN, "", "");
                experimentalDurationExpr(inner);
                return inner instanceof DurationExpr d ? d.wrap() : inner;
            }
            default -> throw unexpected("", "");
        }
    }

    private static boolean outOfRange(double seconds) {
        return seconds > 9.223372036854775807e9 || seconds < -9.223372036854775808e9;
    }

    private void experimentalDurationExpr(Expr e) {
        if (!options.durationExpressions()) {
            error(e.positionRange(), "experimental duration expression is not enabled");
        }
    }

    private Expr offset(Expr e) {
        advance();
        Expr d;
        switch (tok.type()) {
            case NUMBER, DURATION, LEFT_PAREN -> d = durationPrimary();
            case ADD, SUB -> {
                Token op = advance();
                if (tok.type() != TokenType.NUMBER && tok.type() != TokenType.DURATION
                        && tok.type() != TokenType.LEFT_PAREN) {
                    throw unexpected("offset", OFFSET_EXPECTED);
                }
                d = applyUnary(op, durationPrimary());
            }
            default -> throw unexpected("offset", OFFSET_EXPECTED);
        }
        long millis = d instanceof NumberLiteral n ? Math.round(n.value() * 1000) : 0;
        DurationExpr de = d instanceof DurationExpr x ? x : null;
        switch (e) {
            case VectorSelector vs -> {
                if (vs.hasOffset()) {
                    error(e.positionRange(), "offset may not be set multiple times");
                    return e;
                }
                return vs.withOffset(millis, de, lastClosing);
            }
            case MatrixSelector ms -> {
                if (ms.selector().hasOffset()) {
                    error(e.positionRange(), "offset may not be set multiple times");
                    return e;
                }
                VectorSelector vs = ms.selector().withOffset(millis, de, ms.selector().positionRange().end());
                return new MatrixSelector(vs, ms.rangeMillis(), ms.rangeExpr(), lastClosing);
            }
            case SubqueryExpr sq -> {
                if (sq.offsetMillis() != 0 || sq.offsetExpr() != null) {
                    error(e.positionRange(), "offset may not be set multiple times");
                    return e;
                }
                return sq.withOffset(millis, de, lastClosing);
            }
            default -> {
                error(e.positionRange(),
                        "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
                return e;
            }
        }
    }

    private Expr at(Expr e) {
        advance();
        Long timestamp = null;
        AtModifier preprocessor = AtModifier.NONE;
        if (tok.type() == TokenType.START || tok.type() == TokenType.END) {
            preprocessor = advance().type() == TokenType.START ? AtModifier.START : AtModifier.END;
            expect(TokenType.LEFT_PAREN, "@", "timestamp");
            expect(TokenType.RIGHT_PAREN, "@", "timestamp");
        } else {
            boolean negative = false;
            if (tok.type() == TokenType.ADD || tok.type() == TokenType.SUB) {
                negative = advance().type() == TokenType.SUB;
            }
            if (tok.type() != TokenType.NUMBER && tok.type() != TokenType.DURATION) {
                throw unexpected("@", "timestamp");
            }
            Token t = advance();
            double ts = t.type() == TokenType.NUMBER ? number(t) : durationSeconds(t);
            if (negative) {
                ts = -ts;
            }
            if (Double.isNaN(ts) || Double.isInfinite(ts) || ts >= 9.223372036854775807e18 || ts <= -9.223372036854775808e18) {
                error(e.positionRange(), "timestamp out of bounds for @ modifier: " + goPercentF(ts));
            }
            timestamp = Math.round(ts * 1000);
        }
        boolean alreadySet;
        switch (e) {
            case VectorSelector vs -> alreadySet = vs.hasAt();
            case MatrixSelector ms -> alreadySet = ms.selector().hasAt();
            case SubqueryExpr sq -> alreadySet = sq.timestamp() != null || sq.at() != AtModifier.NONE;
            default -> {
                error(e.positionRange(),
                        "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
                return e;
            }
        }
        if (alreadySet) {
            error(e.positionRange(), "@ <timestamp> may not be set multiple times");
            return e;
        }
        return switch (e) {
            case VectorSelector vs -> vs.withAt(timestamp, preprocessor, lastClosing);
            case MatrixSelector ms -> new MatrixSelector(
                    ms.selector().withAt(timestamp, preprocessor, ms.selector().positionRange().end()),
                    ms.rangeMillis(), ms.rangeExpr(), lastClosing);
            case SubqueryExpr sq -> sq.withAt(timestamp, preprocessor, lastClosing);
            default -> e;
        };
    }

    private static String goPercentF(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return String.format(java.util.Locale.ROOT, "%f", v);
    }

    // ---- literals ----

    private double number(Token t) {
        String s = t.text();
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan")) {
            return Double.NaN;
        }
        try {
            return NumberSyntax.parse(s);
        } catch (NumberFormatException e) {
            error(t.range(), "error parsing number: " + e.getMessage());
            return 0;
        }
    }

    private double durationSeconds(Token t) {
        try {
            return ModelDuration.parseMillis(t.text()) / 1000.0;
        } catch (IllegalArgumentException e) {
            error(t.range(), e.getMessage());
            return 0;
        }
    }

    private String unquote(Token t) {
        try {
            return GoStrings.unquote(t.text());
        } catch (IllegalArgumentException e) {
            error(t.range(), "error unquoting string " + GoStrings.quote(t.text()) + ": " + e.getMessage());
            return "";
        }
    }
}
