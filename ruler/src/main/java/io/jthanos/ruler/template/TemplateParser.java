package io.jthanos.ruler.template;

import io.jthanos.ruler.template.Node.Arg;
import io.jthanos.ruler.template.Node.Branch;
import io.jthanos.ruler.template.Node.Cmd;
import io.jthanos.ruler.template.Node.Kind;
import io.jthanos.ruler.template.Node.Pipe;
import io.jthanos.ruler.template.TemplateLexer.ActionItem;
import io.jthanos.ruler.template.TemplateLexer.Item;
import io.jthanos.ruler.template.TemplateLexer.TextItem;
import io.jthanos.ruler.template.TemplateLexer.Token;
import io.jthanos.ruler.template.TemplateLexer.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the node tree from the lexer's items, after Go's {@code text/template/parse/parse.go}:
 * checks that functions exist and variables are declared, with Go's messages.
 */
final class TemplateParser {
    private final TemplateLexer lexer;
    private final Set<String> functions;
    private final List<Item> items;
    private final List<String> variables = new ArrayList<>(List.of("$"));
    private int next;

    /** What ended a list of nodes. */
    private record End(String keyword, ActionItem item) {
    }

    private TemplateParser(TemplateLexer lexer, List<Item> items, Set<String> functions) {
        this.lexer = lexer;
        this.items = items;
        this.functions = functions;
    }

    static List<Node> parse(String name, String text, Set<String> functions) throws TemplateException {
        TemplateLexer lexer = new TemplateLexer(name, text);
        TemplateParser parser = new TemplateParser(lexer, lexer.lex(), functions);
        List<Node> nodes = new ArrayList<>();
        End end = parser.list(nodes);
        if (end != null) {
            throw lexer.error(end.item.line(), "unexpected {{" + end.keyword + "}}");
        }
        return nodes;
    }

    /** Parses nodes into {@code out} until EOF (returns null) or an {@code else}/{@code end}. */
    private End list(List<Node> out) throws TemplateException {
        while (next < items.size()) {
            Item item = items.get(next++);
            if (item instanceof TextItem t) {
                out.add(new Node.Text(t.text()));
                continue;
            }
            ActionItem a = (ActionItem) item;
            List<Token> tokens = a.tokens();
            if (!tokens.isEmpty() && tokens.getFirst().type() == Type.KEYWORD) {
                String keyword = tokens.getFirst().text();
                switch (keyword) {
                    case "end", "else" -> {
                        return new End(keyword, a);
                    }
                    case "if" -> out.add(branch(Kind.IF, a, 1));
                    case "with" -> out.add(branch(Kind.WITH, a, 1));
                    case "range" -> out.add(branch(Kind.RANGE, a, 1));
                    default -> throw lexer.error(a.line(), "{{" + keyword + "}} is not supported");
                }
                continue;
            }
            out.add(new Node.Action(a.line(), pipe(a, tokens, 0, "command", true)));
        }
        return null;
    }

    private Branch branch(Kind kind, ActionItem a, int from) throws TemplateException {
        int mark = variables.size();
        String context = kind.name().toLowerCase(java.util.Locale.ROOT);
        Pipe pipe = pipe(a, a.tokens(), from, context, true);
        int bodyMark = variables.size();
        List<Node> body = new ArrayList<>();
        End end = list(body);
        List<Node> elseBody = null;
        if (end == null) {
            throw lexer.error(a.line(), "unexpected EOF");
        }
        if (end.keyword.equals("else")) {
            truncate(bodyMark);
            elseBody = new ArrayList<>();
            List<Token> t = end.item.tokens();
            if (t.size() > 1 && t.get(1).type() == Type.KEYWORD && (t.get(1).text().equals("if") || t.get(1).text().equals("with"))) {
                // {{else if …}} is {{else}}{{if …}}…{{end}} sharing the outer end.
                elseBody.add(branch(t.get(1).text().equals("if") ? Kind.IF : Kind.WITH, end.item, 2));
            } else {
                if (t.size() > 1) {
                    throw lexer.error(end.item.line(), "unexpected " + describe(t.get(1)) + " in else");
                }
                End last = list(elseBody);
                if (last == null) {
                    throw lexer.error(a.line(), "unexpected EOF");
                }
                if (!last.keyword.equals("end")) {
                    throw lexer.error(last.item.line(), "expected end; found {{else}}");
                }
            }
        }
        truncate(mark);
        return new Branch(kind, a.line(), pipe, body, elseBody);
    }

    private void truncate(int mark) {
        while (variables.size() > mark) {
            variables.removeLast();
        }
    }

