package io.jthanos.ruler.template;

import java.util.List;

/** The parsed form of a template, after Go's {@code text/template/parse} nodes. */
sealed interface Node {

    /** Literal text. */
    record Text(String text) implements Node {
    }

    /** {@code {{pipeline}}}: prints the pipeline's value unless it declares variables. */
    record Action(int line, Pipe pipe) implements Node {
    }

    /** {@code if}, {@code with} and {@code range}, each with an optional else branch. */
    record Branch(Kind kind, int line, Pipe pipe, List<Node> list, List<Node> elseList) implements Node {
    }

    /** The control structures. */
    enum Kind { IF, WITH, RANGE }

    /** {@code $x := cmd | cmd}; {@code assign} for {@code =}. */
    record Pipe(int line, List<String> decl, boolean assign, List<Cmd> cmds) {
    }

    /** One command: a function with arguments or a single operand. */
    record Cmd(List<Arg> args) {
    }

    /** An operand. */
    sealed interface Arg {
    }

    /** {@code .} */
    record Dot() implements Arg {
    }

    /** {@code .a.b} */
    record Field(List<String> names) implements Arg {
    }

    /** {@code $x.a.b}; {@code $} is the data passed to execute. */
    record Variable(String name, List<String> fields) implements Arg {
    }

    /** A function name. */
    record Function(String name) implements Arg {
    }

    /** A string, number, boolean or nil constant. */
    record Literal(Object value) implements Arg {
    }

    /** {@code (pipeline).a.b} */
    record Parenthesized(Pipe pipe, List<String> fields) implements Arg {
    }
}
