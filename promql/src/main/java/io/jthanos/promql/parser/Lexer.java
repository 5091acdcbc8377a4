package io.jthanos.promql.parser;

/**
 * Hand-written PromQL lexer, pulled one token at a time by the {@link Parser}. It tracks
 * parenthesis depth and whether a brace or bracket is open, because those change what a
 * character means (identifiers inside braces are never keywords; {@code :} separates a subquery's
 * range from its step only inside brackets). Lexical rules and messages follow Prometheus's
 * {@code promql/parser/lex.go}.
 */
final class Lexer {

    /** A lexical error: the message and the offset of the token being lexed. */
    static final class LexException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int pos;

        LexException(String message, int pos) {
            super(message, null, false, false);
            this.pos = pos;
        }
    }

    private final String input;
    private int pos;
    private int start;
    private int parenDepth;
    private boolean braceOpen;
    private boolean bracketOpen;
    private int scannedTo;
    private boolean gotColon;
    /** Whether a duration was lexed inside brackets; as in Prometheus, it is never reset. */
    private boolean gotDuration;
    /** Whether the lexer is in Prometheus's duration-expression state ({@link #durationExpression}). */
    private boolean durationExpr;

    Lexer(String input) {
        this.input = input;
    }

    String input() {
        return input;
    }

    /** Returns the next token, skipping whitespace and comments; EOF repeats once reached. */
    Token next() {
        if (braceOpen) {
            return insideBraces();
        }
        return durationExpr ? durationExpression() : statements();
    }

    /**
     * Right after {@code [}, and after an operator or parenthesis lexed here, Prometheus 3.5 lexes a duration
     * expression ({@code lexDurationExpr}); a number or duration returns to the statement state with the
     * bracket still open, as there, which lexes the rest of the range or subquery.
     */
    private Token durationExpression() {
        while (pos < input.length() && isSpace(input.charAt(pos))) {
            pos++;
        }
        start = pos;
        if (pos >= input.length()) {
            throw error("unexpected end of input in duration expression");
        }
        char c = input.charAt(pos++);
        switch (c) {
            case ']':
                bracketOpen = false;
                durationExpr = false;
                gotColon = false;
                return emit(TokenType.RIGHT_BRACKET);
            case ':': {
                Token colon = emit(TokenType.COLON);
                start = pos; // Prometheus reports these after the colon it emitted
                if (!gotDuration) {
                    throw error("unexpected colon before duration in duration expression");
                }
                if (gotColon) {
                    throw error("unexpected repeated colon in duration expression");
                }
                gotColon = true;
                return colon;
            }
            case '(':
                parenDepth++;
                return emit(TokenType.LEFT_PAREN);
            case ')':
                if (parenDepth == 0) {
                    start = pos;
                    throw error("unexpected right parenthesis " + GoStrings.quoteRune(')'));
                }
                parenDepth--;
                return emit(TokenType.RIGHT_PAREN);
            default:
                break;
        }
        TokenType operator = arithmeticOperator(c);
        if (operator != null) {
            return emit(operator);
        }
        if (isDigit(c) || (c == '.' && isDigit(peek()))) {
            pos--;
            gotDuration = true;
            durationExpr = false;
            return numberOrDuration();
        }
        pos--;
        throw error("unexpected character in duration expression: " + GoStrings.quoteRune(input.codePointAt(pos)));
    }

    private Token statements() {
        skipSpaceAndComments();
        start = pos;
        if (pos >= input.length()) {
            if (parenDepth != 0) {
                throw error("unclosed left parenthesis");
            }
            if (bracketOpen) {
                throw error("unclosed left bracket");
            }
            return emit(TokenType.EOF);
        }
        char c = input.charAt(pos++);
        TokenType operator = arithmeticOperator(c);
        if (operator != null) {
            return emit(operator);
        }
        switch (c) {
            case ',':
                return emit(TokenType.COMMA);
            case '@':
                return emit(TokenType.AT);
            case '=': {
                int t = peek();
                if (t == '=') {
                    pos++;
                    return emit(TokenType.EQLC);
                }
                if (t == '~') {
                    throw error("unexpected character after '=': " + GoStrings.quoteRune('~'));
                }
                return emit(TokenType.EQL);
            }
            case '!': {
                int t = nextRune();
                if (t == '=') {
                    return emit(TokenType.NEQ);
                }
                throw error("unexpected character after '!': " + runeDesc(t));
            }
            case '<':
                if (peek() == '=') {
                    pos++;
                    return emit(TokenType.LTE);
                }
                return emit(TokenType.LSS);
            case '>':
                if (peek() == '=') {
                    pos++;
                    return emit(TokenType.GTE);
                }
                return emit(TokenType.GTR);
            case '"', '\'':
                return string(c);
            case '`':
                return rawString();
            case '(':
                parenDepth++;
                return emit(TokenType.LEFT_PAREN);
            case ')':
                if (parenDepth == 0) {
                    start = pos; // Prometheus reports it after the parenthesis it emitted
                    throw error("unexpected right parenthesis " + GoStrings.quoteRune(')'));
                }
                parenDepth--;
                return emit(TokenType.RIGHT_PAREN);
            case '{':
                braceOpen = true;
                return emit(TokenType.LEFT_BRACE);
            case '[':
                if (bracketOpen) {
                    throw error("unexpected left bracket " + GoStrings.quoteRune('['));
                }
                gotColon = false;
                bracketOpen = true;
                durationExpr = true;
                Token open = emit(TokenType.LEFT_BRACKET);
                while (pos < input.length() && isSpace(input.charAt(pos))) {
                    pos++;
                }
                return open;
            case ']':
                if (!bracketOpen) {
                    throw error("unexpected right bracket " + GoStrings.quoteRune(']'));
                }
                bracketOpen = false;
                return emit(TokenType.RIGHT_BRACKET);
            default:
                break;
        }
        if (isDigit(c) || (c == '.' && isDigit(peek()))) {
            pos--;
            return numberOrDuration();
        }
        if (isAlpha(c) || c == ':') {
            if (bracketOpen) {
                // as in Prometheus: inside brackets, past a duration, a colon or a letter is the subquery's colon
                if (gotColon) {
                    pos--;
                    throw error("unexpected colon " + GoStrings.quoteRune(c));
                }
                gotColon = true;
                return emit(TokenType.COLON);
            }
            pos--;
            return identifierOrKeyword();
        }
        pos--;
        int r = input.codePointAt(pos);
        throw error("unexpected character: " + GoStrings.quoteRune(r));
    }

    private Token insideBraces() {
        skipSpaceAndComments();
        start = pos;
        if (pos >= input.length()) {
            throw error("unexpected end of input inside braces");
        }
        char c = input.charAt(pos++);
        if (isAlpha(c)) {
            while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
                pos++;
            }
            return emit(TokenType.IDENTIFIER);
        }
        switch (c) {
            case ',':
                return emit(TokenType.COMMA);
            case '"', '\'':
                return string(c);
            case '`':
                return rawString();
            case '=':
                if (peek() == '~') {
                    pos++;
                    return emit(TokenType.EQL_REGEX);
                }
                return emit(TokenType.EQL);
            case '!': {
                int t = nextRune();
                if (t == '~') {
                    return emit(TokenType.NEQ_REGEX);
                }
                if (t == '=') {
                    return emit(TokenType.NEQ);
                }
                throw error("unexpected character after '!' inside braces: " + runeDesc(t));
            }
            case '{':
                throw error("unexpected left brace " + GoStrings.quoteRune('{'));
            case '}':
                braceOpen = false;
                return emit(TokenType.RIGHT_BRACE);
            default:
                pos--;
                throw error("unexpected character inside braces: " + GoStrings.quoteRune(input.codePointAt(pos)));
        }
    }

    /** The token of {@code + - * / % ^}, or null. */
    private static TokenType arithmeticOperator(char c) {
        return switch (c) {
            case '+' -> TokenType.ADD;
            case '-' -> TokenType.SUB;
            case '*' -> TokenType.MUL;
            case '/' -> TokenType.DIV;
            case '%' -> TokenType.MOD;
            case '^' -> TokenType.POW;
            default -> null;
        };
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private void skipSpaceAndComments() {
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (isSpace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < input.length() && input.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Token string(char quote) {
        while (true) {
            if (pos >= input.length()) {
                throw error("unterminated quoted string");
            }
            char c = input.charAt(pos++);
            if (c == '\\') {
                escape(quote);
            } else if (c == '\n') {
                throw error("unterminated quoted string");
            } else if (c == quote) {
                return emit(TokenType.STRING);
            }
        }
    }

    private void escape(char quote) {
        if (pos >= input.length()) {
            throw error("escape sequence not terminated");
        }
        int c = input.codePointAt(pos);
        pos += Character.charCount(c);
        int n;
        int base;
        int max;
        switch (c) {
            case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\':
                return;
            case '0', '1', '2', '3', '4', '5', '6', '7':
                n = 3;
                base = 8;
                max = 255;
                pos--;
                break;
            case 'x':
                n = 2;
                base = 16;
                max = 255;
                break;
            case 'u':
                n = 4;
                base = 16;
                max = Character.MAX_CODE_POINT;
                break;
            case 'U':
                n = 8;
                base = 16;
                max = Character.MAX_CODE_POINT;
                break;
            default:
                if (c == quote) {
                    return;
                }
                throw error("unknown escape sequence " + GoStrings.unicodeName(c));
        }
        long x = 0;
        for (; n > 0; n--) {
            if (pos >= input.length()) {
                throw error("escape sequence not terminated");
            }
            int d = input.codePointAt(pos);
            int digit = Character.digit(d, base);
            if (d > 127 || digit < 0) {
                throw error("illegal character " + GoStrings.unicodeName(d) + " in escape sequence");
            }
            pos++;
            x = x * base + digit;
        }
        if (x > max || (base == 16 && max > 255 && x >= 0xD800 && x < 0xE000)) {
            throw error("escape sequence is an invalid Unicode code point");
        }
    }

    private Token rawString() {
        while (true) {
            if (pos >= input.length()) {
                throw error("unterminated raw string");
            }
            if (input.charAt(pos++) == '`') {
                return emit(TokenType.STRING);
            }
        }
    }

    private Token numberOrDuration() {
        if (scanNumber()) {
            if (pos < input.length() && (input.charAt(pos) == '.' || input.charAt(pos) == '_')) {
                pos++;
                throw error("bad number or duration syntax: " + GoStrings.quote(input.substring(start, pos)));
            }
            return emit(TokenType.NUMBER);
        }
        int numberEnd = scannedTo;
        if (scanDuration()) {
            return emit(TokenType.DURATION);
        }
        int end = Math.min(Math.max(pos, numberEnd), input.length());
        throw error("bad number or duration syntax: " + GoStrings.quote(input.substring(start, end)));
    }

    /** Scans a number; on failure restores the position and returns false. */
    private boolean scanNumber() {
        int initial = pos;
        String digits = "0123456789_";
        if (pos + 1 < input.length() && input.charAt(pos) == '0' && (input.charAt(pos + 1) == 'x' || input.charAt(pos + 1) == 'X')) {
            pos += 2;
            digits = "0123456789abcdefABCDEF_";
        }
        boolean hex = digits.length() > 11;
        while (pos < input.length() && digits.indexOf(input.charAt(pos)) >= 0) {
            pos++;
        }
        if (!hex && pos < input.length() && input.charAt(pos) == '.') {
            pos++;
            while (pos < input.length() && digits.indexOf(input.charAt(pos)) >= 0) {
                pos++;
            }
        }
        boolean bareExponent = false;
        if (!hex && pos < input.length() && (input.charAt(pos) == 'e' || input.charAt(pos) == 'E')) {
            pos++;
            if (pos < input.length() && (input.charAt(pos) == '+' || input.charAt(pos) == '-')) {
                pos++;
            }
            int digitsStart = pos;
            while (pos < input.length() && digits.indexOf(input.charAt(pos)) >= 0) {
                pos++;
            }
            bareExponent = pos == digitsStart;
        }
        scannedTo = pos;
        // As Prometheus 3.5: an exponent without digits fails at the end of input (else the parser
        // reports the malformed number), and a failed scan is reported up to where it stopped.
        if ((pos < input.length() && isAlphaNumeric(input.charAt(pos))) || (bareExponent && pos == input.length())) {
            pos = initial;
            return false;
        }
        return true;
    }

    private boolean scanDuration() {
        if (!acceptDigits()) {
            return false;
        }
        if (!acceptOne("smhdwy")) {
            return false;
        }
        acceptOne("s");
        while (acceptDigits()) {
            if (!acceptOne("smhdw")) {
                return false;
            }
            acceptOne("s");
        }
        if (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
            pos++;
            return false;
        }
        return true;
    }

    private boolean acceptDigits() {
        int s = pos;
        while (pos < input.length() && isDigit(input.charAt(pos))) {
            pos++;
        }
        return pos > s;
    }

    private boolean acceptOne(String chars) {
        if (pos < input.length() && chars.indexOf(input.charAt(pos)) >= 0) {
            pos++;
            return true;
        }
        return false;
    }

    private Token identifierOrKeyword() {
        while (pos < input.length() && (isAlphaNumeric(input.charAt(pos)) || input.charAt(pos) == ':')) {
            pos++;
        }
        String word = input.substring(start, pos);
        TokenType kw = TokenType.keyword(word.toLowerCase(java.util.Locale.ROOT));
        if (kw != null) {
            return emit(kw);
        }
        return emit(word.indexOf(':') >= 0 ? TokenType.METRIC_IDENTIFIER : TokenType.IDENTIFIER);
    }

    private Token emit(TokenType type) {
        Token t = new Token(type, input.substring(start, pos), start);
        start = pos;
        return t;
    }

    private int peek() {
        return pos < input.length() ? input.charAt(pos) : -1;
    }

    private int nextRune() {
        if (pos >= input.length()) {
            return -1;
        }
        int r = input.codePointAt(pos);
        pos += Character.charCount(r);
        return r;
    }

    private static String runeDesc(int r) {
        return r < 0 ? "'\\x00'" : GoStrings.quoteRune(r);
    }

    private LexException error(String message) {
        return new LexException(message, start);
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlpha(int c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAlphaNumeric(int c) {
        return isAlpha(c) || isDigit(c);
    }
}
