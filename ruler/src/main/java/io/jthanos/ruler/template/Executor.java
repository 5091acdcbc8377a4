package io.jthanos.ruler.template;

import io.jthanos.ruler.template.Node.Arg;
import io.jthanos.ruler.template.Node.Branch;
import io.jthanos.ruler.template.Node.Cmd;
import io.jthanos.ruler.template.Node.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs a parsed template over data, after Go's {@code text/template/exec.go} with {@code missingkey=zero}. */
final class Executor {
    private static final Object MISSING = new Object();

    private final String name;
    private final Map<String, TemplateFunction> functions;
    private final List<String> varNames = new ArrayList<>();
    private final List<Object> varValues = new ArrayList<>();
    private int line;

    Executor(String name, Map<String, TemplateFunction> functions) {
        this.name = name;
        this.functions = functions;
    }

    String run(List<Node> nodes, Object data) throws TemplateException {
        varNames.add("$");
        varValues.add(data);
        StringBuilder out = new StringBuilder();
        walk(nodes, data, out);
        return out.toString();
    }

    private void walk(List<Node> nodes, Object dot, StringBuilder out) throws TemplateException {
        for (Node node : nodes) {
            switch (node) {
                case Node.Text t -> out.append(t.text());
                case Node.Action a -> {
                    line = a.line();
                    Object v = pipe(a.pipe(), dot);
                    if (a.pipe().decl().isEmpty()) {
                        out.append(GoValues.print(v));
                    }
                }
                case Branch b -> branch(b, dot, out);
            }
        }
    }

    private void branch(Branch b, Object dot, StringBuilder out) throws TemplateException {
        int mark = varNames.size();
        line = b.line();
        Object v;
        switch (b.kind()) {
            case IF, WITH -> {
                v = pipe(b.pipe(), dot);
                if (GoValues.truth(v)) {
                    walk(b.list(), b.kind() == Node.Kind.WITH ? v : dot, out);
                } else if (b.elseList() != null) {
                    walk(b.elseList(), dot, out);
                }
            }
            case RANGE -> {
                List<String> decl = b.pipe().decl();
                Pipe bare = new Pipe(b.pipe().line(), List.of(), false, b.pipe().cmds());
                v = pipe(bare, dot);
                List<Object[]> entries = new ArrayList<>();
                switch (v) {
                    case Map<?, ?> m -> new TreeMap<>(m).forEach((k, e) -> entries.add(new Object[] {k, e}));
                    case List<?> l -> {
                        for (int i = 0; i < l.size(); i++) {
                            entries.add(new Object[] {(long) i, l.get(i)});
                        }
                    }
                    case Long n -> {
                        for (long i = 0; i < n; i++) {
                            entries.add(new Object[] {i, i});
                        }
                    }
                    case null -> {
                    }
                    default -> throw exec("range can't iterate over " + GoValues.print(v));
                }
                for (Object[] e : entries) {
                    int inner = varNames.size();
                    if (decl.size() == 1) {
                        push(decl.getFirst(), e[1]);
                    } else if (decl.size() == 2) {
                        push(decl.get(0), e[0]);
                        push(decl.get(1), e[1]);
                    }
                    walk(b.list(), e[1], out);
                    pop(inner);
                }
                if (entries.isEmpty() && b.elseList() != null) {
                    walk(b.elseList(), dot, out);
                }
            }
        }
        pop(mark);
    }

    private Object pipe(Pipe pipe, Object dot) throws TemplateException {
        Object value = MISSING;
        for (Cmd cmd : pipe.cmds()) {
            value = command(cmd, dot, value);
        }
        for (String var : pipe.decl()) {
            if (pipe.assign()) {
                varValues.set(varNames.lastIndexOf(var), value);
            } else {
                push(var, value);
            }
        }
        return value;
    }

    private Object command(Cmd cmd, Object dot, Object piped) throws TemplateException {
        Arg first = cmd.args().getFirst();
        if (first instanceof Node.Function f) {
            List<Object> args = new ArrayList<>();
            for (Arg a : cmd.args().subList(1, cmd.args().size())) {
                args.add(arg(a, dot));
            }
            if (piped != MISSING) {
                args.add(piped);
            }
            return call(f.name(), args);
        }
        if (cmd.args().size() > 1 || piped != MISSING) {
            throw exec("can't give argument to non-function " + describe(first));
        }
        return arg(first, dot);
    }

    private Object arg(Arg a, Object dot) throws TemplateException {
        return switch (a) {
            case Node.Dot d -> dot;
            case Node.Field f -> fields(dot, f.names());
            case Node.Variable v -> fields(varValues.get(varNames.lastIndexOf(v.name())), v.fields());
            case Node.Function f -> call(f.name(), List.of());
            case Node.Literal l -> l.value();
            case Node.Parenthesized p -> fields(pipe(p.pipe(), dot), p.fields());
        };
    }

    private Object fields(Object v, List<String> names) throws TemplateException {
        for (String n : names) {
            v = switch (v) {
                case Map<?, ?> m -> m.containsKey(n) ? m.get(n) : "";
                case GoStruct s -> {
                    if (!s.fields().containsKey(n)) {
                        throw exec("can't evaluate field " + n + " in type " + s.typeName());
                    }
                    yield s.fields().get(n);
                }
                case null -> throw exec("nil pointer evaluating interface {}." + n);
                default -> throw exec("can't evaluate field " + n + " in type " + GoValues.typeName(v));
            };
        }
        return v;
    }

    private Object call(String fn, List<Object> args) throws TemplateException {
        try {
            return functions.get(fn).call(args);
        } catch (TemplateException e) {
            throw e;
        } catch (Exception e) {
            throw exec("error calling " + fn + ": " + e.getMessage());
        }
    }

    private void push(String var, Object value) {
        varNames.add(var);
        varValues.add(value);
    }

    private void pop(int mark) {
        while (varNames.size() > mark) {
            varNames.removeLast();
            varValues.removeLast();
        }
    }

    private static String describe(Arg a) {
        return switch (a) {
            case Node.Literal l -> GoValues.print(l.value());
            case Node.Variable v -> v.name();
            case Node.Field f -> "." + String.join(".", f.names());
            default -> a.toString();
        };
    }

    private TemplateException exec(String message) {
        return new TemplateException("template: " + name + ":" + line + ": executing \"" + name + "\": " + message);
    }
}
