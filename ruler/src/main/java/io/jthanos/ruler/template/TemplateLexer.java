package io.jthanos.ruler.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into text and actions and tokenizes each action, after Go's
 * {@code text/template/parse/lex.go}: {@code {{- } and { -}}} trim the adjacent white space,
 * {@code {{/* … *}{@code /}}} is a comment, strings may be quoted or raw.
 */
final class TemplateLexer {

    /** Token kinds inside an action. */
    enum Type { DOT, FIELD, VARIABLE, IDENTIFIER, KEYWORD, STRING, NUMBER, BOOL, NIL, LEFT_PAREN, RIGHT_PAREN, PIPE, DECLARE, ASSIGN, COMMA }

    /** One token; {@code spaceBefore} tells chained fields ({@code $x.a}) from separate operands ({@code $x .a}). */
    record Token(Type type, String text, Object value, boolean spaceBefore) {
    }

    /** Literal text or one action's tokens. */
    sealed interface Item {
    }

    record TextItem(String text) implements Item {
    }

    record ActionItem(int line, List<Token> tokens) implements Item {
    }

    private final String name;
    private final String input;
    private int pos;

    TemplateLexer(String name, String input) {
        this.name = name;
        this.input = input;
    }

    List<Item> lex() throws TemplateException {
        List<Item> items = new ArrayList<>();
        boolean trimNext = false;
        while (pos < input.length()) {
            int open = input.indexOf("{{", pos);
            String text = input.substring(pos, open < 0 ? input.length() : open);
            if (trimNext) {
                text = text.stripLeading();
            }
            boolean trimBefore = open >= 0 && input.startsWith("{{-", open) && open + 3 < input.length()
                    && isSpace(input.charAt(open + 3));
            if (trimBefore) {
                text = text.stripTrailing();
            }
            if (!text.isEmpty()) {
                items.add(new TextItem(text));
            }
            if (open < 0) {
                break;
            }
            int line = line(open);
            pos = open + (trimBefore ? 3 : 2);
            List<Token> tokens = new ArrayList<>();
            trimNext = action(tokens, line);
            if (!isComment) {
                items.add(new ActionItem(line, tokens));
            }
            isComment = false;
        }
        return items;
    }

    private boolean isComment;

    /** Lexes one action up to and including its closing delimiter; returns whether it ended with {@code -}}}. */
    private boolean action(List<Token> tokens, int line) throws TemplateException {
        int afterSpace = skipSpace();
        if (input.startsWith("/*", pos)) {
            int end = input.indexOf("*/", pos + 2);
            if (end < 0) {
                throw error(line, "unclosed comment");
            }
            pos = end + 2;
            isComment = true;
            skipSpace();
            if (input.startsWith("-}}", pos)) {
                pos += 3;
                return true;
            }
            if (input.startsWith("}}", pos)) {
                pos += 2;
                return false;
            }
            throw error(line, "comment ends before closing delimiter");
        }
        boolean space = afterSpace > 0;
        while (true) {
            if (pos >= input.length()) {
                throw error(line, "unclosed action");
            }
            if (space && input.startsWith("-}}", pos)) {
                pos += 3;
                return true;
            }
            if (input.startsWith("}}", pos)) {
                pos += 2;
                return false;
            }
            char c = input.charAt(pos);
            int start = pos;
            switch (c) {
                case '"' -> tokens.add(new Token(Type.STRING, null, quoted(line), space));
                case '`' -> {
                    int end = input.indexOf('`', pos + 1);
                    if (end < 0) {
                        throw error(line, "unterminated raw quoted string");
                    }
                    tokens.add(new Token(Type.STRING, null, input.substring(pos + 1, end), space));
                    pos = end + 1;
                }
                case '(' -> punct(tokens, Type.LEFT_PAREN, space);
                case ')' -> punct(tokens, Type.RIGHT_PAREN, space);
                case '|' -> punct(tokens, Type.PIPE, space);
                case ',' -> punct(tokens, Type.COMMA, space);
                case '=' -> punct(tokens, Type.ASSIGN, space);
                case ':' -> {
                    if (!input.startsWith(":=", pos)) {
                        throw error(line, "expected :=");
                    }
                    pos += 2;
                    tokens.add(new Token(Type.DECLARE, ":=", null, space));
                }
                case '$' -> {
                    pos++;
                    tokens.add(new Token(Type.VARIABLE, "$" + word(), null, space));
                }
                case '.' -> {
                    if (pos + 1 < input.length() && Character.isDigit(input.charAt(pos + 1))) {
                        tokens.add(number(line, space));
                    } else {
                        pos++;
                        String field = word();
                        tokens.add(field.isEmpty() ? new Token(Type.DOT, ".", null, space)
                                : new Token(Type.FIELD, field, null, space));
                    }
                }
                default -> {
                    if (Character.isDigit(c) || ((c == '-' || c == '+') && pos + 1 < input.length()
                            && (Character.isDigit(input.charAt(pos + 1)) || input.charAt(pos + 1) == '.'))) {
                        tokens.add(number(line, space));
                    } else if (Character.isLetter(c) || c == '_') {
                        String w = word();
                        tokens.add(switch (w) {
                            case "true", "false" -> new Token(Type.BOOL, w, Boolean.valueOf(w), space);
                            case "nil" -> new Token(Type.NIL, w, null, space);
                            case "if", "else", "end", "range", "with", "define", "template", "block", "break",
                                    "continue" -> new Token(Type.KEYWORD, w, null, space);
                            default -> new Token(Type.IDENTIFIER, w, null, space);
                        });
                    } else {
                        throw error(line, String.format("unrecognized character in action: U+%04X '%c'", (int) c, c));
                    }
                }
            }
            space = skipSpace() > 0 || pos == start;
        }
    }

    private void punct(List<Token> tokens, Type type, boolean space) {
        tokens.add(new Token(type, String.valueOf(input.charAt(pos)), null, space));
        pos++;
    }

    private String word() {
        int start = pos;
        while (pos < input.length() && (Character.isLetterOrDigit(input.charAt(pos)) || input.charAt(pos) == '_')) {
            pos++;
        }
        return input.substring(start, pos);
    }

    private Token number(int line, boolean space) throws TemplateException {
        int start = pos;
        if (input.charAt(pos) == '+' || input.charAt(pos) == '-') {
            pos++;
        }
        while (pos < input.length()) {
            char c = input.charAt(pos);
            boolean exponentSign = (c == '+' || c == '-') && "eEpP".indexOf(input.charAt(pos - 1)) >= 0;
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || exponentSign) {
                pos++;
            } else {
                break;
            }
        }
        String text = input.substring(start, pos).replace("_", "");
        try {
            if (text.matches("[+-]?\\d+")) {
                return new Token(Type.NUMBER, text, Long.parseLong(text), space);
            }
            if (text.matches("[+-]?0[xX][0-9a-fA-F]+")) {
                boolean neg = text.startsWith("-");
                long v = Long.parseLong(text.replaceFirst("^[+-]?0[xX]", ""), 16);
                return new Token(Type.NUMBER, text, neg ? -v : v, space);
            }
            return new Token(Type.NUMBER, text, Double.parseDouble(text), space);
        } catch (NumberFormatException e) {
            throw error(line, "bad number syntax: \"" + text + "\"");
        }
    }

    private String quoted(int line) throws TemplateException {
        StringBuilder out = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n') {
                throw error(line, "unterminated quoted string");
            }
            char c = input.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= input.length()) {
                throw error(line, "unterminated quoted string");
            }
            char e = input.charAt(pos++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '\\', '"', '\'' -> out.append(e);
                case 'u' -> {
                    out.append((char) Integer.parseInt(input.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> throw error(line, "invalid syntax");
            }
        }
    }

    private int skipSpace() {
        int start = pos;
        while (pos < input.length() && isSpace(input.charAt(pos))) {
            pos++;
        }
        return pos - start;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private int line(int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (input.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    TemplateException error(int line, String message) {
        return new TemplateException("template: " + name + ":" + line + ": " + message);
    }
}