    private Pipe pipe(ActionItem a, List<Token> tokens, int from, String context, boolean allowDecl) throws TemplateException {
        int i = from;
        List<String> decl = new ArrayList<>();
        boolean assign = false;
        if (allowDecl) {
            int j = i;
            List<String> names = new ArrayList<>();
            while (j < tokens.size() && tokens.get(j).type() == Type.VARIABLE) {
                names.add(tokens.get(j).text());
                j++;
                if (j < tokens.size() && tokens.get(j).type() == Type.COMMA && context.equals("range") && names.size() == 1) {
                    j++;
                    continue;
                }
                break;
            }
            if (!names.isEmpty() && j < tokens.size() && (tokens.get(j).type() == Type.DECLARE || tokens.get(j).type() == Type.ASSIGN)) {
                assign = tokens.get(j).type() == Type.ASSIGN;
                if (assign) {
                    for (String n : names) {
                        requireVariable(a, n);
                    }
                }
                decl.addAll(names);
                i = j + 1;
            }
        }
        int[] cursor = {i};
        Pipe pipe = commands(a, tokens, cursor, decl, assign, context);
        if (cursor[0] < tokens.size()) {
            throw lexer.error(a.line(), "unexpected " + describe(tokens.get(cursor[0])) + " in " + context);
        }
        if (!assign) {
            variables.addAll(decl);
        }
        return pipe;
    }

    private Pipe commands(ActionItem a, List<Token> tokens, int[] cursor, List<String> decl, boolean assign, String context)
            throws TemplateException {
        List<Cmd> cmds = new ArrayList<>();
        List<Arg> args = new ArrayList<>();
        while (cursor[0] < tokens.size()) {
            Token t = tokens.get(cursor[0]);
            if (t.type() == Type.RIGHT_PAREN) {
                break;
            }
            if (t.type() == Type.PIPE) {
                if (args.isEmpty()) {
                    throw lexer.error(a.line(), "missing value for command");
                }
                cmds.add(new Cmd(List.copyOf(args)));
                args.clear();
                cursor[0]++;
                continue;
            }
            args.add(operand(a, tokens, cursor));
        }
        if (args.isEmpty()) {
            throw lexer.error(a.line(), "missing value for " + context);
        }
        cmds.add(new Cmd(List.copyOf(args)));
        for (int k = 1; k < cmds.size(); k++) {
            Arg first = cmds.get(k).args().getFirst();
            if (first instanceof Node.Literal) {
                throw lexer.error(a.line(), "non executable command in pipeline stage " + (k + 1));
            }
        }
        return new Pipe(a.line(), List.copyOf(decl), assign, cmds);
    }

    private Arg operand(ActionItem a, List<Token> tokens, int[] cursor) throws TemplateException {
        Token t = tokens.get(cursor[0]++);
        Arg arg = switch (t.type()) {
            case DOT -> new Node.Dot();
            case FIELD -> new Node.Field(fields(tokens, cursor, List.of(t.text())));
            case VARIABLE -> {
                requireVariable(a, t.text());
                yield new Node.Variable(t.text(), fields(tokens, cursor, List.of()));
            }
            case IDENTIFIER -> {
                if (!functions.contains(t.text())) {
                    throw lexer.error(a.line(), "function \"" + t.text() + "\" not defined");
                }
                yield new Node.Function(t.text());
            }
            case STRING, NUMBER, BOOL -> new Node.Literal(t.value());
            case NIL -> new Node.Literal(null);
            case LEFT_PAREN -> {
                Pipe inner = commands(a, tokens, cursor, List.of(), false, "parenthesized pipeline");
                if (cursor[0] >= tokens.size() || tokens.get(cursor[0]).type() != Type.RIGHT_PAREN) {
                    throw lexer.error(a.line(), "unclosed left paren");
                }
                cursor[0]++;
                yield new Node.Parenthesized(inner, fields(tokens, cursor, List.of()));
            }
            default -> throw lexer.error(a.line(), "unexpected " + describe(t) + " in operand");
        };
        return arg;
    }

    private static List<String> fields(List<Token> tokens, int[] cursor, List<String> first) {
        List<String> out = new ArrayList<>(first);
        while (cursor[0] < tokens.size() && tokens.get(cursor[0]).type() == Type.FIELD && !tokens.get(cursor[0]).spaceBefore()) {
            out.add(tokens.get(cursor[0]++).text());
        }
        return List.copyOf(out);
    }

    private void requireVariable(ActionItem a, String name) throws TemplateException {
        if (!variables.contains(name)) {
            throw lexer.error(a.line(), "undefined variable \"" + name + "\"");
        }
    }

    private static String describe(Token t) {
        return switch (t.type()) {
            case STRING -> "quoted string";
            case RIGHT_PAREN -> "right paren";
            case LEFT_PAREN -> "left paren";
            case KEYWORD -> "<" + t.text() + ">";
            default -> "\"" + (t.text() == null ? String.valueOf(t.value()) : t.text()) + "\"";
        };
    }
}
